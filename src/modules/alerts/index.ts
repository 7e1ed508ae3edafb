// The alerts module's front door: what other modules (and the composition root) may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './alerts.entities.js';
export * from './alerts.module.js';
// For pages that let people manage their e-mail alerts through the same rules as the API.
export * from './email.dto.js';
export * from './email-subscriptions.service.js';
