import { DateTime } from 'luxon';
import type { Role } from '../../core/auth/api-key.entity.js';
import type { IneligibilityReason, LadderTier } from '../fill/index.js';
import { addDays, STAFF_GROUPS } from '../time-bands/index.js';

/** What the pages say, in one place: money, times, and the rules' codes in plain English. */

const LONDON = 'Europe/London';

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** 123456 → "£1,234.56". */
export const pounds = (pence: number | null | undefined): string =>
  pence === null || pence === undefined ? '—' : POUNDS.format(pence / 100);

/** An instant as a London wall clock: "Sat 5 Dec 2026, 19:00". */
export const londonTime = (instant: Date | string): string =>
  DateTime.fromJSDate(new Date(instant)).setZone(LONDON).toFormat('ccc d LLL yyyy, HH:mm');

/** An instant by London days from `now`: "14:00 today", "14:00 tomorrow", "14:00 yesterday", else "14:00 on Sat 5 Dec". */
export function londonWhen(instant: Date | string, now: Date = new Date()): string {
  const at = DateTime.fromJSDate(new Date(instant)).setZone(LONDON);
  const today = DateTime.fromJSDate(now).setZone(LONDON).startOf('day');
  const days = Math.round(at.startOf('day').diff(today, 'days').days);
  const day =
    { [-1]: 'yesterday', 0: 'today', 1: 'tomorrow' }[days] ??
    `on ${at.toFormat(at.year === today.year ? 'ccc d LLL' : 'ccc d LLL yyyy')}`;
  return `${at.toFormat('HH:mm')} ${day}`;
}

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

/** Where a submission's charge stands against the caps (its ladder tier), as the pages say it. */
export const CAP_POSITION_NAMES: Record<string, string> = {
  within_system_cap: 'Within the system’s agency cap',
  within_national_cap: 'Above the system’s cap, within the national price cap',
  above_cap: 'Above the national price cap',
  off_framework: 'Off-framework',
};

export const SUBMISSION_STATUS_NAMES: Record<string, string> = {
  submitted: 'Waiting for a decision',
  accepted: 'Accepted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
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
  bank_worker: 'Bank worker',
  agency: 'Agency staff',
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

/** Medical grades by name; Agenda for Change bands read "Band 5". */
export const MEDICAL_GRADE_NAMES: Record<string, string> = {
  fy1: 'FY1 (foundation year 1)',
  fy2: 'FY2 (foundation year 2)',
  ct1_2: 'CT1 to CT2, or ST1 to ST2',
  st3_plus: 'ST3 and above (registrar)',
  sas: 'Specialty doctor or specialist (SAS)',
  consultant: 'Consultant',
};

/** A grade's name: "Band 8a", "ST3 and above (registrar)". */
export const gradeName = (grade: string): string =>
  MEDICAL_GRADE_NAMES[grade] ?? grade.replace(/^band(\d.*)$/, 'Band $1');

/** An instant's London date, "Sat 5 Dec 2026", and wall-clock time, "19:00". */
export const londonDay = (instant: Date | string): string =>
  DateTime.fromJSDate(new Date(instant)).setZone(LONDON).toFormat('ccc d LLL yyyy');
export const londonClock = (instant: Date | string): string =>
  DateTime.fromJSDate(new Date(instant)).setZone(LONDON).toFormat('HH:mm');

/** Minutes as hours: 750 → "12.5 hours", 60 → "1 hour". */
export function hours(minutes: number): string {
  const value = (minutes / 60).toFixed(2).replace(/\.?0+$/, '');
  return `${value} hour${value === '1' ? '' : 's'}`;
}

/** A staff group's name ("Nursing and Midwifery"), from its key. */
export const staffGroupName = (key: string): string => STAFF_GROUPS.find((group) => group.key === key)?.name ?? key;

// The rule book's words live beside its rules, so e-mails and pages say the same.
export { BREACH_RULE_NAMES } from '../compliance/index.js';

export const BREACH_STATUS_NAMES: Record<string, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  justified: 'Justified',
  resolved: 'Resolved',
};

/** "High", from "high". */
export const capitalised = (text: string): string => (text ? text[0]!.toUpperCase() + text.slice(1) : text);

/** A London date (YYYY-MM-DD) as "Sat 5 Dec 2026". */
export const londonDateText = (date: string): string =>
  DateTime.fromISO(date, { zone: LONDON }).toFormat('ccc d LLL yyyy');

/** What a booking's ladder snapshot says about the bank when it was booked: "2 (Bea Bank, Ann Other), the cheapest at £220.00". */
export function bankWhenBooked(ladder: Record<string, unknown>, eligible: number, bestPence: number | null): string {
  if (eligible === 0) return 'none';
  const names = ((ladder.tiers as { tier: string; options: { displayName?: string }[] }[] | undefined) ?? [])
    .filter((tier) => tier.tier.endsWith('_bank'))
    .flatMap((tier) => tier.options.map((option) => option.displayName))
    .filter(Boolean)
    .slice(0, 3);
  return `${eligible}${names.length ? ` (${names.join(', ')}${eligible > names.length ? ', …' : ''})` : ''}, the cheapest at ${pounds(bestPence)}`;
}

/** The time bands of a rate card: a short name and the hours it covers (docs/rules.md section 4). */
export const BAND_NAMES: Record<string, { name: string; hours: string }> = {
  day: { name: 'Weekday days', hours: 'Monday to Friday, 06:00 to 20:00' },
  night: { name: 'Weekday nights', hours: 'Monday to Friday, midnight to 06:00 and 20:00 to midnight' },
  saturday: { name: 'Saturdays', hours: 'All day' },
  sunday: { name: 'Sundays', hours: 'All day' },
  bank_holiday: { name: 'Bank holidays', hours: 'All day, on the bank holidays of England and Wales' },
  core: { name: 'Core hours', hours: 'Monday to Friday, 07:00 to 19:00' },
  unsocial: {
    name: 'Unsocial hours',
    hours: 'Monday to Friday before 07:00 and from 19:00, and all day at weekends and on bank holidays',
  },
};

/** A time band's short name ("Weekday nights"), from its key. */
export const bandName = (band: string): string => BAND_NAMES[band]?.name ?? band;

/** A local date "2026-04-01" as "1 April 2026". */
export const longDate = (date: string | null | undefined): string =>
  date ? DateTime.fromISO(date, { zone: LONDON }).toFormat('d LLLL yyyy') : '—';

export const CARD_STATUS_NAMES: Record<string, string> = {
  draft: 'Draft',
  in_force: 'In force',
  scheduled: 'Scheduled',
  past: 'No longer in force',
};

/** A card's last day in force, from its exclusive end date ("2027-04-01" → "31 March 2027"). */
export const lastDay = (effectiveTo: string | null | undefined): string =>
  effectiveTo ? longDate(addDays(effectiveTo, -1)) : '—';
/** What each role may do, as the invite and API key forms explain it (docs/rules.md section 12). */
export const ROLE_HINTS: Record<Role, string> = {
  admin: 'Everything, everywhere: people, API keys and every trust',
  workforce_lead: 'Reads everything where they work; publishes the system’s rate card; breaches and reports',
  rota_manager: 'Posts and books shifts, and their bookings and timesheets',
  approver: 'Sees what a rota manager sees; signs off bookings above the cap, up to their level',
  integration: 'A system that sends bulk imports, not a person',
  bank_worker: 'One bank worker: sees and takes the shifts they may work, nothing of anyone else',
  agency: 'Works for one agency: sees the shifts released to it, puts forward candidates and sends invoices',
};

/** The highest sign-off an approver may give, as a name. */
export const APPROVAL_LEVEL_NAMES: Record<string, string> = {
  senior_manager: 'Senior manager',
  executive: 'Executive',
  chief_executive: 'Chief executive',
};

/** The release cascade's stages (docs/rules.md section 10a), as a rota manager says them. */
export const RELEASE_STAGE_NAMES: Record<string, string> = {
  own_bank: 'Own bank',
  collaborative_bank: 'Collaborative bank',
  agency_tier_1: 'Tier 1 agencies',
  agency_tier_2: 'Tier 2 agencies',
  agency_tier_3: 'Tier 3 and off-framework agencies',
};
