import type { SignoffLevel } from '../core/auth/api-key.entity.js';
import {
  type BookingDecision,
  type BookingPolicy,
  type BookingRequest,
  decideBooking,
} from '../modules/bookings/index.js';
import {
  agencyAllowed,
  type LadderFacts,
  type LadderOption,
  type LadderTier,
  rankLadder,
  type RankedLadder,
  type WorkerOnLadder,
} from '../modules/fill/index.js';
import { staffGroup } from '../modules/time-bands/index.js';
import type { BandCalendar } from '../modules/time-bands/index.js';
import type { BandValues } from '../modules/time-bands/index.js';
import { costPence, RELEASE_STAGES } from '../modules/time-bands/index.js';
import { type BandRates, scaleRates } from './demo-cards.js';
import type { DemoPlan, ShiftRow, SystemPlan, WorkerRow } from './demo-plan.js';
import { DemoRandom } from './demo-random.js';
import { BYPASS_REASONS } from './demo-region.js';

/**
 * Fills the planned shifts as the rules would: in start order, bank first (the best-ranked
 * eligible worker, by the fill ladder's own eligibility and ranking functions), an agency when no
 * bank worker is eligible, and now and then an agency although one was (with or without a bypass
 * reason). Costs, sign-off levels and ladder snapshots come from the project's own functions.
 */

export interface BookingRow {
  id: string;
  shiftId: string;
  type: 'bank' | 'agency';
  bankWorkerId: string | null;
  agencyContractId: string | null;
  status: 'pending_approval' | 'confirmed';
  wardId: string;
  startMs: number;
  endMs: number;
  paid: number;
  rates: BandValues;
  costPence: number;
  requiredSignoff: SignoffLevel | null;
  bypassReason: string | null;
  exemptionRef: string | null;
  ladder: object;
  eligibleBankCount: number;
  bestBankCostPence: number | null;
  decisionLevel: SignoffLevel | null;
  decidedMs: number | null;
  decisionReason: string | null;
  createdMs: number;
}

export interface TimesheetRow {
  id: string;
  shiftId: string;
  bookingId: string;
  startMs: number;
  endMs: number;
  breakMinutes: number;
  localStartDate: string;
  amountPence: number;
  elapsed: number;
  paid: number;
  bandMinutes: BandValues;
  createdMs: number;
}

/** The systems' settings: the database defaults (sign-off from the 2018 national rules; no support-worker ban). */
const SETTINGS = { executiveSignoffRatio: 1.5, ceoSignoffRatePence: 10_000, supportWorkerAgencyBan: false };
const LEVELS: SignoffLevel[] = ['senior_manager', 'executive', 'chief_executive'];
const DAY = 86_400_000;
const HOUR = 3_600_000;
// History recorded as an import records it, each booking through decideBooking with its ladder;
// the seeded snapshots keep the best option of each tier (the api keeps 25), to stay small.
/** Every stage released at one instant: the demo's history is not held to the cascade. */
const ALL_RELEASED = Object.fromEntries(RELEASE_STAGES.map((stage) => [stage, new Date(0)])) as Record<string, Date>;
const DEMO_POLICY: BookingPolicy = { bankFirst: 'record', snapshot: { perTier: 1, ineligible: 0 } };

/** A worker's bookings so far, with running totals over the windows the rules look back on. */
class WorkerLoad {
  readonly starts: number[] = [];
  readonly paid: number[] = [];
  lastEndMs = -Infinity;
  private readonly windows = new Map<number, { first: number; minutes: number }>();

  /** Paid minutes and bookings starting in [atMs − lengthMs, atMs); `atMs` never decreases. */
  within(atMs: number, lengthMs: number): { minutes: number; count: number } {
    let window = this.windows.get(lengthMs);
    if (!window) this.windows.set(lengthMs, (window = { first: 0, minutes: 0 }));
    while (window.first < this.starts.length && this.starts[window.first]! < atMs - lengthMs) {
      window.minutes -= this.paid[window.first]!;
      window.first += 1;
    }
    return { minutes: window.minutes, count: this.starts.length - window.first };
  }

  add(startMs: number, endMs: number, paid: number): void {
    this.starts.push(startMs);
    this.paid.push(paid);
    for (const window of this.windows.values()) window.minutes += paid;
    this.lastEndMs = Math.max(this.lastEndMs, endMs);
  }
}

export interface BookingPlan {
  bookings: BookingRow[];
  timesheets: TimesheetRow[];
}

/** The system's bookings and timesheets; sets each shift's status (and an admin shift's exemption reference) to match. */
export function planBookings(plan: DemoPlan, system: SystemPlan, seed: number, calendar: BandCalendar): BookingPlan {
  const random = new DemoRandom(seed, `bookings ${system.definition.code}`);
  const ids = new DemoRandom(seed, `booking ids ${system.definition.code}`);
  const loads = new Map(system.workers.map((worker) => [worker.id, new WorkerLoad()]));
  const trusts = new Map(system.trusts.map((trust) => [trust.id, trust]));
  // Workers who could ever take a trust's shifts of a staff group: home there or cleared for it.
  const pools = new Map<string, WorkerRow[]>();
  for (const worker of system.workers) {
    for (const trustId of [worker.homeTrustId, ...worker.clearedFor]) {
      const key = `${trustId}|${worker.staffGroup}`;
      const pool = pools.get(key);
      if (pool) pool.push(worker);
      else pools.set(key, [worker]);
    }
  }
  const bookings: BookingRow[] = [];
  const timesheets: TimesheetRow[] = [];

  for (const shift of system.shifts) {
    const trust = trusts.get(shift.trustId)!;
    const future = shift.startMs >= plan.cutoffMs;
    const daysAhead = (shift.startMs - plan.cutoffMs) / DAY;
    if (!future && random.chance(0.015)) {
      shift.status = 'cancelled';
      shift.cancelReason = random.pick(['Cover no longer needed: beds closed', 'Substantive staff member returned']);
      continue;
    }
    // Next week's shifts are partly filled already: the rest are there to try the fill ladder on.
    if (future && !random.chance(daysAhead < 3 ? 0.75 : daysAhead < 7 ? 0.5 : 0.3)) continue;

    const agencyWanted = !['admin', 'estates'].includes(shift.staffGroup) || random.chance(0.85);
    if (agencyWanted && ['admin', 'estates'].includes(shift.staffGroup) && random.chance(0.8)) {
      shift.exemptionRef = `EX-${trust.odsCode}-${random.int(100, 999)}`;
    }
    const ladder = rankLadder(ladderFacts(system, shift, pools, loads, agencyWanted));
    const request = chooseRequest(ladder, system, shift, trust, random);
    if (!request) {
      // Nobody to book: in the past the shift went unfilled; ahead it stays open.
      if (!future) {
        shift.status = 'cancelled';
        shift.cancelReason = 'Unfilled: the ward ran short';
      }
      continue;
    }
    const decision = decideBooking(ladder, request, DEMO_POLICY);
    const booking = bookingRow(ids.uuid(), shift, decision, createdMs(plan, shift, random));
    if (decision.bankWorkerId) loads.get(decision.bankWorkerId)!.add(shift.startMs, shift.endMs, shift.paid);
    decide(booking, future, plan.cutoffMs, random);
    shift.status = 'booked';
    bookings.push(booking);
    const timesheet =
      future || booking.status !== 'confirmed'
        ? null
        : planTimesheet(plan, trust, shift, booking, calendar, random, ids);
    if (timesheet) {
      shift.status = 'worked';
      timesheets.push(timesheet);
    }
  }
  return { bookings, timesheets };
}

/**
 * What the rota manager books from the ladder: the best-ranked bank worker (some trusts paying
 * above the card), else an agency the rules allow, and now and then an agency although a bank
 * worker was eligible, with or without a bypass reason. Null when nobody can fill the shift.
 */
function chooseRequest(
  ladder: RankedLadder,
  system: SystemPlan,
  shift: ShiftRow,
  trust: SystemPlan['trusts'][number],
  random: DemoRandom,
): BookingRequest | null {
  const bankOptions = ladder.tiers.filter((tier) => tier.tier.endsWith('bank')).flatMap((tier) => tier.options);
  const agencies = ladder.tiers
    .filter((tier) => !tier.tier.endsWith('bank'))
    .flatMap((tier) => tier.options.map((option) => ({ tier: tier.tier, option })))
    .filter(({ option }) => !option.refused);
  const bypass = bankOptions.length > 0 && agencies.length > 0 && random.chance(0.03);
  if (bankOptions.length > 0 && !bypass) {
    const cardRates = system.rates.bank[shift.grade];
    // Some trusts still pay local rates above the card for hard-to-fill shifts.
    const aboveCard = random.chance(trust.aboveCard[0]);
    return {
      type: 'bank',
      bankWorkerId: bankOptions[0]!.bankWorkerId!,
      ratesPence: aboveCard ? scaleRates(cardRates as BandRates, trust.aboveCard[1]) : null,
    };
  }
  if (agencies.length === 0) return null;
  const chosen = chooseAgency(agencies, trust.agencyDrift, random);
  // A bypass reason is required when booking through the api; bookings loaded from e-rostering may lack one.
  const reason = bypass && random.chance(0.65) ? random.pick(BYPASS_REASONS) : null;
  return { type: 'agency', agencyContractId: chosen.agencyContractId!, bypassReason: reason };
}

/**
 * Managers mostly take the ladder's first agency tier, some trusts drifting to dearer ones; within
 * a tier, the contract tier the system gave the agency, preferred ones first.
 */
function chooseAgency(
  options: { tier: LadderTier; option: LadderOption }[],
  drift: number,
  random: DemoRandom,
): LadderOption {
  const tierWeight: Partial<Record<LadderTier, number>> = {
    agency_within_system_cap: 0.55,
    agency_within_national_cap: 0.25 * drift,
    agency_above_cap: 0.14 * drift * drift,
    off_framework: 0.05 * drift * drift,
  };
  const tiers = [...new Set(options.map((option) => option.tier))];
  const tier = random.weighted(tiers.map((candidate) => [candidate, tierWeight[candidate] ?? 0] as const));
  return random.weighted(
    options
      .filter((candidate) => candidate.tier === tier)
      .map(({ option }) => [option, 4 - option.contractTier!] as const),
  );
}

/**
 * Sign-off of an agency booking that needs it: ahead, half still wait; in the past most were
 * approved at the level needed, some at a level too low, and some never were.
 */
function decide(booking: BookingRow, future: boolean, cutoffMs: number, random: DemoRandom): void {
  const required = booking.requiredSignoff;
  if (required === null) return;
  const roll = random.float();
  const waiting = future ? roll < 0.5 : roll < 0.1;
  if (waiting) return;
  booking.status = 'confirmed';
  const tooLow = !future && roll < 0.18 && required !== 'senior_manager';
  booking.decisionLevel = tooLow ? LEVELS[LEVELS.indexOf(required) - 1]! : required;
  // Within a day of booking, and never after the demo's today.
  booking.decidedMs = Math.max(
    booking.createdMs,
    Math.min(booking.createdMs + random.int(1, 20) * HOUR, cutoffMs - HOUR),
  );
  booking.decisionReason = tooLow
    ? 'Approved by the on-call manager out of hours'
    : random.pick(['Safe staffing: no bank or framework cover', 'Patient safety: ward below minimum staffing']);
}

/** The shift's ladder facts, from the workers' loads so far and the system's contracts. */
function ladderFacts(
  system: SystemPlan,
  shift: ShiftRow,
  pools: Map<string, WorkerRow[]>,
  loads: Map<string, WorkerLoad>,
  agencyWanted: boolean,
): LadderFacts {
  const times = { elapsed: shift.elapsed, paid: shift.paid };
  const cost = (rates: BandValues) => costPence(shift.bandMinutes, rates, times)!;
  const national = system.rates.national[shift.grade];
  const workers: WorkerOnLadder[] = [];
  for (const worker of pools.get(`${shift.trustId}|${shift.staffGroup}`) ?? []) {
    if (!worker.active || worker.gradeRank < shift.gradeRank) continue;
    const load = loads.get(worker.id)!;
    // Workers offer the bank only so many shifts a week.
    if (load.within(shift.startMs, 7 * DAY).count >= worker.weeklyShifts) continue;
    const gapMinutes = (shift.startMs - load.lastEndMs) / 60_000;
    workers.push({
      bankWorkerId: worker.id,
      displayName: worker.displayName,
      homeTrustId: worker.homeTrustId,
      grade: worker.grade,
      bookedMinutesLast28Days: load.within(shift.startMs, 28 * DAY).minutes,
      shiftsOnWard: 0,
      facts: {
        active: worker.active,
        gradeRank: worker.gradeRank,
        shiftGradeRank: shift.gradeRank,
        ownTrust: worker.homeTrustId === shift.trustId,
        clearedForTrust: worker.clearedFor.has(shift.trustId),
        overlaps: gapMinutes < 0,
        nearestGapMinutes: Number.isFinite(gapMinutes) ? gapMinutes : null,
        bookedMinutesInReferencePeriod: load.within(shift.startMs, 17 * 7 * DAY).minutes,
        shiftPaidMinutes: shift.paid,
        contractedWeeklyHours: worker.contractedWeeklyHours,
        optedOutOfWeeklyLimit: worker.optedOut,
      },
    });
  }
  return {
    shiftId: shift.id,
    staffGroup: shift.staffGroup,
    shiftGrade: shift.grade,
    ruleClass: staffGroup(shift.staffGroup).ruleClass,
    bandMinutes: shift.bandMinutes,
    times,
    settings: SETTINGS,
    bankRates: system.rates.bank[shift.grade],
    capCostPence: cost(national),
    systemCapCostPence: cost(system.rates.systemCap[shift.grade]),
    cardCostPence: cost(system.rates.bank[shift.grade]),
    agencyAllowed: agencyWanted && agencyAllowed(shift.staffGroup, shift.exemptionRef),
    releases: { instants: ALL_RELEASED, now: ALL_RELEASED.own_bank! },
    workers,
    // The contract's lines: the national caps times the agency's share (demo-plan.ts).
    contracts: system.contracts
      .filter((contract) => contract.groups.includes(shift.staffGroup))
      .map((contract) => ({
        agencyId: contract.agencyId,
        agencyName: contract.agencyName,
        agencyContractId: contract.id,
        contractTier: contract.tier,
        framework: contract.framework,
        rates: scaleRates(national, contract.chargeShare),
      })),
  };
}

/** Booked some time between the shift's posting and its start (or the demo's today). */
const createdMs = (plan: DemoPlan, shift: ShiftRow, random: DemoRandom): number =>
  shift.createdMs + Math.floor(random.float() * Math.max(0, Math.min(shift.startMs, plan.cutoffMs) - shift.createdMs));

/** The row `BookingsService.book` would have written for the decision. */
const bookingRow = (id: string, shift: ShiftRow, decision: BookingDecision, created: number): BookingRow => ({
  id,
  shiftId: shift.id,
  type: decision.type,
  bankWorkerId: decision.bankWorkerId,
  agencyContractId: decision.agencyContractId,
  status: decision.status,
  wardId: shift.wardId,
  startMs: shift.startMs,
  endMs: shift.endMs,
  paid: decision.paidMinutes,
  rates: decision.ratesPence,
  costPence: decision.costPence,
  requiredSignoff: decision.requiredSignoff,
  bypassReason: decision.bypassReason,
  exemptionRef: shift.exemptionRef,
  ladder: decision.ladder,
  eligibleBankCount: decision.eligibleBankCount,
  bestBankCostPence: decision.bestBankCostPence,
  decisionLevel: null,
  decidedMs: null,
  decisionReason: null,
  createdMs: created,
});

/**
 * The timesheet of a worked shift, one to five days after it (the last few days' still
 * missing): mostly as booked, some overrunning or starting late; the amount at the booking's
 * rates over the actual times, with some bank workers paid below the card and some agency
 * invoices above their contract.
 */
function planTimesheet(
  plan: DemoPlan,
  trust: SystemPlan['trusts'][number],
  shift: ShiftRow,
  booking: BookingRow,
  calendar: BandCalendar,
  random: DemoRandom,
  ids: DemoRandom,
): TimesheetRow | null {
  const createdMs = shift.endMs + random.int(1, 5) * DAY;
  if (createdMs > plan.cutoffMs) return null;
  const variation = random.float();
  const startMs = variation < 0.05 ? shift.startMs + 30 * 60_000 : shift.startMs;
  const endMs = variation > 0.88 ? shift.endMs + random.pick([30, 45, 60]) * 60_000 : shift.endMs;
  const elapsed = (endMs - startMs) / 60_000;
  const paid = elapsed - shift.breakMinutes;
  const bandMinutes = calendar.split(startMs, endMs, 'agenda_for_change');
  let amount = costPence(bandMinutes, booking.rates, { elapsed, paid })!;
  if (booking.type === 'bank' && random.chance(trust.belowCard[0])) amount = Math.round(amount * trust.belowCard[1]);
  if (booking.type === 'agency' && random.chance(0.05)) amount = Math.round(amount * (1 + random.int(4, 12) / 100));
  return {
    id: ids.uuid(),
    shiftId: shift.id,
    bookingId: booking.id,
    startMs,
    endMs,
    breakMinutes: shift.breakMinutes,
    localStartDate: calendar.localDate(startMs),
    amountPence: amount,
    elapsed,
    paid,
    bandMinutes,
    createdMs,
  };
}
