// The compliance module's front door: what other modules (and the composition root) may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './breach.entity.js';
export * from './breaches.service.js';
export * from './compliance-rules.js';
export * from './compliance.dto.js';
export * from './compliance.entities.js';
export * from './compliance.module.js';
