import type pg from 'pg';

/**
 * The workforce bench:fill and bench:suggestions ask ladders of, generated inside PostgreSQL: two
 * systems of five trusts (five wards each), bank workers spread over staff groups and grades
 * around band 5 (a fifth cleared for a neighbouring trust), each with a weekly 12-hour shift on
 * their own weekday over the past year.
 */

/** Runs one seeding statement and prints how long it took. */
export const stepsOn =
  (client: pg.Client): Step =>
  async (label, sql, values = []) => {
    const started = Date.now();
    await client.query(sql, values);
    console.log(`  seed: ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };

export type Step = (label: string, sql: string, values?: unknown[]) => Promise<void>;

/** Systems, trusts, wards, bank workers and their clearances. */
export async function seedWorkforce(step: Step, workers: number): Promise<void> {
  await step(
    '2 systems, 10 trusts, 50 wards',
    `
    INSERT INTO systems (code, name) VALUES ('KM', 'Kent and Medway'), ('SEL', 'South East London');
    INSERT INTO trusts (system_id, ods_code, name)
      SELECT s.id, 'B' || lpad(n::text, 2, '0'), 'Bench trust ' || n
        FROM generate_series(1, 10) n JOIN systems s ON s.code = CASE WHEN n <= 5 THEN 'KM' ELSE 'SEL' END;
    INSERT INTO wards (trust_id, code, name) SELECT t.id, 'W' || w, 'Ward ' || w FROM trusts t, generate_series(1, 5) w;`,
  );
  // Half nursing, a quarter clinical support, the rest spread; grades around band 5.
  await step(
    `${workers.toLocaleString('en-GB')} bank workers`,
    `
    INSERT INTO bank_workers (home_trust_id, display_name, staff_group, grade, contracted_weekly_hours)
      SELECT (SELECT id FROM trusts ORDER BY ods_code OFFSET (n % 10) LIMIT 1), 'Worker ' || n,
             CASE WHEN n % 4 IN (0, 1) THEN 'nursing' WHEN n % 4 = 2 THEN 'clinical_support' ELSE 'ahp' END,
             (ARRAY['band3', 'band4', 'band5', 'band5', 'band6', 'band7'])[1 + n % 6],
             CASE WHEN n % 5 = 0 THEN 22.5 ELSE 0 END
        FROM generate_series(1, $1) n`,
    [workers],
  );
  await step(
    'clearances: a fifth of workers cleared for a neighbouring trust',
    `
    INSERT INTO bank_worker_clearances (bank_worker_id, trust_id)
      SELECT w.id, other.id FROM bank_workers w
        JOIN trusts home ON home.id = w.home_trust_id
        JOIN LATERAL (SELECT t.id FROM trusts t WHERE t.system_id = home.system_id AND t.id <> home.id ORDER BY t.ods_code LIMIT 1) other ON true
       WHERE hashtext(w.id::text) % 5 = 0`,
  );
}

export async function seedPastWork(step: Step, workers: number, perWorker: number): Promise<void> {
  // Every worker gets a weekly 12-hour shift on their own weekday over the past year: no overlaps.
  await step(
    'plan a weekly 12-hour shift per worker on their own weekday',
    `CREATE TEMP TABLE past AS
       SELECT gen_random_uuid() AS shift_id, w.id AS worker_id, w.home_trust_id, w.staff_group, w.grade,
              date_trunc('day', now()) - ((k * 7 + (abs(hashtext(w.id::text)) % 7)) || ' days')::interval
                + interval '7 hours' AS starts_at
         FROM bank_workers w, generate_series(1, $1) k`,
    [perWorker],
  );
  await step(
    `${(perWorker * workers).toLocaleString('en-GB')} worked shifts`,
    `INSERT INTO shifts (id, trust_id, ward_id, staff_group, grade, starts_at, ends_at, break_minutes, local_start_date,
                         elapsed_minutes, paid_minutes, minutes_day, status)
       SELECT p.shift_id, p.home_trust_id, (SELECT id FROM wards WHERE trust_id = p.home_trust_id ORDER BY code LIMIT 1),
              p.staff_group, p.grade, p.starts_at, p.starts_at + interval '12 hours', 60, p.starts_at::date,
              720, 660, 720, 'worked'
         FROM past p`,
  );
  await step(
    'their bookings',
    `INSERT INTO bookings (shift_id, type, bank_worker_id, status, ward_id, starts_at, ends_at, paid_minutes,
                           rates_pence, cost_pence, ladder, eligible_bank_count)
       SELECT p.shift_id, 'bank', p.worker_id, 'confirmed', s.ward_id, p.starts_at, p.starts_at + interval '12 hours', 660,
              '{"day": 1800}', 19800, '{}', 1
         FROM past p JOIN shifts s ON s.id = p.shift_id`,
  );
}
