import type { StaffGroup } from '../modules/time-bands/index.js';
import type { BandValues } from '../modules/time-bands/index.js';
import type { AfcGrade, BandRates } from './demo-cards.js';
import type { DemoSystem, DemoTrust, DemoWard } from './demo-region.js';

/** The shapes of the rows demo-plan.ts plans: what the demo's tables are seeded from. */

export interface DemoOptions {
  seed: number;
  /** The London date the demo starts on: history ends the day before, open shifts start on it. */
  today: string;
  historyDays: number;
  futureDays: number;
  /** 1 for the full demo; smaller for tests. */
  scale: number;
}

export interface Row {
  id: string;
}

export interface CardRow extends Row {
  scope: 'national' | 'system';
  systemId: string | null;
  name: string;
  effectiveFrom: string;
}

export interface CardLineRow {
  cardId: string;
  staffGroup: string;
  grade: string;
  band: string;
  agencyCapPence: number;
  bankRatePence: number | null;
}

export interface ContractRow extends Row {
  agencyId: string;
  agencyName: string;
  systemId: string;
  framework: string | null;
  tier: number;
  validFrom: string;
  groups: StaffGroup[];
  chargeShare: number;
}

export interface ContractLineRow {
  contractId: string;
  staffGroup: string;
  grade: string;
  band: string;
  chargeRatePence: number;
  workerPayPence: number;
}

export interface WorkerRow extends Row {
  homeTrustId: string;
  displayName: string;
  staffGroup: StaffGroup;
  grade: AfcGrade;
  gradeRank: number;
  optedOut: boolean;
  contractedWeeklyHours: number;
  active: boolean;
  externalRef: string;
  /** Shifts a week the worker offers the bank at most. */
  weeklyShifts: number;
  clearedFor: Set<string>;
}

export interface ShiftRow extends Row {
  trustId: string;
  wardId: string;
  staffGroup: StaffGroup;
  grade: AfcGrade;
  gradeRank: number;
  startMs: number;
  endMs: number;
  breakMinutes: number;
  localStartDate: string;
  elapsed: number;
  paid: number;
  bandMinutes: BandValues;
  status: 'open' | 'booked' | 'worked' | 'cancelled';
  reason: string;
  exemptionRef: string | null;
  externalRef: string;
  cancelReason: string | null;
  createdMs: number;
}

/** A system's rates by grade: the national cap, its agency cap and bank rate. */
export interface SystemRates {
  national: Record<AfcGrade, BandRates>;
  systemCap: Record<AfcGrade, BandRates>;
  bank: Record<AfcGrade, BandRates>;
}

export interface PlannedTrust extends Omit<DemoTrust, 'wards'> {
  id: string;
  wards: (DemoWard & { id: string })[];
}

export interface SystemPlan {
  definition: DemoSystem;
  id: string;
  trusts: PlannedTrust[];
  rates: SystemRates;
  contracts: ContractRow[];
  workers: WorkerRow[];
  shifts: ShiftRow[];
}

export interface DemoPlan {
  from: string;
  /** First local date not planned. */
  to: string;
  /** Local midnight starting `today`: shifts before it are history. */
  cutoffMs: number;
  systems: SystemPlan[];
  cards: CardRow[];
  cardLines: CardLineRow[];
  agencies: (Row & { name: string })[];
  contractLines: ContractLineRow[];
}
