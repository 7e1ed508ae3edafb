import { CORE_ENTITIES } from './core/database/core.entities.js';
import { AGENCIES_ENTITIES } from './modules/agencies/agencies.entities.js';
import { ALERTS_ENTITIES } from './modules/alerts/alerts.entities.js';
import { BOOKINGS_ENTITIES } from './modules/bookings/bookings.entities.js';
import { COMPLIANCE_ENTITIES } from './modules/compliance/compliance.entities.js';
import { IMPORTS_ENTITIES } from './modules/imports/imports.entities.js';
import { ORGANISATIONS_ENTITIES } from './modules/organisations/organisations.entities.js';
import { RATE_CARDS_ENTITIES } from './modules/rate-cards/rate-cards.entities.js';
import { REFERENCE_ENTITIES } from './modules/reference/reference.entities.js';
import { SHIFTS_ENTITIES } from './modules/shifts/shifts.entities.js';
import { WORKFORCE_ENTITIES } from './modules/workforce/workforce.entities.js';

/** Every entity, for the one data source the app, the worker, the migration CLI and the tests share. */
export const ENTITIES = [
  ...CORE_ENTITIES,
  ...ORGANISATIONS_ENTITIES,
  ...REFERENCE_ENTITIES,
  ...RATE_CARDS_ENTITIES,
  ...WORKFORCE_ENTITIES,
  ...AGENCIES_ENTITIES,
  ...SHIFTS_ENTITIES,
  ...BOOKINGS_ENTITIES,
  ...COMPLIANCE_ENTITIES,
  ...ALERTS_ENTITIES,
  ...IMPORTS_ENTITIES,
];
