// The me module's front door: what other modules (and the composition root) may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './me.dto.js';
export * from './me.module.js';
export * from './me.service.js';
