import type pg from 'pg';

/** The size and shape of a seeded region: defaults are bench:compliance's. */
export interface RegionSize {
  /** Trusts to create (ignored with `systemId`). */
  trusts: number;
  /** Seed the bookings of this existing system, its trusts and wards, instead of a new one. */
  systemId?: string;
  /** Days of history, ending `lastDay` (exclusive). */
  days: number;
  bookings: number;
  /** First local date not seeded, YYYY-MM-DD. */
  lastDay: string;
}

export interface SeededRegion {
  systemId: string;
  from: string;
  to: string;
  bookings: number;
}

/**
 * A region's year of bookings, generated inside PostgreSQL (INSERT … SELECT over generate_series:
 * no row crosses the wire). Deterministic for a size. About 40 % agency (one in ten of them over
 * the national cap, 15 % over the system cap only, one in twenty off-framework, some admin without
 * an exemption, some after a bank worker was free), 70 % with timesheets (one in five differing a
 * little from the booked cost), one in ten still awaiting sign-off. Shifts are 12 hours with an
 * hour's break, 660 paid minutes.
 */
export async function seedRegion(client: pg.Client, size: RegionSize): Promise<SeededRegion> {
  const perDay = Math.max(1, Math.ceil(size.bookings / size.days));
  const run: Run = async (sql, values = []) => client.query(sql, values);
  const { systemId, from, trusts } = await seedOrganisations(run, size);
  await seedPrices(run, systemId, from);
  await seedWorkers(run, systemId, perDay, trusts);
  await planRegionBookings(run, { systemId, bookings: size.bookings, from, perDay, trusts });
  await seedWork(run);
  await weekendMinutes(run);
  await run(`DROP TABLE seed_plan`);
  await run(`ANALYZE`);
  return { systemId, from, to: size.lastDay, bookings: size.bookings };
}

export type Run = (sql: string, values?: unknown[]) => Promise<pg.QueryResult>;

/** The system (new unless given), the first date, the trusts and their wards. */
async function seedOrganisations(
  run: Run,
  size: RegionSize,
): Promise<{ systemId: string; from: string; trusts: number }> {
  const systemId: string =
    size.systemId ??
    (
      await run(
        `INSERT INTO systems (code, name) VALUES ('R' || substr(md5(random()::text), 1, 6), 'Seeded region') RETURNING id`,
      )
    ).rows[0].id;
  const from: string = (await run(`SELECT ($1::date - $2::int)::text AS d`, [size.lastDay, size.days])).rows[0].d;
  if (!size.systemId) {
    await run(
      `INSERT INTO trusts (system_id, ods_code, name)
         SELECT $1::uuid, 'R' || substr(md5($1::text || n), 1, 4) || n, 'Seeded trust ' || n FROM generate_series(1, $2) n`,
      [systemId, size.trusts],
    );
    await run(`INSERT INTO wards (trust_id, code, name) SELECT id, 'W1', 'Ward 1' FROM trusts WHERE system_id = $1`, [
      systemId,
    ]);
  }
  const trusts = Number(
    (await run(`SELECT count(*)::int AS n FROM trusts WHERE system_id = $1`, [systemId])).rows[0].n,
  );
  return { systemId, from, trusts };
}

/** The rate cards, an agency, its five contracts and their lines. */
export async function seedPrices(run: Run, systemId: string, from: string): Promise<void> {
  // Cards: the national cap and the system's card, for the three groups the bookings use.
  await run(
    `WITH national AS (
       INSERT INTO rate_cards (scope, name, status, effective_from, published_at)
       SELECT 'national', 'Seeded caps', 'published', $2::date, now()
        WHERE NOT EXISTS (SELECT 1 FROM rate_cards WHERE scope = 'national' AND status = 'published'
                            AND effective_from <= $2::date AND (effective_to IS NULL OR effective_to > $2::date))
       RETURNING id),
     card AS (
       INSERT INTO rate_cards (scope, system_id, name, status, effective_from, published_at)
       VALUES ('system', $1, 'Seeded card', 'published', $2::date, now()) RETURNING id),
     rates (staff_group, grade, cap, system_cap, bank) AS (
       VALUES ('nursing', 'band5', 3000, 2600, 1800), ('clinical_support', 'band3', 2200, 2000, 1300),
              ('admin', 'band3', 2000, 1900, 1200)),
     bands (band) AS (VALUES ('day'), ('night'), ('saturday'), ('sunday'), ('bank_holiday'))
     INSERT INTO rate_card_lines (card_id, staff_group, grade, band, agency_cap_pence, bank_rate_pence)
     SELECT national.id, staff_group, grade, band, cap, NULL FROM national, rates, bands
     UNION ALL
     SELECT card.id, staff_group, grade, band, system_cap, bank FROM card, rates, bands`,
    [systemId, from],
  );
  await run(
    `WITH agency AS (
       INSERT INTO agencies (name) VALUES ('Seeded agency ' || substr(md5(random()::text), 1, 8)) RETURNING id)
     INSERT INTO agency_contracts (agency_id, system_id, framework, tier, valid_from)
     SELECT agency.id, $1, CASE WHEN n = 5 THEN NULL ELSE 'NHS Workforce Alliance' END, 1, $2::date
       FROM agency, generate_series(1, 5) n`,
    [systemId, from],
  );
  // Their nursing band 5 lines, at the charge rates the bookings below use, so a ladder lists them.
  await run(
    `WITH contract AS (SELECT id, row_number() OVER (ORDER BY framework NULLS LAST, id) - 1 AS i
                        FROM agency_contracts WHERE system_id = $1)
     INSERT INTO agency_contract_lines (contract_id, staff_group, grade, band, charge_rate_pence, worker_pay_pence)
     SELECT contract.id, 'nursing', 'band5', band, (ARRAY[2500, 2550, 2900, 4600, 2400])[contract.i + 1], 1600
       FROM contract, unnest(ARRAY['day', 'night', 'saturday', 'sunday', 'bank_holiday']) band`,
    [systemId],
  );
}

async function seedWorkers(run: Run, systemId: string, perDay: number, trusts: number): Promise<void> {
  // One bank worker per daily slot: each works at most one 12-hour shift a day, never overlapping.
  await run(
    `INSERT INTO bank_workers (home_trust_id, display_name, staff_group, grade)
     SELECT (SELECT id FROM trusts WHERE system_id = $1 ORDER BY id OFFSET (n % $3) LIMIT 1), 'Seeded worker ' || n,
            'nursing', 'band5'
       FROM generate_series(0, $2 - 1) n`,
    [systemId, perDay, trusts],
  );
}

/** seed_plan: one row per booking, its shift, trust, ward, worker or contract and rate. */
async function planRegionBookings(
  run: Run,
  {
    systemId,
    bookings,
    from,
    perDay,
    trusts,
  }: { systemId: string; bookings: number; from: string; perDay: number; trusts: number },
): Promise<void> {
  await run(
    `CREATE TEMP TABLE seed_plan AS
     WITH trust AS (SELECT id, ward.ids AS ward_ids, row_number() OVER (ORDER BY id) - 1 AS i
                      FROM trusts
                      JOIN LATERAL (SELECT array_agg(w.id ORDER BY w.id) AS ids FROM wards w WHERE w.trust_id = trusts.id) ward ON true
                     WHERE system_id = $1),
          worker AS (SELECT w.id, row_number() OVER (ORDER BY w.id) - 1 AS i FROM bank_workers w
                       JOIN trusts t ON t.id = w.home_trust_id WHERE t.system_id = $1),
          contract AS (SELECT id, framework, row_number() OVER (ORDER BY framework NULLS LAST, id) - 1 AS i
                         FROM agency_contracts WHERE system_id = $1),
          n AS (SELECT n, abs(hashint4(n)) AS h FROM generate_series(0, $2 - 1) n)
     SELECT gen_random_uuid() AS shift_id, n.n, n.h,
            trust.id AS trust_id, trust.ward_ids[1 + (n.h / 7) % cardinality(trust.ward_ids)] AS ward_id,
            ($3::date + (n.n / $4)::int) AS local_date,
            (n.h % 10) < 4 AS agency,
            CASE WHEN n.h % 20 = 7 THEN 'clinical_support' WHEN n.h % 20 = 13 THEN 'admin' ELSE 'nursing' END AS staff_group,
            worker.id AS worker_id,
            -- Agency charge rates: 70 % within the system cap, 15 % between it and the national cap,
            -- 10 % above the national cap (executive sign-off), 5 % off-framework.
            CASE WHEN (n.h / 10) % 20 = 0 THEN (SELECT id FROM contract WHERE i = 4)
                 WHEN (n.h / 10) % 20 IN (1, 2) THEN (SELECT id FROM contract WHERE i = 3)
                 WHEN (n.h / 10) % 20 IN (3, 4, 5) THEN (SELECT id FROM contract WHERE i = 2)
                 ELSE (SELECT id FROM contract WHERE i = (n.h / 200) % 2) END AS contract_id,
            CASE WHEN (n.h / 10) % 20 = 0 THEN 2400
                 WHEN (n.h / 10) % 20 IN (1, 2) THEN 4600
                 WHEN (n.h / 10) % 20 IN (3, 4, 5) THEN 2900
                 ELSE (ARRAY[2500, 2550])[1 + (n.h / 200) % 2] END AS agency_rate
       FROM n
       JOIN trust ON trust.i = n.n % $5
       LEFT JOIN worker ON worker.i = n.n % $4`,
    [systemId, bookings, from, perDay, trusts],
  );
}

/** The planned shifts, their bookings and timesheets. */
async function seedWork(run: Run): Promise<void> {
  await run(
    `INSERT INTO shifts (id, trust_id, ward_id, staff_group, grade, starts_at, ends_at, break_minutes, local_start_date,
                         elapsed_minutes, paid_minutes, minutes_day, status)
     SELECT shift_id, trust_id, ward_id, staff_group, CASE WHEN staff_group = 'nursing' THEN 'band5' ELSE 'band3' END,
            (local_date + time '07:00') AT TIME ZONE 'Europe/London', (local_date + time '19:00') AT TIME ZONE 'Europe/London',
            60, local_date, 720, 660, 720, CASE WHEN h % 10 < 7 THEN 'worked' ELSE 'booked' END
       FROM seed_plan`,
  );
  // Costs at 660 paid minutes: rate × 11. Bank at the card's rate; one in twenty bank bookings paid 2,000.
  await run(
    `INSERT INTO bookings (id, shift_id, type, bank_worker_id, agency_contract_id, status, ward_id, starts_at, ends_at,
                           paid_minutes, rates_pence, cost_pence, required_signoff, bypass_reason, exemption_ref, ladder,
                           eligible_bank_count, best_bank_cost_pence, decision_level)
     SELECT gen_random_uuid(), p.shift_id, CASE WHEN p.agency THEN 'agency' ELSE 'bank' END,
            CASE WHEN p.agency THEN NULL ELSE p.worker_id END, CASE WHEN p.agency THEN p.contract_id END,
            CASE WHEN p.h % 10 = 9 THEN 'pending_approval' ELSE 'confirmed' END, p.ward_id,
            s.starts_at, s.ends_at, 660, '{}',
            CASE WHEN p.agency THEN p.agency_rate * 11
                 WHEN p.h % 20 = 3 THEN 2000 * 11
                 ELSE (CASE p.staff_group WHEN 'nursing' THEN 1800 WHEN 'clinical_support' THEN 1300 ELSE 1200 END) * 11 END,
            NULL, CASE WHEN p.agency AND p.h % 40 = 1 THEN 'Specialist skills' END,
            CASE WHEN p.staff_group = 'admin' AND p.h % 3 = 0 THEN 'EX-' || p.n END, '{}',
            CASE WHEN p.agency AND p.h % 20 = 1 THEN 1 ELSE 0 END,
            CASE WHEN p.agency AND p.h % 20 = 1 THEN 19800 END,
            -- Most bookings over the cap were signed off at the level they needed; some never were.
            CASE WHEN p.h % 10 <> 9 AND p.agency AND p.agency_rate = 4600 AND p.h % 7 <> 0 THEN 'executive'
                 WHEN p.h % 10 <> 9 AND p.agency AND p.agency_rate = 2400 AND p.h % 7 <> 0 THEN 'chief_executive' END
       FROM seed_plan p JOIN shifts s ON s.id = p.shift_id`,
  );
  // Timesheets for worked shifts: four in five for the booked cost, one in five 5 % under to 5 % over.
  await run(
    `INSERT INTO timesheets (shift_id, booking_id, started_at, ended_at, break_minutes, local_start_date, amount_pence,
                             elapsed_minutes, paid_minutes, minutes_day)
     SELECT b.shift_id, b.id, b.starts_at, b.ends_at, 60, s.local_start_date,
            CASE WHEN abs(hashint4(p.n + 1)) % 5 = 0 THEN b.cost_pence * (95 + abs(hashint4(p.n + 2)) % 11) / 100
                 ELSE b.cost_pence END, 720, 660, 720
       FROM seed_plan p JOIN shifts s ON s.id = p.shift_id JOIN bookings b ON b.shift_id = s.id
      WHERE s.status = 'worked' AND b.status = 'confirmed'`,
  );
  await run(`UPDATE shifts SET status = 'booked' FROM bookings b
              WHERE b.shift_id = shifts.id AND b.status = 'pending_approval' AND shifts.status = 'worked'`);
}

async function weekendMinutes(run: Run): Promise<void> {
  // Weekend shifts (07:00 to 19:00) are all Saturday or Sunday band minutes; the seeded cards rate
  // every band alike, so costs stay as booked.
  for (const [table, shiftColumn] of [
    ['shifts', 'id'],
    ['timesheets', 'shift_id'],
  ] as const) {
    await run(
      `UPDATE ${table} t SET minutes_day = 0,
              minutes_saturday = CASE WHEN extract(isodow FROM t.local_start_date) = 6 THEN 720 ELSE 0 END,
              minutes_sunday = CASE WHEN extract(isodow FROM t.local_start_date) = 7 THEN 720 ELSE 0 END
         FROM seed_plan p
        WHERE t.${shiftColumn} = p.shift_id AND extract(isodow FROM t.local_start_date) IN (6, 7)`,
    );
  }
}
