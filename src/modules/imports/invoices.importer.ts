import { isUUID } from 'class-validator';
import type { EntityManager } from 'typeorm';
import {
  type InvoiceInput,
  InvoiceHeaderDto,
  InvoiceLineDto,
  LOCK_BOOKINGS,
  recordInvoice,
} from '../invoices/index.js';
import type { Importer, ImportOutcome } from './import-context.js';
import { type CsvRecord, ImportRejected, integerCell, type RowErrors, validateRow } from './import-csv.js';

interface InvoiceGroup {
  firstRow: number;
  input: InvoiceInput & { lines: InvoiceLineDto[] };
}

/**
 * Agency invoices, one row per line with the fields of `POST /invoices` (`agencyId`,
 * `invoiceNumber`, `issuedOn`) and of its lines (`bookingId`, `paidMinutes`, `amountPence`). Rows
 * of the same agency and invoice number are one invoice, its lines in file order; each is judged
 * by the same reconciliation as the API (recordInvoice).
 */
export const invoicesImporter: Importer = {
  kind: 'invoices',
  columns: {
    required: ['agencyId', 'invoiceNumber', 'issuedOn', 'bookingId', 'paidMinutes', 'amountPence'],
    optional: [],
  },

  async apply(manager, records, context, errors): Promise<ImportOutcome> {
    const groups = await groupInvoices(manager, records, errors);
    if (!errors.empty) throw new ImportRejected(errors);
    // Every booking the file names locked up front, in one order, as recordInvoice then takes them.
    const bookingIds = [
      ...new Set(
        groups.flatMap((group) =>
          group.input.lines.map((line) => line.bookingId.toLowerCase()).filter((id) => isUUID(id)),
        ),
      ),
    ];
    await manager.query(LOCK_BOOKINGS, [bookingIds]);
    const trustIds = context.scopeTrustIds === null ? null : [...context.scopeTrustIds];
    let lines = 0;
    for (const group of groups) {
      const outcome = await recordInvoice(manager, group.input, trustIds, { keyId: context.keyId, userId: null });
      if ('refusal' in outcome) errors.add(group.firstRow, outcome.refusal.field, outcome.refusal.message);
      else lines += outcome.lines.length;
    }
    if (!errors.empty) throw new ImportRejected(errors);
    return { created: lines, updated: 0, unchanged: 0, recheck: lines > 0, alerts: false };
  },
};

/** Validates every row and groups them by (agency, invoice number); the agencies must exist. */
async function groupInvoices(manager: EntityManager, records: CsvRecord[], errors: RowErrors): Promise<InvoiceGroup[]> {
  const agencyIds = records.map((record) => record.values.agencyId).filter((id): id is string => !!id && isUUID(id));
  const known = new Set(
    ((await manager.query(`SELECT id FROM agencies WHERE id = ANY($1::uuid[])`, [agencyIds])) as { id: string }[]).map(
      (agency) => agency.id,
    ),
  );
  const groups = new Map<string, InvoiceGroup>();
  for (const { row, values } of records) {
    const header = validateRow(InvoiceHeaderDto, {
      agencyId: values.agencyId,
      invoiceNumber: values.invoiceNumber,
      issuedOn: values.issuedOn,
    });
    const line = validateRow(InvoiceLineDto, {
      bookingId: values.bookingId,
      paidMinutes: integerCell(values.paidMinutes),
      amountPence: integerCell(values.amountPence),
    });
    if (header.errors) errors.addAll(row, header.errors);
    if (line.errors) errors.addAll(row, line.errors);
    if (!header.value || !line.value) continue;
    const agencyId = header.value.agencyId?.toLowerCase();
    if (agencyId === undefined) {
      errors.add(row, 'agencyId', 'agencyId is required');
      continue;
    }
    if (!known.has(agencyId)) {
      errors.add(row, 'agencyId', 'no such agency');
      continue;
    }
    const key = JSON.stringify([agencyId, header.value.invoiceNumber]);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, {
        firstRow: row,
        input: {
          agencyId,
          invoiceNumber: header.value.invoiceNumber,
          issuedOn: header.value.issuedOn,
          lines: [line.value],
        },
      });
    } else if (group.input.issuedOn !== header.value.issuedOn) {
      errors.add(
        row,
        'issuedOn',
        `invoice ${header.value.invoiceNumber} was issued on ${group.input.issuedOn} (row ${group.firstRow})`,
      );
    } else {
      group.input.lines.push(line.value);
    }
  }
  await refuseNumbersTaken(manager, [...groups.values()], errors);
  return [...groups.values()];
}

/** An invoice number the agency has used already is an error of its first row (recordInvoice checks it again). */
async function refuseNumbersTaken(manager: EntityManager, groups: InvoiceGroup[], errors: RowErrors): Promise<void> {
  const taken = new Set(
    (
      (await manager.query(
        `SELECT i.agency_id AS "agencyId", i.invoice_number AS "invoiceNumber"
           FROM invoices i JOIN unnest($1::uuid[], $2::text[]) AS sent(agency_id, invoice_number)
             ON sent.agency_id = i.agency_id AND sent.invoice_number = i.invoice_number`,
        [groups.map((group) => group.input.agencyId), groups.map((group) => group.input.invoiceNumber)],
      )) as { agencyId: string; invoiceNumber: string }[]
    ).map((row) => JSON.stringify([row.agencyId, row.invoiceNumber])),
  );
  for (const group of groups) {
    if (taken.has(JSON.stringify([group.input.agencyId, group.input.invoiceNumber]))) {
      errors.add(group.firstRow, 'invoiceNumber', `The agency has already sent invoice ${group.input.invoiceNumber}`);
    }
  }
}
