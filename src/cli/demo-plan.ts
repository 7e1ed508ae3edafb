import { DateTime } from 'luxon';
import { AGENDA_FOR_CHANGE_GRADES, type StaffGroup } from '../modules/time-bands/index.js';
import { BandCalendar, LONDON } from '../modules/time-bands/index.js';
import type { BandValues } from '../modules/time-bands/index.js';
import {
  AFC_BAND_KEYS,
  type AfcGrade,
  bankRate,
  type BandRates,
  nationalCap,
  nationalCardLines,
  scaleRates,
  systemCardLines,
} from './demo-cards.js';
import type {
  CardLineRow,
  CardRow,
  ContractLineRow,
  ContractRow,
  DemoOptions,
  DemoPlan,
  PlannedTrust,
  ShiftRow,
  SystemPlan,
  SystemRates,
  WorkerRow,
} from './demo-plan-rows.js';
import { DemoRandom } from './demo-random.js';
import {
  DEMO_AGENCIES,
  DEMO_SYSTEMS,
  type DemoSystem,
  FIRST_NAMES,
  LAST_NAMES,
  type PatternKey,
  PATTERNS,
  WARD_KINDS,
} from './demo-region.js';

/**
 * The demo's organisations, cards, agencies, bank workers and shifts, planned in memory from a
 * seed: rows ready to insert. Bookings and timesheets are planned by `demo-bookings.ts`.
 */

// The row shapes live in demo-plan-rows.ts; importers of this module keep finding them here.
export type {
  CardLineRow,
  CardRow,
  ContractLineRow,
  ContractRow,
  DemoOptions,
  DemoPlan,
  PlannedTrust,
  Row,
  ShiftRow,
  SystemPlan,
  SystemRates,
  WorkerRow,
} from './demo-plan-rows.js';

/** Multiplies every ward's shifts a day: about 90,000 bookings over the six months at scale 1. */
const DEMAND = 1.35;

const GRADE_RANK = new Map<string, number>(AGENDA_FOR_CHANGE_GRADES.map((grade, index) => [grade, index + 1]));
export const gradeRankOf = (grade: string): number => GRADE_RANK.get(grade)!;

const addDays = (date: string, days: number): string =>
  DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;

/** 1 April of the financial year a date falls in: cards and contracts start then. */
function financialYearStart(date: string): string {
  const { year, month } = DateTime.fromISO(date, { zone: 'utc' });
  return `${month >= 4 ? year : year - 1}-04-01`;
}

export function planDemo(options: DemoOptions, bankHolidays: readonly string[]): DemoPlan {
  const from = addDays(options.today, -options.historyDays);
  const to = addDays(options.today, options.futureDays);
  const cutoffMs = DateTime.fromISO(options.today, { zone: LONDON }).toMillis();
  const ids = new DemoRandom(options.seed, 'ids');
  const cardsFrom = financialYearStart(from);
  const yearLabel = `${cardsFrom.slice(0, 4)}/${String(Number(cardsFrom.slice(2, 4)) + 1).padStart(2, '0')}`;

  const nationalCard: CardRow = {
    id: ids.uuid(),
    scope: 'national',
    systemId: null,
    name: `National agency price caps ${yearLabel} (illustrative)`,
    effectiveFrom: cardsFrom,
  };
  const cards: CardRow[] = [nationalCard];
  const cardLines: CardLineRow[] = nationalCardLines().map((line) => ({ cardId: nationalCard.id, ...line }));
  const agencies = DEMO_AGENCIES.map((agency) => ({ id: ids.uuid(), name: agency.name }));
  const contractLines: ContractLineRow[] = [];
  const calendar = new BandCalendar(bankHolidays);
  const holidays = new Set(bankHolidays);

  const systems = DEMO_SYSTEMS.map((definition): SystemPlan => {
    const systemId = ids.uuid();
    const card: CardRow = {
      id: ids.uuid(),
      scope: 'system',
      systemId,
      name: `${definition.name} harmonised bank card ${yearLabel}`,
      effectiveFrom: cardsFrom,
    };
    cards.push(card);
    cardLines.push(
      ...systemCardLines(definition.capShare, definition.bankUplift).map((line) => ({ cardId: card.id, ...line })),
    );
    const rates = systemRates(definition);
    const contracts: ContractRow[] = [];
    DEMO_AGENCIES.forEach((agency, index) => {
      if (!agency.systems.includes(definition.code)) return;
      const contract: ContractRow = {
        id: ids.uuid(),
        agencyId: agencies[index]!.id,
        agencyName: agency.name,
        systemId,
        framework: agency.framework,
        tier: agency.tier,
        validFrom: cardsFrom,
        groups: agency.groups,
        chargeShare: agency.chargeShare,
      };
      contracts.push(contract);
      for (const staffGroup of agency.groups) {
        for (const grade of AGENDA_FOR_CHANGE_GRADES) {
          const charge = scaleRates(rates.national[grade], agency.chargeShare);
          for (const band of AFC_BAND_KEYS) {
            contractLines.push({
              contractId: contract.id,
              staffGroup,
              grade,
              band,
              chargeRatePence: charge[band],
              workerPayPence: Math.round(charge[band] * 0.72),
            });
          }
        }
      }
    });
    const trusts = definition.trusts.map((trust): PlannedTrust => ({
      ...trust,
      id: ids.uuid(),
      wards: trust.wards.map((ward) => ({ ...ward, id: ids.uuid() })),
    }));
    const random = new DemoRandom(options.seed, `system ${definition.code}`);
    const workers = planWorkers(trusts, options.scale, random, ids);
    const shifts = planShifts(trusts, { from, to, cutoffMs, scale: options.scale }, calendar, holidays, random, ids);
    return { definition, id: systemId, trusts, rates, contracts, workers, shifts };
  });
  return { from, to, cutoffMs, systems, cards, cardLines, agencies, contractLines };
}

function systemRates(definition: DemoSystem): SystemRates {
  const byGrade = (rates: (grade: AfcGrade) => BandRates) =>
    Object.fromEntries(AGENDA_FOR_CHANGE_GRADES.map((grade) => [grade, rates(grade)])) as Record<AfcGrade, BandRates>;
  return {
    national: byGrade(nationalCap),
    systemCap: byGrade((grade) => scaleRates(nationalCap(grade), definition.capShare)),
    bank: byGrade((grade) => bankRate(grade, definition.bankUplift)),
  };
}

/** Shifts a day a trust posts, per staff group and grade, before the day's ups and downs. */
function dailyDemand(trust: PlannedTrust): Map<string, number> {
  const demand = new Map<string, number>();
  for (const ward of trust.wards) {
    for (const need of WARD_KINDS[ward.kind]) {
      const total = need.grades.reduce((sum, [, weight]) => sum + weight, 0);
      for (const [grade, weight] of need.grades) {
        const key = `${need.staffGroup}|${grade}`;
        demand.set(key, (demand.get(key) ?? 0) + (need.perDay * DEMAND * trust.size * weight) / total);
      }
    }
  }
  return demand;
}

/** A few hundred bank workers per trust, in proportion to what it posts; some cleared for its neighbours. */
function planWorkers(trusts: SystemPlan['trusts'], scale: number, random: DemoRandom, ids: DemoRandom): WorkerRow[] {
  const workers: WorkerRow[] = [];
  for (const trust of trusts) {
    const demand = [...dailyDemand(trust)];
    const perDay = demand.reduce((sum, [, shifts]) => sum + shifts, 0);
    const count = Math.max(8, Math.round(perDay * trust.bankStrength * scale));
    for (let index = 0; index < count; index += 1) {
      const [staffGroup, demandGrade] = random.weighted(demand).split('|') as [StaffGroup, AfcGrade];
      // One in six holds a grade above the shifts they usually cover.
      const rank = Math.min(gradeRankOf(demandGrade) + (random.chance(1 / 6) ? 1 : 0), 7);
      const grade = AGENDA_FOR_CHANGE_GRADES[rank - 1]!;
      const contracted = random.weighted([
        [0, 30],
        [22.5, 20],
        [37.5, 50],
      ] as const);
      const neighbours = trusts.filter((other) => other.id !== trust.id && other.type === trust.type);
      const clearedFor = new Set<string>();
      if (neighbours.length > 0 && random.chance(0.25)) {
        clearedFor.add(random.pick(neighbours).id);
        if (random.chance(0.3)) clearedFor.add(random.pick(neighbours).id);
      }
      workers.push({
        id: ids.uuid(),
        homeTrustId: trust.id,
        displayName: `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`,
        staffGroup,
        grade,
        gradeRank: rank,
        optedOut: random.chance(0.1),
        contractedWeeklyHours: contracted,
        active: !random.chance(0.03),
        externalRef: `${trust.odsCode}-B${String(index + 1).padStart(5, '0')}`,
        weeklyShifts: random.weighted([
          [1, 60],
          [2, 30],
          [3, 10],
        ] as const),
        clearedFor,
      });
    }
  }
  return workers;
}

const SHIFT_REASONS: [string, number][] = [
  ['Vacancy', 40],
  ['Sickness cover', 25],
  ['Enhanced observation (1:1 care)', 12],
  ['Annual leave cover', 10],
  ['Escalation beds open', 8],
  ['Maternity leave cover', 5],
];

/** Every shift the trusts post over the window, in start order. */
function planShifts(
  trusts: SystemPlan['trusts'],
  window: { from: string; to: string; cutoffMs: number; scale: number },
  calendar: BandCalendar,
  holidays: ReadonlySet<string>,
  random: DemoRandom,
  ids: DemoRandom,
): ShiftRow[] {
  const shifts: ShiftRow[] = [];
  let serial = 0;
  // A pattern on a date has the same instants and band minutes for every ward: work them out once.
  const cache = new Map<
    string,
    { startMs: number; endMs: number; elapsed: number; bandMinutes: BandValues; pattern: (typeof PATTERNS)[PatternKey] }
  >();
  const timings = (date: string, key: PatternKey) => {
    const cached = cache.get(`${date}|${key}`);
    if (cached) return cached;
    const pattern = PATTERNS[key];
    const start = DateTime.fromISO(`${date}T${pattern.start}`, { zone: LONDON });
    let end = DateTime.fromISO(`${date}T${pattern.end}`, { zone: LONDON });
    if (end <= start) end = DateTime.fromISO(`${addDays(date, 1)}T${pattern.end}`, { zone: LONDON });
    const startMs = start.toMillis();
    const endMs = end.toMillis();
    const timing = {
      startMs,
      endMs,
      elapsed: (endMs - startMs) / 60_000,
      bandMinutes: calendar.split(startMs, endMs, 'agenda_for_change'),
      pattern,
    };
    cache.set(`${date}|${key}`, timing);
    return timing;
  };
  for (let date = window.from; date < window.to; date = addDays(date, 1)) {
    const day = DateTime.fromISO(date, { zone: LONDON });
    const offDay = day.weekday >= 6 || holidays.has(date);
    // Weekends and winter are harder to cover from the roster.
    const pressure = (day.weekday >= 6 ? 1.15 : 1) * ([12, 1, 2].includes(day.month) ? 1.15 : 1);
    for (const trust of trusts) {
      for (const ward of trust.wards) {
        for (const need of WARD_KINDS[ward.kind]) {
          if ('weekdaysOnly' in need && need.weekdaysOnly && offDay) continue;
          const count = random.count(need.perDay * DEMAND * trust.size * window.scale * pressure);
          for (let index = 0; index < count; index += 1) {
            const timing = timings(date, random.weighted(need.patterns));
            const grade = random.weighted(need.grades) as AfcGrade;
            const { startMs, endMs, elapsed, pattern } = timing;
            // Posted one to three weeks ahead, and never after the demo's today.
            const createdMs = Math.min(startMs - random.int(2, 21) * 86_400_000, window.cutoffMs - 3_600_000);
            serial += 1;
            shifts.push({
              id: ids.uuid(),
              trustId: trust.id,
              wardId: ward.id,
              staffGroup: need.staffGroup,
              grade,
              gradeRank: gradeRankOf(grade),
              startMs,
              endMs,
              breakMinutes: pattern.breakMinutes,
              localStartDate: date,
              elapsed,
              paid: elapsed - pattern.breakMinutes,
              bandMinutes: timing.bandMinutes,
              status: 'open',
              reason: random.weighted(SHIFT_REASONS),
              exemptionRef: null,
              externalRef: `${trust.odsCode}-S${String(serial).padStart(7, '0')}`,
              cancelReason: null,
              createdMs,
            });
          }
        }
      }
    }
  }
  return shifts.sort((a, b) => a.startMs - b.startMs || a.externalRef.localeCompare(b.externalRef));
}
