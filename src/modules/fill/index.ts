// The fill module's front door: what other modules (and the composition root) may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './fill-rules.js';
export * from './signoff-rules.js';
export * from './support-worker-ban.js';
export * from './fill-suggestion.entity.js';
export * from './fill.dto.js';
export * from './fill.entities.js';
export * from './fill.module.js';
export * from './fill.service.js';
export * from './suggestions.js';
export * from './suggestions.service.js';
export * from './shift-offer.entity.js';
export * from './offers.js';
export * from './offers.dto.js';
export * from './offers.service.js';
