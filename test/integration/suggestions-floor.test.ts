import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { floorCandidates } from '../../src/bench/suggestions-floor.js';
import { SuggestionsService } from '../../src/modules/fill/index.js';
import { cascadePlaces, DEFAULT_CASCADE, HOUR, minuteFromNow, postShiftAt } from '../support/cascade.js';
import { buildBankWorker, buildTrust, insertBooking } from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * bench:suggestions compares the sweep with one hand-written statement (src/bench/suggestions-floor.ts)
 * that writes the ladder's rules again in SQL. The comparison is only fair while both name the same
 * bank workers: here, for a shift about to reach agencies and an agency booking far enough ahead
 * to swap, with the cases a rota manager meets (10 hours' rest and exactly 11, an overlap
 * elsewhere, an average a hair over 48 hours and one just under, a worker cleared from a
 * neighbouring trust and one not, inactive, grade too low and too high).
 */
describe('the suggestions floor names the same bank workers as the sweep', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp();
  });

  afterAll(async () => {
    await test?.close();
  });

  it('for every due shift, in the same order', async () => {
    const at = await cascadePlaces(test)(DEFAULT_CASCADE);
    const neighbour = await buildTrust(test, at.systemId);
    // Three days ahead: agencies see it two hours after posting, inside the 24-hour lead.
    const startsAt = minuteFromNow(72 * HOUR);
    const shift = (await postShiftAt(test, at, startsAt)) as { id: string };
    // Five days ahead, held by an agency: beyond the 48 hours' notice, so a swap can be suggested.
    const held = (await postShiftAt(test, at, new Date(startsAt.getTime() + 48 * HOUR))) as { id: string };
    await insertBooking(test.database.url, held.id, {
      type: 'agency',
      agencyContractId: at.contractId,
      costPence: 27_500,
    });
    await queryRows(test.database.url, `UPDATE shifts SET status = 'booked' WHERE id = $1`, [held.id]);

    const worker = (displayName: string, overrides: Record<string, unknown> = {}, trustId = at.trustId) =>
      buildBankWorker(test, trustId, { displayName, ...overrides });
    const bookedAt = async (bankWorkerId: string, from: Date) => {
      const other = (await postShiftAt(test, at, from)) as { id: string };
      await insertBooking(test.database.url, other.id, { type: 'bank', bankWorkerId });
      await queryRows(test.database.url, `UPDATE shifts SET status = 'booked' WHERE id = $1`, [other.id]);
    };
    const ann = await worker('Ann');
    const ivy = await worker('Ivy', { contractedWeeklyHours: 47.35 });
    const dan = await worker('Dan');
    await bookedAt(dan, new Date(startsAt.getTime() - 23 * HOUR)); // ends 11 hours before
    await worker('Bob', { grade: 'band6' });
    const cat = await worker('Cat');
    await bookedAt(cat, new Date(startsAt.getTime() - 22 * HOUR)); // ends 10 hours before
    const gus = await worker('Gus');
    await bookedAt(gus, new Date(startsAt.getTime() + 2 * HOUR)); // overlaps
    await worker('Hal', { contractedWeeklyHours: 47.36 });
    await worker('Eve', { active: false });
    await worker('Fay', { grade: 'band4' });
    await worker('Jo', { clearedTrustIds: [at.trustId] }, neighbour.id);
    await worker('Kim', {}, neighbour.id);

    const now = new Date();
    await test.app.get(SuggestionsService).sweep(now);
    const raised = await queryRows<{ kind: string; shift_id: string; candidates: { bankWorkerId: string }[] }>(
      test.database.url,
      `SELECT kind, shift_id, candidates FROM fill_suggestions WHERE status = 'open'`,
    );
    const engine = new Map(
      raised.map((row) => [`${row.kind} ${row.shift_id}`, row.candidates.map((c) => c.bankWorkerId)]),
    );
    const client = new pg.Client({ connectionString: test.database.url });
    await client.connect();
    try {
      const floor = await floorCandidates(client, now);
      expect(floor).toEqual(engine);
    } finally {
      await client.end();
    }
    // The rule book's answer: exact grade first, fewest hours in 28 days (Dan worked yesterday),
    // then id;
    // Bob (a grade above) and Jo (cleared, collaborative) after them; Cat, Gus, Hal, Eve, Fay and Kim not at all.
    const [first, second] = [ann, ivy].sort();
    expect(engine.get(`before_agency ${shift.id}`)).toEqual([first, second, dan]);
    // Two days later Cat and Gus are rested, but worked in the last 28 days, as Dan did.
    const [third] = [cat, gus, dan].sort();
    expect(engine.get(`swap_to_bank ${held.id}`)).toEqual([first, second, third]);
    expect(engine.size).toBe(2);
  });
});
