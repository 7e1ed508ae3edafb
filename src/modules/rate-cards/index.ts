// The rate-cards module's front door: what other modules (and the composition root) may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './rate-card-line.entity.js';
export * from './rate-card.entity.js';
export * from './rate-cards.entities.js';
export * from './rate-cards.module.js';
export * from './rate-cards.service.js';
export * from './rate-cards.dto.js';
