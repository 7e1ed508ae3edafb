import type { DataSource } from 'typeorm';
import type { InvoiceDisputesReport, InvoiceDisputesRow, InvoiceDisputesTotals } from './reports.dto.js';

/**
 * Agency invoices per agency and month of issue (docs/rules.md sections 11 and 14): what was
 * invoiced, what reconciliation validated, the difference, and how many lines were not matched.
 * `parameters` are the reports' own: $1 system, $2 from, $3 to (of `issuedOn`), $4 trusts (null
 * for all: an invoice counts for a trust-scoped caller when a line names a booking of its trusts).
 */
export async function invoiceDisputesReport(
  dataSource: DataSource,
  parameters: unknown[],
): Promise<InvoiceDisputesReport> {
  const rows = (await dataSource.query(
    `SELECT i.agency_id AS "agencyId", a.name AS "agencyName", to_char(i.issued_on, 'YYYY-MM') AS month,
            count(DISTINCT i.id)::int AS invoices,
            sum(il.amount_pence)::bigint AS "invoicedPence", sum(il.validated_pence)::bigint AS "validatedPence",
            count(*)::int AS lines, count(*) FILTER (WHERE il.status <> 'matched')::int AS "disputedLines"
       FROM invoices i
       JOIN agencies a ON a.id = i.agency_id
       JOIN invoice_lines il ON il.invoice_id = i.id
      WHERE i.system_id = $1 AND i.issued_on >= $2::date AND i.issued_on < $3::date
        AND ($4::uuid[] IS NULL OR EXISTS (
              SELECT 1 FROM invoice_lines sl JOIN bookings b ON b.id = sl.booking_id JOIN shifts s ON s.id = b.shift_id
               WHERE sl.invoice_id = i.id AND s.trust_id = ANY($4::uuid[])))
      GROUP BY 1, 2, 3 ORDER BY 3, 2, 1`,
    parameters,
  )) as Record<string, string | number>[];
  const items: InvoiceDisputesRow[] = rows.map((row) => ({
    agencyId: String(row.agencyId),
    agencyName: String(row.agencyName),
    month: String(row.month),
    ...amounts(row),
  }));
  const sum = (field: keyof InvoiceDisputesTotals) => items.reduce((total, row) => total + row[field], 0);
  return {
    items,
    totals: {
      invoices: sum('invoices'),
      invoicedPence: sum('invoicedPence'),
      validatedPence: sum('validatedPence'),
      disputedPence: sum('disputedPence'),
      lines: sum('lines'),
      disputedLines: sum('disputedLines'),
    },
  };
}

const amounts = (row: Record<string, string | number>): InvoiceDisputesTotals => {
  const invoicedPence = Number(row.invoicedPence);
  const validatedPence = Number(row.validatedPence);
  return {
    invoices: Number(row.invoices),
    invoicedPence,
    validatedPence,
    disputedPence: invoicedPence - validatedPence,
    lines: Number(row.lines),
    disputedLines: Number(row.disputedLines),
  };
};
