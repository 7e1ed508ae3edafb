import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { BookingCosts1795530000000 } from '../../migrations/1795530000000-booking-costs.js';
import { seedRegion, type SeededRegion } from '../../src/bench/compliance-seed.js';
import { eventually } from '../support/eventually.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

/**
 * The booking_costs migration fills the table for every active booking, with the costs the
 * compliance statement would write: reports are whole the moment an upgrade is done.
 */
describe('the booking_costs migration', () => {
  let test: TestApp;
  let client: pg.Client;
  let region: SeededRegion;

  const snapshot = async () =>
    (
      await client.query(
        `SELECT booking_id, shift_id, trust_id, local_start_date::text, staff_group, type, charge_pence,
                cap_cost_pence, system_cap_cost_pence, card_cost_pence
           FROM booking_costs ORDER BY booking_id`,
      )
    ).rows;

  beforeAll(async () => {
    test = await startTestApp();
    client = new pg.Client({ connectionString: test.database.url });
    await client.connect();
    region = await seedRegion(client, { trusts: 2, days: 56, bookings: 3_000, lastDay: '2025-06-02' });
  });

  afterAll(async () => {
    await client?.end();
    await test?.close();
  });

  it('fills the table as the compliance engine does', async () => {
    // Some bookings no longer active: they have no row either way.
    await client.query(
      `UPDATE bookings SET status = 'cancelled' WHERE id IN (SELECT id FROM bookings ORDER BY id LIMIT 50)`,
    );
    const worker = await startTestWorker(test);
    try {
      const run = await test
        .as(test.adminKey)
        .post('/api/v1/compliance-runs', { systemId: region.systemId, from: region.from, to: region.to })
        .expect(202);
      await eventually(async () => {
        const state = await test.as(test.adminKey).get(`/api/v1/compliance-runs/${run.body.id}`).expect(200);
        if (state.body.status !== 'succeeded') throw new Error(state.body.status);
      });
    } finally {
      await worker.close();
    }
    const byEngine = await snapshot();
    expect(byEngine).toHaveLength(3_000 - 50);

    // The table as an upgrade finds it: not there yet.
    const dataSource = test.app.get(DataSource);
    const runner = dataSource.createQueryRunner();
    try {
      await runner.query('DROP TABLE booking_costs');
      await new BookingCosts1795530000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await snapshot()).toEqual(byEngine);
  });
});
