import { RuleViolationError } from '../../core/errors/domain-errors.js';

/** The support-worker agency ban's reach (section 8): unregistered support workers at the lowest grades. */
export const SUPPORT_WORKER_BAN = { staffGroup: 'clinical_support', grades: ['band2', 'band3'] } as const;

export interface SupportWorkerBanSettings {
  /** The system's support-worker agency ban (default off). */
  supportWorkerAgencyBan: boolean;
}

/** Does the system's support-worker agency ban refuse agency for this shift? */
export const supportWorkerAgencyBanned = (
  settings: SupportWorkerBanSettings,
  shift: { staffGroup: string; grade: string },
): boolean =>
  settings.supportWorkerAgencyBan &&
  shift.staffGroup === SUPPORT_WORKER_BAN.staffGroup &&
  (SUPPORT_WORKER_BAN.grades as readonly string[]).includes(shift.grade);

/**
 * Refuses (422 `SUPPORT_WORKER_AGENCY`) agency for a shift the system's support-worker agency ban
 * covers: every way of putting an agency on a shift (a booking, a submission) asks this.
 */
export function refuseSupportWorkerAgency(
  settings: SupportWorkerBanSettings,
  shift: { staffGroup: string; grade: string },
): void {
  if (!supportWorkerAgencyBanned(settings, shift)) return;
  throw new RuleViolationError(
    'SUPPORT_WORKER_AGENCY',
    `The system bans agency for support workers at bands 2 and 3: fill this ${shift.grade.replace('band', 'band ')} clinical support shift from the bank`,
  );
}
