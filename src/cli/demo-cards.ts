import type { AgendaForChangeBand } from '../modules/time-bands/index.js';
import { AGENDA_FOR_CHANGE_GRADES, STAFF_GROUPS, type StaffGroup } from '../modules/time-bands/index.js';

/**
 * The demo's rate cards from the reference data of docs/rules.md: the illustrative national caps,
 * and each system's harmonised card (bank rates from Agenda for Change pay with the unsocial-hours
 * enhancements; agency caps a share of the national caps). Pure functions.
 */

export type AfcGrade = (typeof AGENDA_FOR_CHANGE_GRADES)[number];
export type BandRates = Record<AgendaForChangeBand, number>;

const AFC_BANDS: readonly AgendaForChangeBand[] = ['day', 'night', 'saturday', 'sunday', 'bank_holiday'];

/** Illustrative national caps, pence per hour: day / night and saturday / sunday and bank holiday. */
const NATIONAL_CAPS: Record<AfcGrade, [number, number, number]> = {
  band2: [1939, 2734, 3548],
  band3: [2108, 2846, 3563],
  band4: [2391, 3108, 3826],
  band5: [2996, 3895, 4794],
  band6: [3692, 4800, 5907],
  band7: [4337, 5638, 6939],
  band8a: [4969, 4969, 4969],
  band8b: [5937, 5937, 5937],
  band8c: [7030, 7030, 7030],
  band8d: [8350, 8350, 8350],
  band9: [9959, 9959, 9959],
};

/** Agenda for Change 2025/26, annual basic pay at the top pay point, pounds. */
const ANNUAL_PAY: Record<AfcGrade, number> = {
  band2: 24_465,
  band3: 26_598,
  band4: 30_162,
  band5: 37_796,
  band6: 46_580,
  band7: 54_710,
  band8a: 62_682,
  band8b: 74_896,
  band8c: 88_682,
  band8d: 105_337,
  band9: 125_637,
};

/** Hours in a year at 37.5 a week (52.143 weeks). */
const ANNUAL_HOURS = 1955.36;

/** Unsocial-hours enhancements, percent: (Saturday and weekday nights, Sunday and bank holidays). */
function enhancements(grade: AfcGrade): [number, number] {
  if (grade === 'band2') return [41, 83];
  if (grade === 'band3') return [35, 69];
  if (['band4', 'band5', 'band6', 'band7'].includes(grade)) return [30, 60];
  return [0, 0];
}

const byBand = (day: number, nightAndSaturday: number, sundayAndHoliday: number): BandRates => ({
  day,
  night: nightAndSaturday,
  saturday: nightAndSaturday,
  sunday: sundayAndHoliday,
  bank_holiday: sundayAndHoliday,
});

export function nationalCap(grade: AfcGrade): BandRates {
  return byBand(...NATIONAL_CAPS[grade]);
}

/** Basic hourly pay with the grade's enhancements, times `uplift`, pence per hour. */
export function bankRate(grade: AfcGrade, uplift: number): BandRates {
  const hourlyPence = (ANNUAL_PAY[grade] * 100 * uplift) / ANNUAL_HOURS;
  const [unsocial, sunday] = enhancements(grade);
  return byBand(
    Math.round(hourlyPence),
    Math.round((hourlyPence * (100 + unsocial)) / 100),
    Math.round((hourlyPence * (100 + sunday)) / 100),
  );
}

export const scaleRates = (rates: BandRates, factor: number): BandRates =>
  Object.fromEntries(AFC_BANDS.map((band) => [band, Math.round(rates[band] * factor)])) as BandRates;

export interface CardLine {
  staffGroup: StaffGroup;
  grade: AfcGrade;
  band: AgendaForChangeBand;
  agencyCapPence: number;
  bankRatePence: number | null;
}

/** Every Agenda for Change staff group: the caps apply to every group alike. */
const AFC_GROUPS = STAFF_GROUPS.filter((group) => group.bandScheme === 'agenda_for_change').map((group) => group.key);

function lines(rates: (grade: AfcGrade) => { cap: BandRates; bank: BandRates | null }): CardLine[] {
  const result: CardLine[] = [];
  for (const staffGroup of AFC_GROUPS) {
    for (const grade of AGENDA_FOR_CHANGE_GRADES) {
      const { cap, bank } = rates(grade);
      for (const band of AFC_BANDS) {
        result.push({ staffGroup, grade, band, agencyCapPence: cap[band], bankRatePence: bank?.[band] ?? null });
      }
    }
  }
  return result;
}

export const nationalCardLines = (): CardLine[] => lines((grade) => ({ cap: nationalCap(grade), bank: null }));

/** A system's harmonised card: agency caps `capShare` of the national caps, bank rates AfC × `bankUplift`. */
export const systemCardLines = (capShare: number, bankUplift: number): CardLine[] =>
  lines((grade) => ({ cap: scaleRates(nationalCap(grade), capShare), bank: bankRate(grade, bankUplift) }));

export const AFC_BAND_KEYS = AFC_BANDS;
