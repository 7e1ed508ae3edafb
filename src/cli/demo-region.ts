import type { StaffGroup } from '../modules/time-bands/index.js';
import type { WARD_KINDS } from './demo-region.data.js';

/**
 * The shapes of the demo's region: systems, trusts, wards, the work each ward posts, and agencies.
 * The tables are in demo-region.data.ts, demo-agencies.data.ts and demo-names.data.ts.
 */

/** What a ward posts each day: staff group, grades (weights), shift patterns (weights), shifts per day. */
export interface Demand {
  staffGroup: StaffGroup;
  grades: [grade: string, weight: number][];
  patterns: [pattern: PatternKey, weight: number][];
  perDay: number;
  /** No shifts on Saturdays, Sundays and bank holidays (offices, outpatients). */
  weekdaysOnly?: boolean;
}

export type PatternKey = 'long_day' | 'night' | 'early' | 'late' | 'office' | 'twilight' | 'estates_night';

export type WardKind = keyof typeof WARD_KINDS;

export interface DemoWard {
  code: string;
  name: string;
  kind: WardKind;
}

export interface DemoTrust {
  odsCode: string;
  name: string;
  type: 'acute' | 'mental_health';
  /** Multiplies every ward's demand: bigger trusts post more. */
  size: number;
  /** Bank workers per 100 shifts a day: how well the trust's own bank covers its gaps. */
  bankStrength: number;
  /** How the trust's managers choose agencies: > 1 leans to dearer ones. */
  agencyDrift: number;
  /** Bank bookings at local rates above the card (share, factor) and paid below it (share, factor). */
  aboveCard: [share: number, factor: number];
  belowCard: [share: number, factor: number];
  wards: DemoWard[];
}

export interface DemoSystem {
  code: string;
  name: string;
  /** The system card: bank rates × `bankUplift` of Agenda for Change, agency caps × `capShare` of the national caps. */
  bankUplift: number;
  capShare: number;
  trusts: DemoTrust[];
}

/**
 * The agencies (fictional names) and their contracts: the framework they are on (null: off-framework),
 * the tier the system gave them, the staff groups they supply, and their charge rates as a share
 * of the national cap. Each system contracts with twelve of them.
 */
export interface DemoAgency {
  name: string;
  framework: string | null;
  tier: 1 | 2 | 3;
  groups: StaffGroup[];
  chargeShare: number;
  systems: string[];
}

// The tables themselves live in *.data.ts files; importers of this module keep finding them here.
export { DEMO_SYSTEMS, PATTERNS, WARD_KINDS } from './demo-region.data.js';
export { BYPASS_REASONS, DEMO_AGENCIES } from './demo-agencies.data.js';
export { FIRST_NAMES, LAST_NAMES } from './demo-names.data.js';
