import {
  type EarlyRelease,
  latestReleased,
  nextRelease,
  RELEASE_STAGES,
  type ReleaseCascade,
  releaseInstants,
  type ReleaseStage,
  releases,
} from '../time-bands/index.js';
import type { Shift } from './shift.entity.js';

/** The columns that hold a shift's release instants (own bank's is `postedAt`). */
export const RELEASE_COLUMNS: Record<Exclude<ReleaseStage, 'own_bank'>, keyof Shift> = {
  collaborative_bank: 'releaseCollaborativeBankAt',
  agency_tier_1: 'releaseAgencyTier1At',
  agency_tier_2: 'releaseAgencyTier2At',
  agency_tier_3: 'releaseAgencyTier3At',
};

/** The same columns' names in SQL, in cascade order (own bank's first). */
export const RELEASE_SQL_COLUMNS: Record<ReleaseStage, string> = {
  own_bank: 'posted_at',
  collaborative_bank: 'release_collaborative_bank_at',
  agency_tier_1: 'release_agency_tier_1_at',
  agency_tier_2: 'release_agency_tier_2_at',
  agency_tier_3: 'release_agency_tier_3_at',
};

type ReleaseFields = Pick<
  Shift,
  'releaseCollaborativeBankAt' | 'releaseAgencyTier1At' | 'releaseAgencyTier2At' | 'releaseAgencyTier3At'
>;

/** A shift's stored release instants, by stage. */
export function storedInstants(shift: Pick<Shift, 'postedAt'> & ReleaseFields): Record<ReleaseStage, Date> {
  return {
    own_bank: shift.postedAt,
    collaborative_bank: shift.releaseCollaborativeBankAt,
    agency_tier_1: shift.releaseAgencyTier1At,
    agency_tier_2: shift.releaseAgencyTier2At,
    agency_tier_3: shift.releaseAgencyTier3At,
  };
}

/**
 * The release columns to store for a shift posted at `postedAt` and starting at `startsAt` under
 * the system's cascade (and any early release), with what is left to announce after
 * `announcedStage`: the worker writes a `shift.released` event when `nextReleaseAt` comes.
 */
export function releaseColumns(
  postedAt: Date,
  startsAt: Date,
  cascade: ReleaseCascade | null,
  early: EarlyRelease | null,
  announcedStage: ReleaseStage,
): ReleaseFields & Pick<Shift, 'nextReleaseAt'> {
  const instants = releaseInstants(postedAt, startsAt, cascade, early);
  const afterAnnounced = RELEASE_STAGES.slice(RELEASE_STAGES.indexOf(announcedStage) + 1);
  return {
    releaseCollaborativeBankAt: instants.collaborative_bank,
    releaseAgencyTier1At: instants.agency_tier_1,
    releaseAgencyTier2At: instants.agency_tier_2,
    releaseAgencyTier3At: instants.agency_tier_3,
    nextReleaseAt: afterAnnounced.length ? instants[afterAnnounced[0]!] : null,
  };
}

/** What a shift's view says of its cascade at `now`: posting, the latest released stage, every stage. */
export function releaseView(shift: Pick<Shift, 'postedAt'> & ReleaseFields, now: Date = new Date()) {
  const instants = storedInstants(shift);
  const stages = releases(instants, now);
  return {
    postedAt: shift.postedAt,
    stage: [...stages].reverse().find((release) => release.released)!.stage,
    nextReleaseAt: nextRelease(instants, now)?.releaseAt ?? null,
    releases: stages,
  };
}

/**
 * The release columns of a shift posted now: its own bank from now, each later stage at its
 * instant. A stage released at posting (a shift posted late, or a system without a cascade) is
 * announced by the posting itself; the worker announces each stage that comes later.
 */
export function postingColumns(now: Date, startsAt: Date, cascade: ReleaseCascade | null) {
  const announcedStage = latestReleased(releaseInstants(now, startsAt, cascade), now);
  return { postedAt: now, announcedStage, ...releaseColumns(now, startsAt, cascade, null, announcedStage) };
}

/** A shift's early release, if it has one. */
export const earlyReleaseOf = (shift: Pick<Shift, 'earlyReleaseStage' | 'earlyReleasedAt'>): EarlyRelease | null =>
  shift.earlyReleaseStage && shift.earlyReleasedAt
    ? { stage: shift.earlyReleaseStage, at: shift.earlyReleasedAt }
    : null;

/**
 * What is released stays released: a stage whose stored instant has passed keeps it whenever the
 * instants are computed again (a later start, a later early release), so none is withdrawn and
 * none moves later than it happened.
 */
export function keepReleased<T extends ReleaseFields>(columns: T, stored: ReleaseFields, now: Date): T {
  const kept = { ...columns };
  for (const key of Object.values(RELEASE_COLUMNS) as (keyof ReleaseFields)[]) {
    const before = stored[key];
    if (before.getTime() <= now.getTime() && before.getTime() < kept[key].getTime()) kept[key] = before;
  }
  return kept;
}
