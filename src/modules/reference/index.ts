// The reference module's front door: what other modules (and the composition root) may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './is-instant.js';
export * from './reference.entities.js';
export * from './reference.module.js';
export * from './reference.service.js';
export * from './shift-shape.dto.js';
