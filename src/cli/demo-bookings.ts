import type { SignoffLevel } from '../core/auth/api-key.entity.js';
import {
  agencyTier,
  compareCandidates,
  ineligibility,
  LADDER_TIERS,
  type LadderTier,
  type RankedCandidate,
  requiredSignoff,
  type SignoffSettings,
} from '../modules/fill/fill-rules.js';
import { BandCalendar } from '../modules/time-bands/band-calendar.js';
import type { BandValues } from '../modules/time-bands/band-schemes.js';
import { costPence } from '../modules/time-bands/costing.js';
import { type BandRates, scaleRates } from './demo-cards.js';
import type { ContractRow, DemoPlan, ShiftRow, SystemPlan, WorkerRow } from './demo-plan.js';
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

/** The systems' sign-off settings: the database defaults, from the 2018 national rules. */
const SIGNOFF: SignoffSettings = { executiveSignoffRatio: 1.5, ceoSignoffRatePence: 10_000 };
const LEVELS: SignoffLevel[] = ['senior_manager', 'executive', 'chief_executive'];
const DAY = 86_400_000;
const HOUR = 3_600_000;
// The ladder view lists the best 25 of each tier; the seeded snapshots keep the best one, to stay small.
const LISTED_PER_TIER = 1;

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

interface Candidate extends RankedCandidate {
  worker: WorkerRow;
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

    const times = { elapsed: shift.elapsed, paid: shift.paid };
    const cost = (rates: BandValues) => costPence(shift.bandMinutes, rates, times)!;
    const capCost = cost(system.rates.national[shift.grade]);
    const systemCapCost = cost(system.rates.systemCap[shift.grade]);
    const cardRates = system.rates.bank[shift.grade];
    const cardCost = cost(cardRates);

    const eligible: Candidate[] = [];
    for (const worker of pools.get(`${shift.trustId}|${shift.staffGroup}`) ?? []) {
      if (!worker.active || worker.gradeRank < shift.gradeRank) continue;
      const load = loads.get(worker.id)!;
      const week = load.within(shift.startMs, 7 * DAY);
      if (week.count >= worker.weeklyShifts) continue;
      const gapMinutes = (shift.startMs - load.lastEndMs) / 60_000;
      const reasons = ineligibility({
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
      });
      if (reasons.length > 0) continue;
      eligible.push({
        worker,
        bankWorkerId: worker.id,
        exactGrade: worker.grade === shift.grade,
        ownTrust: worker.homeTrustId === shift.trustId,
        bookedMinutesLast28Days: load.within(shift.startMs, 28 * DAY).minutes,
        shiftsOnWard: 0,
        costPence: cardCost,
      });
    }
    eligible.sort(compareCandidates);

    const agencyAllowed = !['admin', 'estates'].includes(shift.staffGroup) || random.chance(0.85);
    if (agencyAllowed && ['admin', 'estates'].includes(shift.staffGroup) && random.chance(0.8)) {
      shift.exemptionRef = `EX-${trust.odsCode}-${random.int(100, 999)}`;
    }
    const agencies = agencyAllowed
      ? agencyOptions(system.contracts, shift, system.rates.national[shift.grade], cost, capCost, systemCapCost)
      : [];
    const bypass = eligible.length > 0 && agencies.length > 0 && random.chance(0.03);
    const booking: BookingRow = {
      id: ids.uuid(),
      shiftId: shift.id,
      type: 'bank',
      bankWorkerId: null,
      agencyContractId: null,
      status: 'confirmed',
      wardId: shift.wardId,
      startMs: shift.startMs,
      endMs: shift.endMs,
      paid: shift.paid,
      rates: cardRates,
      costPence: cardCost,
      requiredSignoff: null,
      bypassReason: null,
      exemptionRef: shift.exemptionRef,
      ladder: ladderSnapshot(shift, { capCost, systemCapCost, cardCost }, eligible, agencies),
      eligibleBankCount: eligible.length,
      bestBankCostPence: eligible.length > 0 ? cardCost : null,
      decisionLevel: null,
      decidedMs: null,
      decisionReason: null,
      createdMs:
        shift.createdMs +
        Math.floor(random.float() * Math.max(0, Math.min(shift.startMs, plan.cutoffMs) - shift.createdMs)),
    };

    if (eligible.length > 0 && !bypass) {
      const chosen = eligible[0]!.worker;
      booking.bankWorkerId = chosen.id;
      // Some trusts still pay local rates above the card for hard-to-fill shifts.
      if (random.chance(trust.aboveCard[0])) booking.rates = scaleRates(cardRates as BandRates, trust.aboveCard[1]);
      booking.costPence = cost(booking.rates);
      loads.get(chosen.id)!.add(shift.startMs, shift.endMs, shift.paid);
    } else if (agencies.length > 0) {
      const option = chooseAgency(agencies, trust.agencyDrift, random);
      booking.type = 'agency';
      booking.agencyContractId = option.contract.id;
      booking.rates = option.rates;
      booking.costPence = option.costPence;
      booking.requiredSignoff = requiredSignoff(
        {
          type: 'agency',
          chargePence: option.costPence,
          capCostPence: capCost,
          paidMinutes: shift.paid,
          offFramework: option.contract.framework === null,
        },
        SIGNOFF,
      );
      // A bypass reason is required when booking through the api; bookings loaded from e-rostering may lack one.
      if (bypass && random.chance(0.65)) booking.bypassReason = random.pick(BYPASS_REASONS);
      decide(booking, future, plan.cutoffMs, random);
    } else {
      // Nobody to book: in the past the shift went unfilled; ahead it stays open.
      if (!future) {
        shift.status = 'cancelled';
        shift.cancelReason = 'Unfilled: the ward ran short';
      }
      continue;
    }
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

interface AgencyOption {
  contract: ContractRow;
  rates: BandValues;
  costPence: number;
  tier: LadderTier;
  signoffLevel: SignoffLevel | null;
}

function agencyOptions(
  contracts: ContractRow[],
  shift: ShiftRow,
  nationalRates: BandRates,
  cost: (rates: BandValues) => number,
  capCost: number,
  systemCapCost: number,
): AgencyOption[] {
  return contracts
    .filter((contract) => contract.groups.includes(shift.staffGroup))
    .map((contract) => {
      // The contract's lines: the national caps times the agency's share (demo-plan.ts).
      const rates = scaleRates(nationalRates, contract.chargeShare);
      const optionCost = cost(rates);
      const offFramework = contract.framework === null;
      return {
        contract,
        rates,
        costPence: optionCost,
        tier: agencyTier({
          offFramework,
          costPence: optionCost,
          systemCapCostPence: systemCapCost,
          capCostPence: capCost,
        }),
        signoffLevel: requiredSignoff(
          { type: 'agency', chargePence: optionCost, capCostPence: capCost, paidMinutes: shift.paid, offFramework },
          SIGNOFF,
        ),
      };
    })
    .sort(
      (a, b) =>
        a.contract.tier - b.contract.tier || a.costPence - b.costPence || a.contract.id.localeCompare(b.contract.id),
    );
}

/**
 * Managers mostly take the ladder's first agency tier, some trusts drifting to dearer ones; within
 * a tier, the contract tier the system gave the agency, preferred ones first.
 */
function chooseAgency(options: AgencyOption[], drift: number, random: DemoRandom): AgencyOption {
  const tierWeight: Partial<Record<LadderTier, number>> = {
    agency_within_system_cap: 0.55,
    agency_within_national_cap: 0.25 * drift,
    agency_above_cap: 0.14 * drift * drift,
    off_framework: 0.05 * drift * drift,
  };
  const tiers = [...new Set(options.map((option) => option.tier))];
  const tier = random.weighted(tiers.map((candidate) => [candidate, tierWeight[candidate] ?? 0] as const));
  return random.weighted(
    options.filter((option) => option.tier === tier).map((option) => [option, 4 - option.contract.tier] as const),
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
  if (waiting) {
    booking.status = 'pending_approval';
    return;
  }
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

/** The ladder as `FillService.ladder` would have shown it: the best few of each tier, with totals. */
function ladderSnapshot(
  shift: ShiftRow,
  costs: { capCost: number; systemCapCost: number; cardCost: number },
  eligible: Candidate[],
  agencies: AgencyOption[],
): object {
  const tiers = new Map<LadderTier, object[]>(LADDER_TIERS.map((tier) => [tier, []]));
  for (const candidate of eligible) {
    tiers.get(candidate.ownTrust ? 'own_bank' : 'collaborative_bank')!.push({
      bankWorkerId: candidate.worker.id,
      displayName: candidate.worker.displayName,
      homeTrustId: candidate.worker.homeTrustId,
      grade: candidate.worker.grade,
      costPence: costs.cardCost,
    });
  }
  for (const option of agencies) {
    tiers.get(option.tier)!.push({
      agencyId: option.contract.agencyId,
      agencyName: option.contract.agencyName,
      agencyContractId: option.contract.id,
      contractTier: option.contract.tier,
      framework: option.contract.framework,
      costPence: option.costPence,
      signoffLevel: option.signoffLevel,
      refused: false,
    });
  }
  return {
    shiftId: shift.id,
    capCostPence: costs.capCost,
    systemCapCostPence: costs.systemCapCost,
    cardCostPence: costs.cardCost,
    tiers: LADDER_TIERS.map((tier) => ({
      tier,
      total: tiers.get(tier)!.length,
      options: tiers.get(tier)!.slice(0, LISTED_PER_TIER),
    })),
    ineligible: [],
  };
}

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
