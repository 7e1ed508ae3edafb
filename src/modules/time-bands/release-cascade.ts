/**
 * The release cascade (docs/rules.md section 10a): a shift is offered in stages, so the bank always
 * sees it first. Pure: the instants follow from when the shift was posted, when it starts and the
 * system's setting; nothing here reads a clock but through its arguments.
 */

export const RELEASE_STAGES = [
  'own_bank',
  'collaborative_bank',
  'agency_tier_1',
  'agency_tier_2',
  'agency_tier_3',
] as const;
export type ReleaseStage = (typeof RELEASE_STAGES)[number];

/** The stages a system times (own bank is released at posting). */
export const TIMED_STAGES = RELEASE_STAGES.slice(1) as Exclude<ReleaseStage, 'own_bank'>[];
export type TimedStage = (typeof TIMED_STAGES)[number];

export interface StageTiming {
  /** The normal release point: this many elapsed hours before the shift starts. */
  beforeStartHours: number;
  /** The least head start the earlier stages get when the shift is posted late. */
  afterPostingHours: number;
}

/** A system's cascade: a timing for every stage after own bank. */
export type ReleaseCascade = Record<TimedStage, StageTiming>;

export const DEFAULT_RELEASE_CASCADE: ReleaseCascade = {
  collaborative_bank: { beforeStartHours: 336, afterPostingHours: 1 },
  agency_tier_1: { beforeStartHours: 120, afterPostingHours: 2 },
  agency_tier_2: { beforeStartHours: 72, afterPostingHours: 3 },
  agency_tier_3: { beforeStartHours: 48, afterPostingHours: 4 },
};

const HOUR_MS = 3_600_000;

/** An early release a rota manager made: that stage, and those before it, released at `at`. */
export interface EarlyRelease {
  stage: ReleaseStage;
  at: Date;
}

/**
 * Each stage's release instant, in elapsed time (so a clock change moves nothing):
 * release(own_bank) = posted; release(s) = max(release(previous), start − beforeStartHours(s),
 * min(posted + afterPostingHours(s), start)). With no cascade (`null`) every stage is released at
 * posting. An early release brings its stage and those before it forward to when it was made.
 */
export function releaseInstants(
  postedAt: Date,
  startsAt: Date,
  cascade: ReleaseCascade | null,
  early: EarlyRelease | null = null,
): Record<ReleaseStage, Date> {
  const posted = postedAt.getTime();
  const start = startsAt.getTime();
  const instants = { own_bank: posted } as Record<ReleaseStage, number>;
  let previous = posted;
  for (const stage of TIMED_STAGES) {
    if (cascade) {
      const timing = cascade[stage];
      previous = Math.max(
        previous,
        start - timing.beforeStartHours * HOUR_MS,
        Math.min(posted + timing.afterPostingHours * HOUR_MS, start),
      );
    }
    instants[stage] = previous;
  }
  if (early) {
    const last = RELEASE_STAGES.indexOf(early.stage);
    for (const stage of RELEASE_STAGES.slice(0, last + 1)) {
      instants[stage] = Math.min(instants[stage], early.at.getTime());
    }
  }
  return Object.fromEntries(RELEASE_STAGES.map((stage) => [stage, new Date(instants[stage])])) as Record<
    ReleaseStage,
    Date
  >;
}

/** The stages with their instants and whether each is released at `now`, in cascade order. */
export function releases(
  instants: Record<ReleaseStage, Date>,
  now: Date,
): { stage: ReleaseStage; releaseAt: Date; released: boolean }[] {
  return RELEASE_STAGES.map((stage) => ({
    stage,
    releaseAt: instants[stage],
    released: instants[stage].getTime() <= now.getTime(),
  }));
}

/** The latest stage released at `now` (own bank, from posting on). */
export function latestReleased(instants: Record<ReleaseStage, Date>, now: Date): ReleaseStage {
  let latest: ReleaseStage = 'own_bank';
  for (const stage of RELEASE_STAGES) if (instants[stage].getTime() <= now.getTime()) latest = stage;
  return latest;
}

/** The next stage still to be released after `now`, with its instant; null once all are. */
export function nextRelease(
  instants: Record<ReleaseStage, Date>,
  now: Date,
): { stage: ReleaseStage; releaseAt: Date } | null {
  const stage = RELEASE_STAGES.find((candidate) => instants[candidate].getTime() > now.getTime());
  return stage ? { stage, releaseAt: instants[stage] } : null;
}

/**
 * The stage a ladder option belongs to: bank workers to their bank's stage, an agency to its
 * contract's tier (tier 3 and beyond, and off-framework contracts, to `agency_tier_3`).
 */
export function stageOf(
  option: { kind: 'own_bank' | 'collaborative_bank' } | { kind: 'agency'; contractTier: number; offFramework: boolean },
): ReleaseStage {
  if (option.kind !== 'agency') return option.kind;
  if (option.offFramework || option.contractTier >= 3) return 'agency_tier_3';
  return option.contractTier <= 1 ? 'agency_tier_1' : 'agency_tier_2';
}

/** Whether two cascade settings time every stage alike (null: no cascade). */
export function sameCascade(one: ReleaseCascade | null, other: ReleaseCascade | null): boolean {
  if (one === null || other === null) return one === other;
  return TIMED_STAGES.every(
    (stage) =>
      one[stage].beforeStartHours === other[stage].beforeStartHours &&
      one[stage].afterPostingHours === other[stage].afterPostingHours,
  );
}
