import { type SignoffLevel, signoffRank } from '../../core/auth/api-key.entity.js';
import { requiredSignoff, type SignoffSettings } from '../fill/index.js';
import type { BandValues } from '../time-bands/index.js';
import { costPence } from '../time-bands/index.js';

/**
 * Reconciling an agency invoice line by line (docs/rules.md section 14), as a pure function over
 * facts one SQL read gathers: the JSON route and the CSV import both judge their lines here.
 */

export const INVOICE_LINE_STATUSES = [
  'matched',
  'over_timesheet',
  'over_contract',
  'over_cap_unapproved',
  'no_timesheet',
  'no_booking',
  'duplicate',
] as const;
export type InvoiceLineStatus = (typeof INVOICE_LINE_STATUSES)[number];

/** Lines that are not the booking's charge: every other status counts (one per booking). */
export const NON_COUNTING_STATUSES: readonly InvoiceLineStatus[] = ['duplicate', 'no_booking'];

export interface InvoiceLineInput {
  /** The booking reference as sent (a booking id, or anything else the agency wrote). */
  bookingId: string;
  paidMinutes: number;
  amountPence: number;
}

/** What was worked, as the timesheet recorded it. */
export interface WorkedTimes {
  elapsedMinutes: number;
  paidMinutes: number;
  bandMinutes: BandValues;
}

/** A booking of the invoice's agency that a line names, in the caller's scope. */
export interface InvoicedBookingFacts {
  bookingId: string;
  systemId: string;
  /** The booking's hourly charge rates: its submission's or contract line's. */
  ratesPence: BandValues;
  /** The highest approval the booking has (its decision level), null for none. */
  approvalLevel: SignoffLevel | null;
  offFramework: boolean;
  /** The booking already has a counting line on another invoice. */
  invoicedElsewhere: boolean;
  timesheet: WorkedTimes | null;
  /** The national cap's rates in force on the timesheet's local start date; null without a card. */
  nationalCapRates: BandValues | null;
  signoff: SignoffSettings;
}

export interface JudgedLine {
  lineNo: number;
  bookingId: string | null;
  bookingRef: string;
  paidMinutes: number;
  amountPence: number;
  status: InvoiceLineStatus;
  validatedPence: number;
  timesheetPaidMinutes: number | null;
  contractCostPence: number | null;
  capCostPence: number | null;
  requiredSignoff: SignoffLevel | null;
  approvalLevel: SignoffLevel | null;
}

export interface InvoiceTotals {
  invoicedPence: number;
  validatedPence: number;
  disputedPence: number;
}

/** Judges every line of one invoice; `facts` holds the bookings of the agency the lines name. */
export function reconcileInvoice(
  lines: readonly InvoiceLineInput[],
  facts: ReadonlyMap<string, InvoicedBookingFacts>,
): JudgedLine[] {
  const seen = new Set<string>();
  return lines.map((line, index) => {
    const booking = facts.get(line.bookingId);
    const judged = judgeLine(line, booking, booking ? seen.has(booking.bookingId) : false);
    if (booking) seen.add(booking.bookingId);
    return {
      lineNo: index + 1,
      bookingRef: line.bookingId,
      paidMinutes: line.paidMinutes,
      amountPence: line.amountPence,
      ...judged,
    };
  });
}

type Judgement = Omit<JudgedLine, 'lineNo' | 'bookingRef' | 'paidMinutes' | 'amountPence'>;

const UNJUDGED = {
  timesheetPaidMinutes: null,
  contractCostPence: null,
  capCostPence: null,
  requiredSignoff: null,
  approvalLevel: null,
} as const;

/** One line: the first status that applies, and what it was judged against. */
export function judgeLine(
  line: InvoiceLineInput,
  booking: InvoicedBookingFacts | undefined,
  earlierOnThisInvoice: boolean,
): Judgement {
  if (!booking) return { bookingId: null, status: 'no_booking', validatedPence: 0, ...UNJUDGED };
  const bookingId = booking.bookingId;
  if (earlierOnThisInvoice || booking.invoicedElsewhere) {
    return { bookingId, status: 'duplicate', validatedPence: 0, ...UNJUDGED, approvalLevel: booking.approvalLevel };
  }
  const worked = booking.timesheet;
  if (!worked) {
    return { bookingId, status: 'no_timesheet', validatedPence: 0, ...UNJUDGED, approvalLevel: booking.approvalLevel };
  }
  const times = { elapsed: worked.elapsedMinutes, paid: worked.paidMinutes };
  const contractCostPence = costPence(worked.bandMinutes, booking.ratesPence, times);
  const capCostPence = booking.nationalCapRates ? costPence(worked.bandMinutes, booking.nationalCapRates, times) : null;
  const required = requiredSignoff(
    {
      type: 'agency',
      chargePence: line.amountPence,
      capCostPence,
      paidMinutes: worked.paidMinutes,
      offFramework: booking.offFramework,
    },
    booking.signoff,
  );
  const against = {
    bookingId,
    timesheetPaidMinutes: worked.paidMinutes,
    contractCostPence,
    capCostPence,
    requiredSignoff: required,
    approvalLevel: booking.approvalLevel,
  };
  // An over_* line is validated at the contract cost of what was worked, never above what was invoiced.
  const validatedAtContract = Math.min(contractCostPence ?? 0, line.amountPence);
  if (line.paidMinutes > worked.paidMinutes) {
    return { ...against, status: 'over_timesheet', validatedPence: validatedAtContract };
  }
  // Booking rates that leave a worked band unrated cannot cover any amount.
  if (contractCostPence === null || line.amountPence > contractCostPence) {
    return { ...against, status: 'over_contract', validatedPence: validatedAtContract };
  }
  if (signoffRank(required) > signoffRank(booking.approvalLevel)) {
    return { ...against, status: 'over_cap_unapproved', validatedPence: validatedAtContract };
  }
  return { ...against, status: 'matched', validatedPence: line.amountPence };
}

/** invoiced = Σ amounts, validated = Σ validated, disputed = invoiced − validated. */
export function invoiceTotals(lines: readonly Pick<JudgedLine, 'amountPence' | 'validatedPence'>[]): InvoiceTotals {
  const invoicedPence = lines.reduce((sum, line) => sum + line.amountPence, 0);
  const validatedPence = lines.reduce((sum, line) => sum + line.validatedPence, 0);
  return { invoicedPence, validatedPence, disputedPence: invoicedPence - validatedPence };
}

/** The systems of the bookings an invoice's lines name (an invoice is to one system). */
export const invoiceSystems = (facts: ReadonlyMap<string, InvoicedBookingFacts>): string[] =>
  [...new Set([...facts.values()].map((booking) => booking.systemId))].sort();
