import { isUUID } from 'class-validator';
import type { EntityManager } from 'typeorm';
import type { MadeBy } from '../../core/auth/principal.js';
import { markForRecheck } from '../shifts/index.js';
import { InvoiceLine } from './invoice-line.entity.js';
import {
  type InvoicedBookingFacts,
  type InvoiceLineInput,
  invoiceSystems,
  type JudgedLine,
  reconcileInvoice,
} from './invoice-rules.js';
import { Invoice } from './invoice.entity.js';
import { INVOICED_BOOKING_FACTS, type InvoicedBookingRow, LOCK_BOOKINGS, toFacts } from './invoices-sql.js';

const LINES_PER_INSERT = 1_000;

export interface InvoiceInput {
  agencyId: string;
  invoiceNumber: string;
  issuedOn: string;
  lines: readonly InvoiceLineInput[];
}

/** Why an invoice cannot be taken at all: the JSON route answers 409 / 422, an import a row error. */
export interface InvoiceRefusal {
  kind: 'number_taken' | 'several_systems' | 'no_booking_named';
  field: 'invoiceNumber' | 'bookingId';
  message: string;
}

export type InvoiceOutcome = { invoice: Invoice; lines: JudgedLine[] } | { refusal: InvoiceRefusal };

/**
 * Records one invoice inside the caller's transaction (the JSON route's or an import's): locks the
 * bookings it names, reads their facts in one statement, judges every line (reconcileInvoice)
 * and writes the invoice, its lines, and the re-check of their shifts. `trustIds` is the
 * caller's scope (null: every trust); a line for a booking outside it names no booking.
 */
export async function recordInvoice(
  manager: EntityManager,
  input: InvoiceInput,
  trustIds: readonly string[] | null,
  madeBy: MadeBy,
): Promise<InvoiceOutcome> {
  const facts = await bookingFacts(manager, input, trustIds);
  const systems = invoiceSystems(facts);
  if (systems.length > 1) {
    return {
      refusal: {
        kind: 'several_systems',
        field: 'bookingId',
        message: `An invoice is to one system: its lines name bookings of ${systems.length} systems (${systems.join(', ')}); send one invoice per system`,
      },
    };
  }
  if (systems.length === 0) {
    return {
      refusal: {
        kind: 'no_booking_named',
        field: 'bookingId',
        message: 'The invoice names no booking of the agency in your scope: there is nothing to reconcile it with',
      },
    };
  }
  // After the scope: a caller who may see none of the bookings learns nothing of the agency's numbers.
  const taken = await manager.existsBy(Invoice, { agencyId: input.agencyId, invoiceNumber: input.invoiceNumber });
  if (taken) {
    return {
      refusal: {
        kind: 'number_taken',
        field: 'invoiceNumber',
        message: `The agency has already sent invoice ${input.invoiceNumber}`,
      },
    };
  }
  const lines = reconcileInvoice(
    input.lines.map((line) => ({
      ...line,
      bookingId: isUUID(line.bookingId) ? line.bookingId.toLowerCase() : line.bookingId,
    })),
    facts,
  ).map((line, index) => ({ ...line, bookingRef: input.lines[index]!.bookingId }));
  const invoice = await manager.save(
    Invoice,
    manager.create(Invoice, {
      agencyId: input.agencyId,
      systemId: systems[0]!,
      invoiceNumber: input.invoiceNumber,
      issuedOn: input.issuedOn,
      createdByKeyId: madeBy.keyId,
      createdByUserId: madeBy.userId,
    }),
  );
  // In slices, so no statement carries more parameters than PostgreSQL takes.
  for (let offset = 0; offset < lines.length; offset += LINES_PER_INSERT) {
    const slice = lines.slice(offset, offset + LINES_PER_INSERT);
    await manager.insert(
      InvoiceLine,
      slice.map((line) => ({ ...line, invoiceId: invoice.id })),
    );
  }
  // The invoice amount is now these bookings' charge: their shifts are checked again soon.
  const shiftIds = (await manager.query(`SELECT DISTINCT shift_id AS id FROM bookings WHERE id = ANY($1::uuid[])`, [
    [...facts.keys()],
  ])) as { id: string }[];
  await markForRecheck(
    manager,
    shiftIds.map((shift) => shift.id),
  );
  return { invoice, lines };
}

/** The facts of the bookings of the agency the lines name, in scope, locked first. */
async function bookingFacts(
  manager: EntityManager,
  input: InvoiceInput,
  trustIds: readonly string[] | null,
): Promise<Map<string, InvoicedBookingFacts>> {
  const bookingIds = [...new Set(input.lines.map((line) => line.bookingId).filter((id) => isUUID(id)))].map((id) =>
    id.toLowerCase(),
  );
  await manager.query(LOCK_BOOKINGS, [bookingIds]);
  const rows = (await manager.query(INVOICED_BOOKING_FACTS, [
    input.agencyId,
    bookingIds,
    trustIds === null ? null : [...trustIds],
  ])) as InvoicedBookingRow[];
  return new Map(rows.map((row) => [row.bookingId, toFacts(row)]));
}
