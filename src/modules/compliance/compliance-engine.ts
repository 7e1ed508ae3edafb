import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { RunChunk } from './chunks.js';
import { type EvaluationCounts, type EvaluationScope, evaluationStatement } from './compliance-sql.js';

const NOTHING: EvaluationCounts = { bookingsChecked: 0, breachesOpened: 0, breachesUpdated: 0, breachesResolved: 0 };

/** How many marked shifts one re-check statement takes. */
const RECHECK_BATCH = 2_000;

/** Runs the rule book over sets of bookings (docs/rules.md section 8). */
@Injectable()
export class ComplianceEngine {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Evaluates every active booking in scope, inside the caller's transaction. The statement is a
   * named prepared statement on its connection: planning it (about 25 ms) happens once per
   * connection and scope kind, not once per chunk.
   */
  async evaluate(manager: EntityManager, scope: EvaluationScope, runId: string | null): Promise<EvaluationCounts> {
    const { sql, parameters } = evaluationStatement(scope, runId);
    const client = (manager.queryRunner as { databaseConnection?: pg.PoolClient } | undefined)?.databaseConnection;
    const rows = client
      ? (
          await client.query<EvaluationCounts>({
            name: `fairshift_compliance_${scope.kind}`,
            text: sql,
            values: parameters,
          })
        ).rows
      : ((await manager.query(sql, parameters)) as EvaluationCounts[]);
    return rows[0] ?? NOTHING;
  }

  /**
   * One chunk of a run, exactly once: its row in `compliance_run_chunks` is claimed and filled in
   * the same transaction as the evaluation, so a chunk retried after its worker died mid-way
   * starts again from nothing, and one retried after it committed does nothing. Null when the
   * chunk had already been done.
   */
  async evaluateChunk(runId: string, chunk: RunChunk): Promise<EvaluationCounts | null> {
    return this.dataSource.transaction(async (manager) => {
      const claimed = (await manager.query(
        `INSERT INTO compliance_run_chunks (run_id, chunk_key, bookings_checked, breaches_opened, breaches_updated, breaches_resolved)
         VALUES ($1, $2, 0, 0, 0, 0) ON CONFLICT DO NOTHING RETURNING run_id`,
        [runId, chunk.key],
      )) as unknown[];
      if (claimed.length === 0) return null;
      // Shared with the trust's other chunks, exclusive against a re-check of its shifts: a
      // re-check never commits between this statement's snapshot and its writes.
      await manager.query(`SELECT pg_advisory_xact_lock_shared(hashtext('compliance:' || $1))`, [chunk.trustId]);
      const counts = await this.evaluate(
        manager,
        { kind: 'window', trustId: chunk.trustId, from: chunk.from, to: chunk.to },
        runId,
      );
      await manager.query(
        `UPDATE compliance_run_chunks
            SET bookings_checked = $3, breaches_opened = $4, breaches_updated = $5, breaches_resolved = $6, finished_at = now()
          WHERE run_id = $1 AND chunk_key = $2`,
        [
          runId,
          chunk.key,
          counts.bookingsChecked,
          counts.breachesOpened,
          counts.breachesUpdated,
          counts.breachesResolved,
        ],
      );
      return counts;
    });
  }

  /** Checks the shifts marked for re-check, a batch per transaction, until none is left. Returns how many. */
  async recheckMarked(): Promise<number> {
    let total = 0;
    for (;;) {
      const checked = await this.dataSource.transaction(async (manager) => {
        // Locked until this transaction ends, so no new mark on them is lost; SKIP LOCKED leaves a
        // shift being booked right now to the signal its own booking sends.
        const marked = (await manager.query(
          `SELECT id FROM shifts WHERE recheck_requested_at IS NOT NULL
            ORDER BY recheck_requested_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [RECHECK_BATCH],
        )) as { id: string }[];
        if (marked.length === 0) return 0;
        const shiftIds = marked.map((row) => row.id);
        // Waits for any chunk over these trusts to commit, then evaluates with what it wrote.
        await manager.query(
          `SELECT pg_advisory_xact_lock(hashtext('compliance:' || trust_id::text))
             FROM (SELECT DISTINCT trust_id FROM shifts WHERE id = ANY($1::uuid[]) ORDER BY trust_id) t`,
          [shiftIds],
        );
        await this.evaluate(manager, { kind: 'shifts', shiftIds }, null);
        await manager.query(`UPDATE shifts SET recheck_requested_at = NULL WHERE id = ANY($1::uuid[])`, [shiftIds]);
        return marked.length;
      });
      total += checked;
      if (checked < RECHECK_BATCH) return total;
    }
  }
}
