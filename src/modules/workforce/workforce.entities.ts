import { BankWorkerClearance } from './bank-worker-clearance.entity.js';
import { BankWorker } from './bank-worker.entity.js';

/** This module's entities, for the data source the composition root assembles (src/entities.ts). */
export const WORKFORCE_ENTITIES = [BankWorker, BankWorkerClearance];
