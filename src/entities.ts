import { CORE_ENTITIES } from './core/database/core.entities.js';
import { AGENCIES_ENTITIES } from './modules/agencies/index.js';
import { ALERTS_ENTITIES } from './modules/alerts/index.js';
import { BOOKINGS_ENTITIES } from './modules/bookings/index.js';
import { COMPLIANCE_ENTITIES } from './modules/compliance/index.js';
import { FILL_ENTITIES } from './modules/fill/index.js';
import { IMPORTS_ENTITIES } from './modules/imports/index.js';
import { INVOICES_ENTITIES } from './modules/invoices/index.js';
import { ORGANISATIONS_ENTITIES } from './modules/organisations/index.js';
import { RATE_CARDS_ENTITIES } from './modules/rate-cards/index.js';
import { REFERENCE_ENTITIES } from './modules/reference/index.js';
import { SHIFTS_ENTITIES } from './modules/shifts/index.js';
import { WORKFORCE_ENTITIES } from './modules/workforce/index.js';

/** Every entity, for the one data source the app, the worker, the migration CLI and the tests share. */
export const ENTITIES = [
  ...CORE_ENTITIES,
  ...ORGANISATIONS_ENTITIES,
  ...REFERENCE_ENTITIES,
  ...RATE_CARDS_ENTITIES,
  ...WORKFORCE_ENTITIES,
  ...AGENCIES_ENTITIES,
  ...SHIFTS_ENTITIES,
  ...FILL_ENTITIES,
  ...BOOKINGS_ENTITIES,
  ...COMPLIANCE_ENTITIES,
  ...ALERTS_ENTITIES,
  ...IMPORTS_ENTITIES,
  ...INVOICES_ENTITIES,
];
