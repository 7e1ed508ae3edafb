import { DateTime } from 'luxon';
import type { Role } from '../../core/auth/api-key.entity.js';
import type { IneligibilityReason, LadderTier } from '../fill/index.js';
import { STAFF_GROUPS } from '../time-bands/index.js';

/** What the pages say, in one place: money, times, and the rules' codes in plain English. */

const LONDON = 'Europe/London';

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** 123456 → "£1,234.56". */
export const pounds = (pence: number | null | undefined): string =>
  pence === null || pence === undefined ? '—' : POUNDS.format(pence / 100);

/** An instant as a London wall clock: "Sat 5 Dec 2026, 19:00". */
export const londonTime = (instant: Date | string): string =>
  DateTime.fromJSDate(new Date(instant)).setZone(LONDON).toFormat('ccc d LLL yyyy, HH:mm');

/** Two instants as "Sat 5 Dec 2026, 19:00 to 07:30" (the end's date when it differs). */
export function shiftTimes(startsAt: Date | string, endsAt: Date | string): string {
  const start = DateTime.fromJSDate(new Date(startsAt)).setZone(LONDON);
  const end = DateTime.fromJSDate(new Date(endsAt)).setZone(LONDON);
  const endText =
    end.hasSame(start, 'day') || end.diff(start, 'hours').hours < 24
      ? end.toFormat('HH:mm')
      : end.toFormat('ccc d LLL, HH:mm');
  return `${start.toFormat('ccc d LLL yyyy, HH:mm')} to ${endText}`;
}

export const INELIGIBLE_BECAUSE: Record<IneligibilityReason, string> = {
  INACTIVE: 'not active on the bank',
  GRADE_TOO_LOW: 'their grade is below the shift’s',
  NOT_CLEARED: 'not cleared to work at this trust',
  OVERLAP: 'already booked at an overlapping time',
  REST_UNDER_11H: 'would have less than 11 hours’ rest between shifts',
  WEEKLY_LIMIT: 'would average more than 48 hours a week over 17 weeks',
};

export const TIER_NAMES: Record<LadderTier, string> = {
  own_bank: 'Own bank',
  collaborative_bank: 'Collaborative bank (other trusts of the system)',
  agency_within_system_cap: 'Agency within the system’s cap',
  agency_within_national_cap: 'Agency within the national price cap',
  agency_above_cap: 'Agency above the price cap',
  off_framework: 'Off-framework agency',
};

export const SIGNOFF_NAMES: Record<string, string> = {
  senior_manager: 'a senior manager',
  executive: 'an executive',
  chief_executive: 'the chief executive',
};

export const ROLE_NAMES: Record<Role, string> = {
  admin: 'Administrator',
  workforce_lead: 'Workforce lead',
  rota_manager: 'Rota manager',
  approver: 'Approver',
  integration: 'Integration',
};

export const STATUS_NAMES: Record<string, string> = {
  open: 'Open',
  booked: 'Booked',
  worked: 'Worked',
  cancelled: 'Cancelled',
  pending_approval: 'Waiting for sign-off',
  confirmed: 'Confirmed',
  rejected: 'Rejected',
};

/** A staff group's name ("Nursing and Midwifery"), from its key. */
export const staffGroupName = (key: string): string => STAFF_GROUPS.find((group) => group.key === key)?.name ?? key;

/** What each role may do, as the invite and API key forms explain it (docs/rules.md section 12). */
export const ROLE_HINTS: Record<Role, string> = {
  admin: 'Everything, everywhere: people, API keys and every trust',
  workforce_lead: 'Reads everything where they work; publishes the system’s rate card; breaches and reports',
  rota_manager: 'Posts and books shifts, and their bookings and timesheets',
  approver: 'Sees what a rota manager sees; signs off bookings above the cap, up to their level',
  integration: 'A system that sends bulk imports, not a person',
};

/** The highest sign-off an approver may give, as a name. */
export const APPROVAL_LEVEL_NAMES: Record<string, string> = {
  senior_manager: 'Senior manager',
  executive: 'Executive',
  chief_executive: 'Chief executive',
};
