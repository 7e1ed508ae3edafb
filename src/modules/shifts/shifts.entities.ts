import { Shift } from './shift.entity.js';

/** This module's entities, for the data source the composition root assembles (src/entities.ts). */
export const SHIFTS_ENTITIES = [Shift];
