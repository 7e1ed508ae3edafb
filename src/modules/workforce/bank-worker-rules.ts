import { InvalidInputError, RuleViolationError } from '../../core/errors/domain-errors.js';
import { gradeRank, type StaffGroup } from '../time-bands/index.js';

/** The API and the bank-workers import share these rules. */

export function checkWorkerGrade(staffGroup: string, grade: string): void {
  if (gradeRank(staffGroup as StaffGroup, grade) < 0) {
    throw new InvalidInputError(`${grade} is not a grade of ${staffGroup}`, [
      { field: 'grade', message: `not a grade of ${staffGroup}` },
    ]);
  }
}

/** The trusts a worker is cleared for besides the home trust (which is not a clearance). */
export const otherClearedTrusts = (homeTrustId: string, trustIds: readonly string[]): string[] => [
  ...new Set(trustIds.filter((trustId) => trustId !== homeTrustId)),
];

/** One answer for a trust of another system and one that does not exist: neither is the caller's to know about. */
export const clearanceOutsideSystem = (): RuleViolationError =>
  new RuleViolationError(
    'CLEARANCE_OUTSIDE_SYSTEM',
    "A bank worker may be cleared only for trusts of the home trust's system",
    [{ field: 'clearedTrustIds', message: 'not all are trusts of the home trust’s system' }],
  );
