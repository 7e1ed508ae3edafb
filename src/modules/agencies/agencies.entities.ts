import { AgencyContractLine } from './agency-contract-line.entity.js';
import { AgencyContract } from './agency-contract.entity.js';
import { Agency } from './agency.entity.js';
import { AgencyWorker } from './agency-worker.entity.js';
import { Submission } from './submission.entity.js';

/** This module's entities, for the data source the composition root assembles (src/entities.ts). */
export const AGENCIES_ENTITIES = [Agency, AgencyContract, AgencyContractLine, AgencyWorker, Submission];
