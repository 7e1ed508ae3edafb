// The dashboard module's front door: what other modules (and the composition root) may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './dashboard.dto.js';
export * from './dashboard.module.js';
export * from './dashboard.service.js';
