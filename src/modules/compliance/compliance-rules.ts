/**
 * The compliance rule book's vocabulary (docs/rules.md section 8): rules, severities and the breach
 * lifecycle. The rules themselves are evaluated as sets in SQL (`compliance-sql.ts`).
 */
export const BREACH_RULES = [
  'AGENCY_OVER_NATIONAL_CAP',
  'AGENCY_OVER_SYSTEM_CAP',
  'OFF_FRAMEWORK_AGENCY',
  'ADMIN_ESTATES_AGENCY',
  'MISSING_SIGNOFF',
  'BANK_FIRST_BYPASSED',
  'BANK_ABOVE_CARD',
  'BANK_BELOW_CARD',
  'NO_RATE_DEFINED',
  'SUPPORT_WORKER_AGENCY',
] as const;
export type BreachRule = (typeof BREACH_RULES)[number];

/** Each compliance rule, as a workforce lead would say it (docs/rules.md section 8): pages and e-mails. */
export const BREACH_RULE_NAMES: Record<string, string> = {
  AGENCY_OVER_NATIONAL_CAP: 'Agency charge above the national price cap',
  AGENCY_OVER_SYSTEM_CAP: 'Agency charge above the system’s cap',
  OFF_FRAMEWORK_AGENCY: 'Off-framework agency used',
  ADMIN_ESTATES_AGENCY: 'Agency used for an admin or estates shift without an exemption',
  MISSING_SIGNOFF: 'Above-cap booking worked without the sign-off it needed',
  BANK_FIRST_BYPASSED: 'Agency booked while a bank worker could work the shift',
  BANK_ABOVE_CARD: 'Bank pay above the rate card',
  BANK_BELOW_CARD: 'Bank pay below the rate card',
  NO_RATE_DEFINED: 'No rate on the card for this shift',
  SUPPORT_WORKER_AGENCY: 'Agency used for a band 2 or 3 support worker while the system bans it',
} satisfies Record<BreachRule, string>;

export const BREACH_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type BreachSeverity = (typeof BREACH_SEVERITIES)[number];

/** `open` → `acknowledged` → `justified` (with a reason) or `resolved`. */
export const BREACH_STATUSES = ['open', 'acknowledged', 'justified', 'resolved'] as const;
export type BreachStatus = (typeof BREACH_STATUSES)[number];

/** `cleared`: a re-check found the condition no longer holds; `manual`: a person resolved it. */
export const BREACH_RESOLUTIONS = ['cleared', 'manual'] as const;
export type BreachResolution = (typeof BREACH_RESOLUTIONS)[number];

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** What started a run: a person or integration, the nightly schedule, or a card publication. */
export const RUN_TRIGGERS = ['manual', 'nightly', 'card_change'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** The transitions a person may make, and the statuses each may start from. */
export const BREACH_TRANSITIONS = {
  acknowledge: { to: 'acknowledged', from: ['open'] },
  justify: { to: 'justified', from: ['open', 'acknowledged'] },
  resolve: { to: 'resolved', from: ['open', 'acknowledged', 'justified'] },
} as const satisfies Record<string, { to: BreachStatus; from: readonly BreachStatus[] }>;
export type BreachAction = keyof typeof BREACH_TRANSITIONS;
