// The agencies module's front door: what other modules (and the composition root) may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './agencies.entities.js';
export * from './agencies.module.js';
export * from './agencies.service.js';
export * from './agency-contract.entity.js';
export * from './agency-worker.entity.js';
export * from './agency-workers.js';
export { CandidateDto } from './agencies.dto.js';
export * from './submission.entity.js';
export * from './submissions.js';
export * from './agency.entity.js';
