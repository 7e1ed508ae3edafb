import { bankWorkersImporter } from './bank-workers.importer.js';
import type { Importer } from './import-context.js';
import { shiftsImporter } from './shifts.importer.js';
import { timesheetsImporter } from './timesheets.importer.js';
import { invoicesImporter } from './invoices.importer.js';

const list = (importer: Importer) =>
  `required ${importer.columns.required.join(', ')}; optional ${importer.columns.optional.join(', ')}`;

/** The CSV columns of each kind, for the OpenAPI document (the README says the same at more length). */
export const IMPORT_COLUMNS_DESCRIPTION = [
  'A UTF-8 CSV file (RFC 4180) with a header row. Column names are the API’s JSON field names; an empty cell is an absent',
  'value; instants need an offset (2025-04-04T19:00:00+01:00); booleans are true or false; lists are separated by `;`.',
  'Rows are numbered by their line in the file, the header being line 1.',
  '',
  `**shifts** (as POST /shifts): ${list(shiftsImporter)}. A row whose externalRef the trust already has updates that`,
  'shift while it is open. A booking that filled the shift: bookingType bank with bankWorkerExternalRef, or agency with',
  'agencyContractId (and the bypassReason the source system gave); rates per band in ratesPence.<band> columns (e.g.',
  'ratesPence.day), else the card’s bank rate or the contract’s charge. Each booking obeys the rules of',
  'POST /shifts/{id}/bookings (eligibility, 11-hour rest, 48-hour limit, agency rules), but an agency booked while a bank',
  'worker was eligible is taken without a bypassReason and opens BANK_FIRST_BYPASSED.',
  '',
  `**timesheets** (as PUT /shifts/{id}/timesheet): ${list(timesheetsImporter)}. Each row names its shift by shiftId or`,
  'shiftExternalRef (with trustId when several trusts in scope use the reference).',
  '',
  `**bank-workers** (as POST /bank-workers): ${list(bankWorkersImporter)}. clearedTrustIds separated by \`;\`; a row`,
  'whose externalRef the home trust already has updates that worker.',
  '',
  `**invoices** (as POST /invoices, one row per line): ${list(invoicesImporter)}. Rows with the same agencyId and`,
  'invoiceNumber are one invoice (its lines in file order, one issuedOn); each line is reconciled as the API does it.',
].join('\n');
