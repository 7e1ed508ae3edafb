// One place to import every entity's builder from; each lives in factories/<entity>.factory.ts.
export { buildApiKey } from './factories/api-key.factory.js';
export { buildAgency, buildAgencyContract, contractLines, type ContractLine } from './factories/agency.factory.js';
export { buildBankWorker } from './factories/bank-worker.factory.js';
export { buildBooking, insertBooking } from './factories/booking.factory.js';
export { buildOrganisation, type Organisation } from './factories/organisation.factory.js';
export { AFC_BANDS, buildPublishedRateCard, buildRateCard, nursingBand5Lines } from './factories/rate-card.factory.js';
export { buildSystem } from './factories/system.factory.js';
export { buildShift, dayShiftBody, type BuiltShift, type Place } from './factories/shift.factory.js';
export { buildTimesheet } from './factories/timesheet.factory.js';
export { buildTrust } from './factories/trust.factory.js';
export { buildWard } from './factories/ward.factory.js';
