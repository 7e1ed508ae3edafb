import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { eventually } from '../support/eventually.js';
import {
  type CascadePlace,
  cascadePlaces,
  DEFAULT_CASCADE,
  HOUR,
  minuteFromNow,
  postShiftAt,
} from '../support/cascade.js';
import { buildApiKey, buildBankWorker } from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

/**
 * Fill suggestions (docs/rules.md section 10b) with a real worker sweeping every half second: a
 * `before_agency` suggestion for an open shift about to reach agencies while a bank worker can
 * work it, raised once, acted on when the bank fills it (its saving realised) or expired when an
 * agency does; a `swap_to_bank` suggestion for an agency booking a bank worker could now take.
 * A 12-hour day shift with an hour's break: bank 1,800 × 11 = 19,800; agency 2,500 × 11 = 27,500.
 */
describe('fill suggestions', () => {
  let test: TestApp;
  let worker: INestApplicationContext;

  let placeOf: (cascade: object | null) => Promise<CascadePlace>;
  const place = async (cascade: object | null) => {
    const at = await placeOf(cascade);
    return { ...at, rota: await buildApiKey(test, { role: 'rota_manager', trustIds: [at.trustId] }) };
  };
  type Place = Awaited<ReturnType<typeof place>>;
  const postShift = async (at: Place, startsAt: Date) =>
    (await postShiftAt(test, at, startsAt, at.rota)) as { id: string };
  const suggestions = async (at: Place, query: string) =>
    (await test.as(at.rota).get(`/api/v1/fill-suggestions?${query}`).expect(200)).body.items as {
      id: string;
      kind: string;
      status: string;
      candidates: { displayName: string; costPence: number }[];
      agencyCostPence: number;
      savingPence: number;
      savingRealisedPence: number | null;
      closeReason: string | null;
      bookingId: string | null;
    }[];
  const until = <T>(check: () => Promise<T | undefined>) =>
    eventually(async () => {
      const found = await check();
      if (found === undefined) throw new Error('not yet');
      return found;
    }, 300);
  const eventsOf = (shiftId: string) =>
    queryRows<{ type: string; data: Record<string, unknown> }>(
      test.database.url,
      `SELECT type, data FROM alert_events WHERE subject_id = $1 AND type LIKE 'fill.%' ORDER BY occurred_at`,
      [shiftId],
    );

  beforeAll(async () => {
    test = await startTestApp({ SUGGESTION_SWEEP_MS: '500' });
    placeOf = cascadePlaces(test);
    worker = await startTestWorker(test);
  });

  afterAll(async () => {
    await worker?.close();
    await test?.close();
  });

  it('suggests the bank before a shift reaches agencies, once, and counts the saving when the bank fills it', async () => {
    const at = await place(DEFAULT_CASCADE);
    await buildBankWorker(test, at.trustId, { displayName: 'Bea Bank' });
    // Three days ahead: tier 1 agencies see it two hours after posting, well inside the 24-hour lead.
    const shift = await postShift(at, minuteFromNow(72 * HOUR));
    const [raised] = await until(async () => {
      const found = await suggestions(at, `shiftId=${shift.id}`);
      return found.length ? found : undefined;
    });
    expect(raised).toMatchObject({
      kind: 'before_agency',
      status: 'open',
      candidates: [expect.objectContaining({ displayName: 'Bea Bank', costPence: 19_800 })],
      agencyCostPence: 27_500,
      savingPence: 7_700,
    });
    // More sweeps raise nothing more.
    await new Promise((wait) => setTimeout(wait, 1_500));
    expect(await suggestions(at, `shiftId=${shift.id}`)).toHaveLength(1);

    const bea = raised!.candidates[0] as unknown as { bankWorkerId: string };
    await test
      .as(at.rota)
      .post(`/api/v1/shifts/${shift.id}/bookings`, { type: 'bank', bankWorkerId: bea.bankWorkerId })
      .expect(201);
    const [acted] = await suggestions(at, `shiftId=${shift.id}`);
    expect(acted).toMatchObject({ status: 'acted', savingRealisedPence: 7_700, closeReason: 'booked_from_bank' });
    expect((await eventsOf(shift.id)).map((event) => [event.type, event.data.status ?? event.data.kind])).toEqual([
      ['fill.suggested', 'before_agency'],
      ['fill.suggestion_closed', 'acted'],
    ]);
  });

  it('expires a suggestion when an agency fills the shift, and raises none far from agency release or without a bank worker', async () => {
    const at = await place(DEFAULT_CASCADE);
    await buildBankWorker(test, at.trustId, { displayName: 'Ann Bank' });
    const soon = await postShift(at, minuteFromNow(72 * HOUR));
    const far = await postShift(at, minuteFromNow(20 * 24 * HOUR));
    await until(async () => ((await suggestions(at, `shiftId=${soon.id}`)).length ? true : undefined));
    await test
      .as(at.rota)
      .post(`/api/v1/shifts/${soon.id}/release`, { stage: 'agency_tier_1', reason: 'Ann cannot after all' })
      .expect(200);
    await test
      .as(at.rota)
      .post(`/api/v1/shifts/${soon.id}/bookings`, {
        type: 'agency',
        agencyContractId: at.contractId,
        bypassReason: 'Ann is on leave',
      })
      .expect(201);
    const [expired] = await suggestions(at, `shiftId=${soon.id}`);
    expect(expired).toMatchObject({ status: 'expired', closeReason: 'booked_from_agency', savingRealisedPence: null });
    expect(await suggestions(at, `shiftId=${far.id}`)).toEqual([]);

    const lonely = await place(DEFAULT_CASCADE);
    const noBank = await postShift(lonely, minuteFromNow(72 * HOUR));
    await new Promise((wait) => setTimeout(wait, 1_500));
    expect(await suggestions(lonely, `shiftId=${noBank.id}`)).toEqual([]);
  });

  it('suggests swapping an agency booking to the bank once a bank worker could take it, far enough ahead to cancel', async () => {
    const at = await place(null);
    const shift = await postShift(at, minuteFromNow(5 * 24 * HOUR));
    const booking = await test
      .as(at.rota)
      .post(`/api/v1/shifts/${shift.id}/bookings`, { type: 'agency', agencyContractId: at.contractId })
      .expect(201);
    expect(booking.body.status).toBe('confirmed');
    // Inside the agency's notice: never suggested.
    const close = await postShift(at, minuteFromNow(24 * HOUR));
    await test
      .as(at.rota)
      .post(`/api/v1/shifts/${close.id}/bookings`, { type: 'agency', agencyContractId: at.contractId })
      .expect(201);
    await buildBankWorker(test, at.trustId, { displayName: 'Cal Bank' });
    const [swap] = await until(async () => {
      const found = await suggestions(at, `kind=swap_to_bank&status=open`);
      return found.length ? found : undefined;
    });
    expect(swap).toMatchObject({
      kind: 'swap_to_bank',
      bookingId: booking.body.id,
      agencyCostPence: 27_500,
      savingPence: 7_700,
      candidates: [expect.objectContaining({ displayName: 'Cal Bank' })],
    });
    await new Promise((wait) => setTimeout(wait, 1_000));
    expect(await suggestions(at, `kind=swap_to_bank`)).toHaveLength(1);
    // The agency booking cancelled: the suggestion's situation has passed.
    await test
      .as(at.rota)
      .post(`/api/v1/bookings/${booking.body.id}/cancel`, { reason: 'Agency worker unwell' })
      .expect(200);
    await until(async () => {
      const [after] = await suggestions(at, `kind=swap_to_bank`);
      return after?.status === 'expired' ? after : undefined;
    });
  });

  it('keeps suggestions to the caller’s scope', async () => {
    const at = await place(DEFAULT_CASCADE);
    const other = await place(DEFAULT_CASCADE);
    // Another trust's id finds nothing, as in every list.
    await buildBankWorker(test, other.trustId, { displayName: 'Dee Bank' });
    await postShift(other, minuteFromNow(72 * HOUR));
    await until(async () => ((await suggestions(other, `trustId=${other.trustId}`)).length ? true : undefined));
    expect(await suggestions(at, `trustId=${other.trustId}`)).toEqual([]);
    expect(await suggestions(at, `systemId=${other.systemId}`)).toEqual([]);
    await test.as(at.rota).get('/api/v1/fill-suggestions?status=maybe').expect(400);
    const mine = await test.as(at.rota).get('/api/v1/fill-suggestions?limit=500').expect(200);
    expect(mine.body.items.every((item: { trustId: string }) => item.trustId === at.trustId)).toBe(true);
  });
});
