// The organisations module's front door: what other modules (and the composition root) may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './organisations.dto.js';
export * from './organisations.entities.js';
export * from './organisations.module.js';
export * from './organisations.service.js';
export * from './system.entity.js';
export * from './trust.entity.js';
export * from './ward.entity.js';
