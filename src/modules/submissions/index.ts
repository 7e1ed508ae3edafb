// The submissions module's front door: what other modules (and the composition root) may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './agency-option.js';
export * from './agency-views.service.js';
export * from './submissions.dto.js';
export * from './submissions.module.js';
export * from './submissions.service.js';
