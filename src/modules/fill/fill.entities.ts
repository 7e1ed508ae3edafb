import { FillSuggestion } from './fill-suggestion.entity.js';
import { ShiftOffer } from './shift-offer.entity.js';

/** This module's entities, for the data source the composition root assembles (src/entities.ts). */
export const FILL_ENTITIES = [FillSuggestion, ShiftOffer];
