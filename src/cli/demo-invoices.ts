import type pg from 'pg';
import { type BulkColumn, bulkInsert } from '../core/database/bulk-insert.js';
import {
  INVOICED_BOOKING_FACTS,
  type InvoicedBookingRow,
  type InvoiceLineInput,
  reconcileInvoice,
  toFacts,
} from '../modules/invoices/index.js';
import { addDays } from '../modules/time-bands/index.js';
import { DemoRandom } from './demo-random.js';

const INVOICE_COLUMNS: BulkColumn[] = [
  ['id', 'uuid'],
  ['agency_id', 'uuid'],
  ['system_id', 'uuid'],
  ['invoice_number', 'text'],
  ['issued_on', 'date'],
];
const LINE_COLUMNS: BulkColumn[] = [
  ['id', 'uuid'],
  ['invoice_id', 'uuid'],
  ['line_no', 'integer'],
  ['booking_id', 'uuid'],
  ['booking_ref', 'text'],
  ['paid_minutes', 'integer'],
  ['amount_pence', 'bigint'],
  ['status', 'text'],
  ['validated_pence', 'bigint'],
  ['timesheet_paid_minutes', 'integer'],
  ['contract_cost_pence', 'bigint'],
  ['cap_cost_pence', 'bigint'],
  ['required_signoff', 'text'],
  ['approval_level', 'text'],
];

interface WorkedAgencyBooking {
  agencyId: string;
  agencyCode: string;
  systemId: string;
  month: string;
  bookingId: string;
  paidMinutes: number;
  amountPence: string;
}

/**
 * The agencies' invoices of the seeded history (docs/rules.md section 14): one per agency, system
 * and month of work, issued on the 1st of the next month when that is not after `today`, a line
 * per worked booking at its timesheet, with the slips real invoices have (an hour's minutes too
 * many, a line sent twice, a reference the trust cannot place). Every line is judged by
 * reconcileInvoice on the facts the API reads (INVOICED_BOOKING_FACTS); ids come from the seed.
 */
export async function seedInvoices(client: pg.Client, seed: number, today: string): Promise<void> {
  const worked = (
    await client.query<WorkedAgencyBooking>(
      `SELECT ac.agency_id AS "agencyId", upper(left(regexp_replace(a.name, '[^A-Za-z]', '', 'g'), 4)) AS "agencyCode",
              t.system_id AS "systemId", to_char(ts.local_start_date, 'YYYY-MM') AS month, b.id AS "bookingId",
              ts.paid_minutes AS "paidMinutes", ts.amount_pence::text AS "amountPence"
         FROM bookings b
         JOIN agency_contracts ac ON ac.id = b.agency_contract_id
         JOIN agencies a ON a.id = ac.agency_id
         JOIN timesheets ts ON ts.booking_id = b.id
         JOIN shifts s ON s.id = b.shift_id
         JOIN trusts t ON t.id = s.trust_id
        WHERE b.type = 'agency'
        ORDER BY a.name, t.system_id, month, s.starts_at, b.id`,
    )
  ).rows;
  const groups = new Map<string, WorkedAgencyBooking[]>();
  for (const row of worked) {
    if (addDays(`${row.month}-01`, 31).slice(0, 7) + '-01' > today) continue;
    const key = `${row.agencyId} ${row.systemId} ${row.month}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const ids = new DemoRandom(seed, 'invoice ids');
  for (const rows of groups.values()) await seedInvoice(client, rows, ids);
}

/** One invoice: its lines, a few of them slipped, judged and written. */
async function seedInvoice(client: pg.Client, rows: WorkedAgencyBooking[], ids: DemoRandom): Promise<void> {
  const [first] = rows as [WorkedAgencyBooking];
  const lines: InvoiceLineInput[] = rows.flatMap((row, index) => {
    const line = { bookingId: row.bookingId, paidMinutes: row.paidMinutes, amountPence: Number(row.amountPence) };
    // Every 13th line claims an hour more than the timesheet, at the same hourly charge.
    if (index % 13 === 12) {
      const hourMore = Math.round((line.amountPence * (line.paidMinutes + 60)) / line.paidMinutes);
      return [{ ...line, paidMinutes: line.paidMinutes + 60, amountPence: hourMore }];
    }
    // Every 29th line is sent twice; every 31st invoice line names a reference the trust cannot place.
    if (index % 29 === 28) return [line, line];
    if (index % 31 === 30)
      return [line, { bookingId: `AG-${first.month}-${index}`, paidMinutes: 450, amountPence: 15_000 }];
    return [line];
  });
  const facts = (
    await client.query<InvoicedBookingRow>(INVOICED_BOOKING_FACTS, [
      first.agencyId,
      rows.map((row) => row.bookingId),
      null,
    ])
  ).rows;
  const judged = reconcileInvoice(lines, new Map(facts.map((row) => [row.bookingId, toFacts(row)])));
  const invoiceId = ids.uuid();
  const issuedOn = `${addDays(`${first.month}-01`, 31).slice(0, 7)}-01`;
  await bulkInsert(client, 'invoices', INVOICE_COLUMNS, [
    [
      invoiceId,
      first.agencyId,
      first.systemId,
      `${first.agencyCode}-${first.month}-${invoiceId.slice(0, 4)}`,
      issuedOn,
    ],
  ]);
  await bulkInsert(
    client,
    'invoice_lines',
    LINE_COLUMNS,
    judged.map((line) => [
      ids.uuid(),
      invoiceId,
      line.lineNo,
      line.bookingId,
      line.bookingRef,
      line.paidMinutes,
      line.amountPence,
      line.status,
      line.validatedPence,
      line.timesheetPaidMinutes,
      line.contractCostPence,
      line.capCostPence,
      line.requiredSignoff,
      line.approvalLevel,
    ]),
  );
}
