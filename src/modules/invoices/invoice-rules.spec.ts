import { describe, expect, it } from '@jest/globals';
import {
  type InvoicedBookingFacts,
  type InvoiceLineInput,
  invoiceSystems,
  invoiceTotals,
  reconcileInvoice,
} from './invoice-rules.js';

// A 12-hour weekday day shift worked with an hour's break: 660 paid of 720 minutes, all day band.
// At the booking's 4000 p/h its contract cost is 4000 × 11 = 44000; at the cap's 3500 p/h, 38500.
const CONTRACT_COST = 44_000;
const CAP_COST = 38_500;

const booking = (overrides: Partial<InvoicedBookingFacts> = {}): InvoicedBookingFacts => ({
  bookingId: 'booking-1',
  systemId: 'system-1',
  ratesPence: { day: 4000 },
  approvalLevel: 'senior_manager',
  offFramework: false,
  invoicedElsewhere: false,
  timesheet: { elapsedMinutes: 720, paidMinutes: 660, bandMinutes: { day: 720 } },
  nationalCapRates: { day: 3500 },
  signoff: { executiveSignoffRatio: 1.5, ceoSignoffRatePence: 10_000 },
  ...overrides,
});

const line = (overrides: Partial<InvoiceLineInput> = {}): InvoiceLineInput => ({
  bookingId: 'booking-1',
  paidMinutes: 660,
  amountPence: CONTRACT_COST,
  ...overrides,
});

const judge = (lines: InvoiceLineInput[], ...bookings: InvoicedBookingFacts[]) =>
  reconcileInvoice(lines, new Map(bookings.map((facts) => [facts.bookingId, facts])));

const statusOf = (input: InvoiceLineInput, facts: InvoicedBookingFacts) => {
  const [judged] = judge([input], facts);
  return { status: judged!.status, validatedPence: judged!.validatedPence };
};

describe('reconcileInvoice (docs/rules.md section 14)', () => {
  it('matches a line that invoices the timesheet minutes at the contract cost, validated in full', () => {
    const [judged] = judge([line()], booking());
    expect(judged).toEqual({
      lineNo: 1,
      bookingId: 'booking-1',
      bookingRef: 'booking-1',
      paidMinutes: 660,
      amountPence: CONTRACT_COST,
      status: 'matched',
      validatedPence: CONTRACT_COST,
      timesheetPaidMinutes: 660,
      contractCostPence: CONTRACT_COST,
      capCostPence: CAP_COST,
      requiredSignoff: 'senior_manager',
      approvalLevel: 'senior_manager',
    });
  });

  it('disputes one paid minute above the timesheet, validating the contract cost of what was worked', () => {
    expect(statusOf(line({ paidMinutes: 661 }), booking())).toEqual({
      status: 'over_timesheet',
      validatedPence: CONTRACT_COST,
    });
  });

  it('disputes one penny above the contract cost of the timesheet’s times', () => {
    expect(statusOf(line({ amountPence: CONTRACT_COST + 1 }), booking())).toEqual({
      status: 'over_contract',
      validatedPence: CONTRACT_COST,
    });
  });

  it('judges minutes before money: a line over both is over_timesheet', () => {
    expect(statusOf(line({ paidMinutes: 700, amountPence: 50_000 }), booking()).status).toBe('over_timesheet');
  });

  it('never validates more than was invoiced on a disputed line', () => {
    expect(statusOf(line({ paidMinutes: 661, amountPence: 30_000 }), booking())).toEqual({
      status: 'over_timesheet',
      validatedPence: 30_000,
    });
  });

  it('matches an amount equal to the cap cost without any approval, and disputes one penny more', () => {
    const unapproved = booking({ approvalLevel: null });
    expect(statusOf(line({ amountPence: CAP_COST }), unapproved)).toEqual({
      status: 'matched',
      validatedPence: CAP_COST,
    });
    expect(statusOf(line({ amountPence: CAP_COST + 1 }), unapproved)).toEqual({
      status: 'over_cap_unapproved',
      validatedPence: CAP_COST + 1,
    });
  });

  it('needs executive sign-off at exactly 1.5 × the cap cost, and not a penny below', () => {
    // At 6000 p/h the contract allows 66000; 1.5 × 38500 = 57750.
    const dear = booking({ ratesPence: { day: 6000 } });
    expect(statusOf(line({ amountPence: 57_750 }), dear).status).toBe('over_cap_unapproved');
    expect(statusOf(line({ amountPence: 57_749 }), dear).status).toBe('matched');
    expect(
      statusOf(line({ amountPence: 57_750 }), booking({ ratesPence: { day: 6000 }, approvalLevel: 'executive' }))
        .status,
    ).toBe('matched');
  });

  it('disputes a booking with no timesheet (a cancelled booking was never worked), validating nothing', () => {
    expect(statusOf(line(), booking({ timesheet: null }))).toEqual({ status: 'no_timesheet', validatedPence: 0 });
  });

  it('keeps a line naming no booking of the agency (another agency’s, or none) as no_booking', () => {
    const [judged] = judge([line({ bookingId: 'another-agencys-booking' })], booking());
    expect(judged).toMatchObject({
      bookingId: null,
      bookingRef: 'another-agencys-booking',
      status: 'no_booking',
      validatedPence: 0,
    });
  });

  it('judges the first line of a booking and marks later ones on the same invoice duplicate', () => {
    const judged = judge([line(), line({ amountPence: 100 })], booking());
    expect(judged.map((each) => [each.lineNo, each.status, each.validatedPence])).toEqual([
      [1, 'matched', CONTRACT_COST],
      [2, 'duplicate', 0],
    ]);
  });

  it('marks a booking already on another invoice duplicate, before looking for its timesheet', () => {
    expect(statusOf(line(), booking({ invoicedElsewhere: true, timesheet: null }))).toEqual({
      status: 'duplicate',
      validatedPence: 0,
    });
  });

  it('disputes any amount when the booking’s rates leave a worked band unrated', () => {
    const nightWorked = booking({
      timesheet: { elapsedMinutes: 720, paidMinutes: 660, bandMinutes: { day: 600, night: 120 } },
    });
    expect(statusOf(line({ amountPence: 1 }), nightWorked)).toEqual({ status: 'over_contract', validatedPence: 0 });
  });

  it('without a national card in force only the hourly-rate threshold can need sign-off', () => {
    const uncapped = booking({ approvalLevel: null, nationalCapRates: null });
    expect(statusOf(line(), uncapped).status).toBe('matched');
    const dear = booking({ approvalLevel: 'executive', nationalCapRates: null, ratesPence: { day: 10_000 } });
    expect(statusOf(line({ amountPence: 110_000 }), dear).status).toBe('over_cap_unapproved');
  });

  it('totals invoiced, validated and disputed pence', () => {
    const judged = judge(
      [line(), line({ bookingId: 'booking-2', amountPence: 50_000 }), line({ bookingId: 'nothing', amountPence: 700 })],
      booking(),
      booking({ bookingId: 'booking-2' }),
    );
    expect(invoiceTotals(judged)).toEqual({
      invoicedPence: CONTRACT_COST + 50_000 + 700,
      validatedPence: CONTRACT_COST * 2,
      disputedPence: 50_000 + 700 - CONTRACT_COST,
    });
  });

  it('names the systems of the bookings an invoice names', () => {
    const facts = new Map([
      ['a', booking({ bookingId: 'a', systemId: 'system-2' })],
      ['b', booking({ bookingId: 'b', systemId: 'system-1' })],
      ['c', booking({ bookingId: 'c', systemId: 'system-2' })],
    ]);
    expect(invoiceSystems(facts)).toEqual(['system-1', 'system-2']);
  });
});
