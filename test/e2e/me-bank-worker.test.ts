import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  cascadePlaces,
  type CascadePlace,
  DEFAULT_CASCADE,
  HOUR,
  minuteFromNow,
  postShiftAt,
} from '../support/cascade.js';
import { buildApiKey, buildBankWorker, insertBooking } from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A bank worker's own way in through the API (docs/rules.md section 10c; api.md "Bank workers"):
 * a worker app's key linked to one bank worker, the shifts they may take now with their pay,
 * taking one through the one booking function (two at once: exactly one booking), offers, and
 * cancelling within the system's notice. A 12-hour day shift with an hour's break pays
 * 1,800 × 11 = 19,800 at the card rate.
 */
describe('a bank worker’s own shifts', () => {
  let test: TestApp;
  let at: CascadePlace;
  let rota: string;
  const workers: Record<string, { id: string; key: string }> = {};

  const available = async (who: string) =>
    (await test.as(workers[who]!.key).get('/api/v1/me/shifts/available').expect(200)).body as {
      shiftId: string;
      payPence: number | null;
      offer: { id: string; expiresAt: string } | null;
    }[];
  const post = async (startsAt: Date) => (await postShiftAt(test, at, startsAt, rota)) as { id: string };

  beforeAll(async () => {
    test = await startTestApp();
    at = await cascadePlaces(test)(DEFAULT_CASCADE);
    rota = await buildApiKey(test, { role: 'rota_manager', trustIds: [at.trustId] });
    for (const name of ['Ann', 'Bob', 'Cat']) {
      const id = await buildBankWorker(test, at.trustId, { displayName: name });
      workers[name] = { id, key: await buildApiKey(test, { role: 'bank_worker', bankWorkerId: id }) };
    }
  });

  afterAll(async () => {
    await test?.close();
  });

  it('gives a worker app a key that is the worker and sees nothing else', async () => {
    const me = await test.as(workers.Ann!.key).get('/api/v1/me').expect(200);
    expect(me.body).toMatchObject({ bankWorkerId: workers.Ann!.id, displayName: 'Ann', staffGroup: 'nursing' });
    // Not the rota's lists, nor another worker's ladder.
    await test.as(workers.Ann!.key).get('/api/v1/shifts').expect(403);
    await test.as(workers.Ann!.key).get(`/api/v1/bank-workers/${workers.Bob!.id}`).expect(403);
    // A bank worker key is the worker: no scope of its own, and only with a worker.
    const scoped = await test
      .as(test.adminKey)
      .post('/api/v1/api-keys', {
        name: 'app',
        role: 'bank_worker',
        bankWorkerId: workers.Ann!.id,
        trustIds: [at.trustId],
      })
      .expect(400);
    expect(scoped.headers['content-type']).toContain('application/problem+json');
    await test.as(test.adminKey).post('/api/v1/api-keys', { name: 'app', role: 'bank_worker' }).expect(400);
    await test
      .as(test.adminKey)
      .post('/api/v1/api-keys', {
        name: 'app',
        role: 'rota_manager',
        systemId: at.systemId,
        bankWorkerId: workers.Ann!.id,
      })
      .expect(400);
    // Only bank workers have /me.
    await test.as(rota).get('/api/v1/me/shifts/available').expect(403);
  });

  it('lists the shifts a worker may take with their pay, and never one with 10 hours’ rest before it', async () => {
    const startsAt = minuteFromNow(72 * HOUR);
    const shift = await post(startsAt);
    // Cat finishes a shift elsewhere 10 hours before this one starts.
    const before = await post(new Date(startsAt.getTime() - 22 * HOUR));
    await insertBooking(test.database.url, before.id, { type: 'bank', bankWorkerId: workers.Cat!.id });
    await queryRows(test.database.url, `UPDATE shifts SET status = 'booked' WHERE id = $1`, [before.id]);

    const listed = (await available('Ann')).find((row) => row.shiftId === shift.id);
    expect(listed).toMatchObject({ payPence: 19_800, offer: null });
    // Its ward, times and pay, and nothing of other workers or agencies (api.md "Bank workers").
    expect(Object.keys(listed!).sort()).toEqual([
      'breakMinutes',
      'endsAt',
      'grade',
      'offer',
      'paidMinutes',
      'payPence',
      'shiftId',
      'staffGroup',
      'startsAt',
      'trustId',
      'trustName',
      'wardId',
      'wardName',
    ]);
    expect((await available('Cat')).map((row) => row.shiftId)).not.toContain(shift.id);
    const refused = await test.as(workers.Cat!.key).post(`/api/v1/me/shifts/${shift.id}/take`).expect(422);
    expect(JSON.stringify(refused.body)).toContain('REST_UNDER_11H');
    expect(await queryRows(test.database.url, `SELECT 1 FROM bookings WHERE shift_id = $1`, [shift.id])).toHaveLength(
      0,
    );

    // A window the API will not answer at once.
    await test.as(workers.Ann!.key).get('/api/v1/me/shifts/available?from=2027-01-01&to=2027-06-01').expect(400);
    await test.as(workers.Ann!.key).get('/api/v1/me/shifts/available?from=2027-02-01&to=2027-01-01').expect(400);
    await test.as(workers.Ann!.key).get('/api/v1/me/shifts/available?from=tomorrow').expect(400);
  });

  it('books exactly one of two workers who take the same shift at once; the other is told it has gone', async () => {
    const shift = await post(minuteFromNow(80 * HOUR));
    const [ann, bob] = await Promise.all(
      ['Ann', 'Bob'].map((who) => test.as(workers[who]!.key).post(`/api/v1/me/shifts/${shift.id}/take`)),
    );
    expect([ann!.status, bob!.status].sort()).toEqual([201, 409]);
    const lost = ann!.status === 409 ? ann! : bob!;
    expect(lost.body.detail).toMatch(/has gone/);
    const won = ann!.status === 201 ? ann! : bob!;
    expect(won.body).toMatchObject({ shiftId: shift.id, status: 'confirmed', payPence: 19_800 });
    const active = await queryRows(
      test.database.url,
      `SELECT bank_worker_id FROM bookings WHERE shift_id = $1 AND status IN ('confirmed', 'pending_approval')`,
      [shift.id],
    );
    expect(active).toHaveLength(1);
    // The taker sees it among their upcoming shifts; it is no longer available to anyone.
    const winner = ann!.status === 201 ? 'Ann' : 'Bob';
    const mine = (await test.as(workers[winner]!.key).get('/api/v1/me/bookings').expect(200)).body as { id: string }[];
    expect(mine.map((row) => row.id)).toContain(won.body.id);
    expect((await available('Ann')).map((row) => row.shiftId)).not.toContain(shift.id);
  });

  it('offers a shift to eligible workers: each hears it, the first to take it gets it, the rest close', async () => {
    const shift = await post(minuteFromNow(104 * HOUR));
    const made = await test
      .as(rota)
      .post(`/api/v1/shifts/${shift.id}/offers`, { bankWorkerIds: [workers.Ann!.id, workers.Bob!.id] })
      .expect(201);
    expect(made.body).toHaveLength(2);
    expect(made.body[0]).toMatchObject({ status: 'open', payPence: 19_800 });
    const events = await queryRows<{ data: { bankWorkerId: string; payPence: number } }>(
      test.database.url,
      `SELECT data FROM alert_events WHERE type = 'shift.offered' AND subject_id = $1`,
      [shift.id],
    );
    expect(events.map((event) => event.data.bankWorkerId).sort()).toEqual([workers.Ann!.id, workers.Bob!.id].sort());
    expect((await available('Ann')).find((row) => row.shiftId === shift.id)?.offer).not.toBeNull();
    // Offered again: nothing new. To a worker who cannot take it, or by a worker: refused.
    expect(
      (
        await test
          .as(rota)
          .post(`/api/v1/shifts/${shift.id}/offers`, { bankWorkerIds: [workers.Ann!.id] })
          .expect(201)
      ).body,
    ).toEqual([]);
    await test.as(rota).post(`/api/v1/shifts/${shift.id}/offers`, { bankWorkerIds: [] }).expect(400);
    await test
      .as(workers.Ann!.key)
      .post(`/api/v1/shifts/${shift.id}/offers`, { bankWorkerIds: [workers.Ann!.id] })
      .expect(403);

    await test.as(workers.Bob!.key).post(`/api/v1/me/shifts/${shift.id}/take`).expect(201);
    const offers = (await test.as(rota).get(`/api/v1/shifts/${shift.id}/offers`).expect(200)).body as {
      bankWorkerId: string;
      status: string;
      closeReason: string | null;
    }[];
    expect(offers.find((offer) => offer.bankWorkerId === workers.Bob!.id)).toMatchObject({ status: 'accepted' });
    expect(offers.find((offer) => offer.bankWorkerId === workers.Ann!.id)).toMatchObject({
      status: 'closed',
      closeReason: 'taken',
    });
  });

  it('lets a worker cancel until the system’s notice, and not after', async () => {
    const far = await post(minuteFromNow(140 * HOUR));
    const booking = (await test.as(workers.Ann!.key).post(`/api/v1/me/shifts/${far.id}/take`).expect(201)).body as {
      id: string;
      startsAt: string;
      cancellableUntil: string;
    };
    // The system's bankCancelNoticeHours (24) before the start.
    expect(new Date(booking.cancellableUntil).getTime()).toBe(new Date(booking.startsAt).getTime() - 24 * HOUR);
    const cancelled = await test
      .as(workers.Ann!.key)
      .post(`/api/v1/me/bookings/${booking.id}/cancel`, { reason: 'Unwell' })
      .expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellableUntil: null });
    expect(
      (await queryRows<{ status: string }>(test.database.url, `SELECT status FROM shifts WHERE id = $1`, [far.id]))[0]!
        .status,
    ).toBe('open');
    // Another worker's booking is not theirs to see.
    const bobs = (await test.as(workers.Bob!.key).post(`/api/v1/me/shifts/${far.id}/take`).expect(201)).body as {
      id: string;
    };
    await test.as(workers.Ann!.key).post(`/api/v1/me/bookings/${bobs.id}/cancel`).expect(404);

    // Posted an hour before it starts: taken, then too late to cancel here.
    const soon = await post(minuteFromNow(HOUR));
    const late = (await test.as(workers.Cat!.key).post(`/api/v1/me/shifts/${soon.id}/take`).expect(201)).body as {
      id: string;
    };
    const refused = await test.as(workers.Cat!.key).post(`/api/v1/me/bookings/${late.id}/cancel`).expect(422);
    expect(refused.body).toMatchObject({ rule: 'WITHIN_CANCEL_NOTICE' });
  });

  it('lists a shift offered beyond the usual four weeks, re-offers one whose offer lapsed, and takes a shift twice as once', async () => {
    // Five weeks ahead: out of the default window, but offered, so listed.
    const later = await post(minuteFromNow(35 * 24 * HOUR));
    await test
      .as(rota)
      .post(`/api/v1/shifts/${later.id}/offers`, { bankWorkerIds: [workers.Ann!.id] })
      .expect(201);
    expect((await available('Ann')).find((row) => row.shiftId === later.id)?.offer).not.toBeNull();
    // An offer past its instant that no sweep has closed yet: offered again, a new one.
    await queryRows(
      test.database.url,
      `UPDATE shift_offers SET expires_at = now() - interval '1 minute' WHERE shift_id = $1`,
      [later.id],
    );
    const again = await test
      .as(rota)
      .post(`/api/v1/shifts/${later.id}/offers`, { bankWorkerIds: [workers.Ann!.id] })
      .expect(201);
    expect(again.body).toHaveLength(1);
    const offers = (await test.as(rota).get(`/api/v1/shifts/${later.id}/offers`).expect(200)).body as {
      status: string;
      closeReason: string | null;
    }[];
    expect(offers.map((offer) => `${offer.status} ${offer.closeReason}`).sort()).toEqual([
      'closed lapsed',
      'open null',
    ]);
    // Two taps: the same booking, not "gone".
    const first = await test.as(workers.Ann!.key).post(`/api/v1/me/shifts/${later.id}/take`).expect(201);
    const second = await test.as(workers.Ann!.key).post(`/api/v1/me/shifts/${later.id}/take`).expect(201);
    expect(second.body.id).toBe(first.body.id);
    // A window wholly in the past is empty, not an error.
    expect(
      (await test.as(workers.Ann!.key).get('/api/v1/me/shifts/available?from=2020-01-01&to=2020-01-02').expect(200))
        .body,
    ).toEqual([]);
  });
});
