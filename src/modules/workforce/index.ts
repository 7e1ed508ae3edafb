// The workforce module's front door: what other modules (and the composition root) may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './bank-worker-rules.js';
export * from './bank-worker.columns.js';
export * from './bank-worker.entity.js';
export * from './workforce.dto.js';
export * from './workforce.entities.js';
export * from './workforce.module.js';
export * from './workforce.service.js';
