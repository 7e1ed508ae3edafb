// The reports module's front door: what other modules (and the composition root) may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './reports.dto.js';
export * from './reports.module.js';
export * from './reports.service.js';
