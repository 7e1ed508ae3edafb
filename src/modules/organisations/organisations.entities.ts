import { System } from './system.entity.js';
import { Trust } from './trust.entity.js';
import { Ward } from './ward.entity.js';

/** This module's entities, for the data source the composition root assembles (src/entities.ts). */
export const ORGANISATIONS_ENTITIES = [System, Trust, Ward];
