import { RateCardLine } from './rate-card-line.entity.js';
import { RateCard } from './rate-card.entity.js';

/** This module's entities, for the data source the composition root assembles (src/entities.ts). */
export const RATE_CARDS_ENTITIES = [RateCard, RateCardLine];
