import { BookingCost } from './booking-cost.entity.js';
import { Breach } from './breach.entity.js';
import { ComplianceRun, ComplianceRunChunk } from './compliance-run.entity.js';

/** This module's entities, for the data source the composition root assembles (src/entities.ts). */
export const COMPLIANCE_ENTITIES = [ComplianceRun, ComplianceRunChunk, Breach, BookingCost];
