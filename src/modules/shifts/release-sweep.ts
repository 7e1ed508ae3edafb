import type { DataSource } from 'typeorm';
import { RELEASE_STAGES, type ReleaseCascade, type ReleaseStage } from '../time-bands/index.js';
import { RELEASE_SQL_COLUMNS, releaseColumns } from './shift-releases.js';

/** Shifts announced per statement: each batch is one transaction, so a killed worker loses none. */
export const RELEASE_BATCH = 5_000;

/** The latest stage whose stored instant has come, as SQL over the shift's release columns ($1: now). */
const latestStageSql = `CASE ${[...RELEASE_STAGES]
  .reverse()
  .map((stage) => `WHEN s.${RELEASE_SQL_COLUMNS[stage]} <= $1 THEN '${stage}'`)
  .join(' ')} END`;

/** The instant of the stage after that one, or null when every stage has come. */
const nextInstantSql = `CASE ${[...RELEASE_STAGES]
  .reverse()
  .map((stage, index, reversed) =>
    index === 0
      ? `WHEN s.${RELEASE_SQL_COLUMNS[stage]} <= $1 THEN NULL`
      : `WHEN s.${RELEASE_SQL_COLUMNS[stage]} <= $1 THEN s.${RELEASE_SQL_COLUMNS[reversed[index - 1]!]}`,
  )
  .join(' ')} END`;

/**
 * Announces the releases that have come (docs/rules.md section 10a): for each shift whose
 * `next_release_at` is at or before `now`, its announced stage moves to the latest stage released,
 * `next_release_at` to the stage after, and an open shift gets a `shift.released` event, in the
 * same statement (one transaction per batch). Dedupe keys make a batch that is run twice (a worker
 * killed after its commit, before it heard) write each event once. Answers how many shifts moved.
 *
 * Whether an option may be booked never waits for this: booking compares the stored instants with
 * the clock. The sweep only tells people, on time.
 */
export async function announceReleases(dataSource: DataSource, now: Date = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = (await dataSource.query(
      `WITH due AS (
         SELECT s.id FROM shifts s
          WHERE s.next_release_at <= $1
          ORDER BY s.next_release_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED
       ), moved AS (
         UPDATE shifts s
            SET announced_stage = ${latestStageSql}, next_release_at = ${nextInstantSql}
           FROM due
          WHERE s.id = due.id
         RETURNING s.id, s.trust_id, s.ward_id, s.status, s.starts_at, s.ends_at, s.staff_group, s.grade,
                   s.announced_stage, s.next_release_at,
                   ${RELEASE_STAGES.map((stage) => `s.${RELEASE_SQL_COLUMNS[stage]}`).join(', ')}
       ), events AS (
         INSERT INTO alert_events (type, system_id, trust_id, subject_id, data, dedupe_key)
         SELECT 'shift.released', t.system_id, m.trust_id, m.id,
                jsonb_build_object(
                  'shiftId', m.id, 'trustId', m.trust_id, 'wardId', m.ward_id,
                  'staffGroup', m.staff_group, 'grade', m.grade,
                  'startsAt', m.starts_at, 'endsAt', m.ends_at,
                  'stage', m.announced_stage, 'nextReleaseAt', m.next_release_at,
                  'releases', jsonb_build_array(${RELEASE_STAGES.map(
                    (stage) => `jsonb_build_object('stage', '${stage}', 'releaseAt', m.${RELEASE_SQL_COLUMNS[stage]})`,
                  ).join(', ')})
                ),
                'shift.released:' || m.id || ':' || m.announced_stage
           FROM moved m JOIN trusts t ON t.id = m.trust_id
          WHERE m.status = 'open'
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM moved)::int AS moved, (SELECT count(*) FROM events)::int AS announced`,
      [now, RELEASE_BATCH],
    )) as { moved: number; announced: number }[];
    const moved = rows[0]?.moved ?? 0;
    total += moved;
    if (moved < RELEASE_BATCH) return total;
  }
}

/** Shifts recomputed per statement when a system's cascade changes. */
const RECOMPUTE_BATCH = 2_000;

/**
 * Recomputes the release instants of every shift still to start, of each system whose cascade
 * setting changed (`systems.releases_recompute_requested_at`, set in the same transaction as the
 * change), from its posting and start under the new setting, keeping early releases and what was
 * announced. Shifts that have started keep the instants they had. Answers how many it recomputed.
 */
export async function recomputeReleases(dataSource: DataSource, now: Date = new Date()): Promise<number> {
  let total = 0;
  const systems = (await dataSource.query(
    `SELECT id, release_cascade AS cascade, releases_recompute_requested_at AS requested
       FROM systems WHERE releases_recompute_requested_at IS NOT NULL`,
  )) as { id: string; cascade: ReleaseCascade | null; requested: Date }[];
  for (const system of systems) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const shifts = (await dataSource.query(
        `SELECT s.id, s.posted_at AS "postedAt", s.starts_at AS "startsAt", s.early_release_stage AS "earlyStage",
                s.early_released_at AS "earlyAt", s.announced_stage AS "announcedStage"
           FROM shifts s JOIN trusts t ON t.id = s.trust_id
          WHERE t.system_id = $1 AND s.starts_at > $2 AND s.id > $3
          ORDER BY s.id LIMIT $4`,
        [system.id, now, after, RECOMPUTE_BATCH],
      )) as {
        id: string;
        postedAt: Date;
        startsAt: Date;
        earlyStage: ReleaseStage | null;
        earlyAt: Date | null;
        announcedStage: ReleaseStage;
      }[];
      if (shifts.length === 0) break;
      const columns = shifts.map((shift) =>
        releaseColumns(
          shift.postedAt,
          shift.startsAt,
          system.cascade,
          shift.earlyStage && shift.earlyAt ? { stage: shift.earlyStage, at: shift.earlyAt } : null,
          shift.announcedStage,
        ),
      );
      await dataSource.query(
        `UPDATE shifts s
            SET release_collaborative_bank_at = u.collaborative, release_agency_tier_1_at = u.tier_1,
                release_agency_tier_2_at = u.tier_2, release_agency_tier_3_at = u.tier_3,
                next_release_at = u.next_release
           FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[],
                       $6::timestamptz[]) AS u(id, collaborative, tier_1, tier_2, tier_3, next_release)
          WHERE s.id = u.id`,
        [
          shifts.map((shift) => shift.id),
          columns.map((column) => column.releaseCollaborativeBankAt),
          columns.map((column) => column.releaseAgencyTier1At),
          columns.map((column) => column.releaseAgencyTier2At),
          columns.map((column) => column.releaseAgencyTier3At),
          columns.map((column) => column.nextReleaseAt),
        ],
      );
      total += shifts.length;
      after = shifts.at(-1)!.id;
    }
    // A change made while this ran has marked the system again, and is done next time.
    await dataSource.query(
      `UPDATE systems SET releases_recompute_requested_at = NULL WHERE id = $1 AND releases_recompute_requested_at = $2`,
      [system.id, system.requested],
    );
  }
  return total;
}
