// The web module's front door: what the composition root may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './web-router.js';
export * from './web.module.js';
