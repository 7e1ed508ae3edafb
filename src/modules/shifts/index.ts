// The shifts module's front door: what other modules (and the composition root) may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './band-minutes.columns.js';
export * from './recheck.js';
export * from './shift-releases.js';
export * from './shift-repeat.js';
export * from './shift-timing.js';
export * from './shift.entity.js';
export * from './shifts.dto.js';
export * from './shifts.entities.js';
export * from './shifts.module.js';
export * from './shifts.service.js';
export * from './shift-places.js';
