import { BankHoliday } from './bank-holiday.entity.js';

/** This module's entities, for the data source the composition root assembles (src/entities.ts). */
export const REFERENCE_ENTITIES = [BankHoliday];
