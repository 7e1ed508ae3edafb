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
import { buildApiKey } from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';
import { ThrowawayRedis } from '../support/throwaway-redis.js';

/** The collaborative bank an hour before the start; every agency tier at the start. */
const SHORT_CASCADE = {
  collaborative_bank: { beforeStartHours: 1, afterPostingHours: 0 },
  agency_tier_1: { beforeStartHours: 0, afterPostingHours: 0 },
  agency_tier_2: { beforeStartHours: 0, afterPostingHours: 0 },
  agency_tier_3: { beforeStartHours: 0, afterPostingHours: 0 },
};

/**
 * The release cascade (docs/rules.md section 10a) through the API and a real worker: each stage's
 * instant on the shift and its ladder, booking refused before its stage is released, an early
 * release by a rota manager, and releases announced on time, also after the worker was away and
 * after Redis came back empty (this file's own redis-server, never the shared one).
 */
describe('release cascade', () => {
  let redis: ThrowawayRedis;
  let test: TestApp;
  let worker: INestApplicationContext | null = null;

  let place: (cascade: object | null) => Promise<CascadePlace>;
  const postShift = (at: CascadePlace, startsAt: Date, key = test.adminKey) => postShiftAt(test, at, startsAt, key);
  type EventRow = { type: string; subject_id: string; data: { stage: string; early?: boolean }; occurred_at: Date };
  const released = (events: EventRow[], shiftId: string) =>
    events.filter((event) => event.type === 'shift.released' && event.subject_id === shiftId);
  const eventsOf = (shiftId: string) =>
    queryRows<EventRow>(
      test.database.url,
      `SELECT type, subject_id, data, occurred_at FROM alert_events WHERE subject_id = $1 ORDER BY occurred_at`,
      [shiftId],
    );

  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
    test = await startTestApp({ REDIS_URL: redis.url, RELEASE_SWEEP_MS: '300' });
    place = cascadePlaces(test);
  });

  afterAll(async () => {
    await worker?.close();
    await test?.close();
    await redis?.stop();
  });

  it('gives a shift posted ten days ahead each stage’s instant, on the shift and on its ladder', async () => {
    const at = await place(DEFAULT_CASCADE);
    const start = minuteFromNow(10 * 24 * HOUR);
    const shift = await postShift(at, start);
    const posted = new Date(shift.postedAt).getTime();
    expect(shift.stage).toBe('own_bank');
    expect(
      shift.releases.map((release: { stage: string; released: boolean }) => [release.stage, release.released]),
    ).toEqual([
      ['own_bank', true],
      ['collaborative_bank', false],
      ['agency_tier_1', false],
      ['agency_tier_2', false],
      ['agency_tier_3', false],
    ]);
    const at_ = (stage: string) =>
      new Date(shift.releases.find((release: { stage: string }) => release.stage === stage).releaseAt).getTime();
    // 14 days before has passed: the collaborative bank an hour after posting; tier 1 five days before.
    expect(at_('collaborative_bank') - posted).toBe(HOUR);
    expect(start.getTime() - at_('agency_tier_1')).toBe(120 * HOUR);
    expect(start.getTime() - at_('agency_tier_3')).toBe(48 * HOUR);
    expect(shift.nextReleaseAt).toBe(new Date(at_('collaborative_bank')).toISOString());

    const detail = await test.as(test.adminKey).get(`/api/v1/shifts/${shift.id}`).expect(200);
    expect(detail.body.releases).toEqual(shift.releases);
    const ladder = await test.as(test.adminKey).get(`/api/v1/shifts/${shift.id}/fill-options`).expect(200);
    const agency = ladder.body.tiers.flatMap((tier: { options: object[] }) => tier.options)[0];
    expect(agency).toMatchObject({ stage: 'agency_tier_1', released: false });
    expect(new Date(agency.releaseAt).getTime()).toBe(at_('agency_tier_1'));
  });

  it('refuses to book an agency before its tier is released, naming the instant, and books it once released early', async () => {
    const at = await place(DEFAULT_CASCADE);
    const shift = await postShift(at, minuteFromNow(10 * 24 * HOUR));
    const refused = await test
      .as(test.adminKey)
      .post(`/api/v1/shifts/${shift.id}/bookings`, { type: 'agency', agencyContractId: at.contractId })
      .expect(422);
    const tier1 = shift.releases.find((release: { stage: string }) => release.stage === 'agency_tier_1');
    expect(refused.body).toMatchObject({
      rule: 'NOT_YET_RELEASED',
      releaseAt: new Date(tier1.releaseAt).toISOString(),
    });
    expect(refused.body.detail).toContain('not yet released to tier 1 agencies');

    const rota = await buildApiKey(test, { role: 'rota_manager', trustIds: [at.trustId] });
    const approver = await buildApiKey(test, { role: 'approver', systemId: at.systemId, approvalLevel: 'executive' });
    const release = (body: object, key = rota) => test.as(key).post(`/api/v1/shifts/${shift.id}/release`, body);
    await release({ stage: 'agency_tier_1' }).expect(400);
    await release({ stage: 'own_bank', reason: 'x' }).expect(400);
    await release({ stage: 'agency_tier_9', reason: 'x' }).expect(400);
    await release({ stage: 'agency_tier_1', reason: 'No bank cover' }, approver).expect(403);
    const early = await release({ stage: 'agency_tier_1', reason: 'No bank cover after two days of asking' }).expect(
      200,
    );
    expect(early.body.stage).toBe('agency_tier_1');
    expect(early.body.releases.map((stage: { released: boolean }) => stage.released)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    await release({ stage: 'agency_tier_1', reason: 'again' }).expect(409);

    const events = await eventsOf(shift.id);
    expect(released(events, shift.id)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ stage: 'agency_tier_1', early: true }) }),
    ]);
    const [audit] = await queryRows<{ action: string; after: { reason: string } }>(
      test.database.url,
      `SELECT action, after FROM audit_log WHERE entity_id = $1 AND action = 'shift.release'`,
      [shift.id],
    );
    expect(audit!.after.reason).toBe('No bank cover after two days of asking');

    const booked = await test
      .as(rota)
      .post(`/api/v1/shifts/${shift.id}/bookings`, { type: 'agency', agencyContractId: at.contractId })
      .expect(201);
    expect(booked.body.status).toBe('confirmed');
    // A booked shift is not released again.
    await release({ stage: 'agency_tier_3', reason: 'x' }).expect(409);
  });

  it('keeps a stage released early at the instant it was released when a later stage is released early', async () => {
    const at = await place(DEFAULT_CASCADE);
    const shift = await postShift(at, minuteFromNow(10 * 24 * HOUR));
    const instant = (view: { releases: { stage: string; releaseAt: string }[] }, stage: string) =>
      new Date(view.releases.find((release) => release.stage === stage)!.releaseAt).getTime();
    const first = await test
      .as(test.adminKey)
      .post(`/api/v1/shifts/${shift.id}/release`, { stage: 'collaborative_bank', reason: 'Quiet week at home' })
      .expect(200);
    await new Promise((wait) => setTimeout(wait, 50));
    const second = await test
      .as(test.adminKey)
      .post(`/api/v1/shifts/${shift.id}/release`, { stage: 'agency_tier_1', reason: 'Still no one' })
      .expect(200);
    expect(instant(second.body, 'collaborative_bank')).toBe(instant(first.body, 'collaborative_bank'));
    expect(instant(second.body, 'agency_tier_1')).toBeGreaterThan(instant(first.body, 'collaborative_bank'));
    expect(second.body.stage).toBe('agency_tier_1');
  });

  it('releases every stage at posting where the system has no cascade, and never holds a shift past its start', async () => {
    const off = await place(null);
    const shift = await postShift(off, minuteFromNow(10 * 24 * HOUR));
    expect(shift.stage).toBe('agency_tier_3');
    expect(shift.nextReleaseAt).toBeNull();
    await test
      .as(test.adminKey)
      .post(`/api/v1/shifts/${shift.id}/bookings`, { type: 'agency', agencyContractId: off.contractId })
      .expect(201);

    // Posted an hour before it starts, under the default cascade: every stage by its start.
    const late = await place(DEFAULT_CASCADE);
    const soon = minuteFromNow(HOUR);
    const hurried = await postShift(late, soon);
    for (const release of hurried.releases.slice(1)) {
      expect(new Date(release.releaseAt).getTime()).toBeLessThanOrEqual(soon.getTime());
    }
  });

  it('announces a release when it comes, from a real worker', async () => {
    worker = await startTestWorker(test);
    const at = await place(SHORT_CASCADE);
    // The collaborative bank is released an hour before the start: a few seconds from now.
    const shift = await postShift(at, minuteFromNow(HOUR + 5_000));
    const collaborative = new Date(
      shift.releases.find((release: { stage: string }) => release.stage === 'collaborative_bank').releaseAt,
    );
    const [event] = await eventually(async () => {
      const found = released(await eventsOf(shift.id), shift.id);
      if (found.length === 0) throw new Error('not announced yet');
      return found;
    }, 600);
    expect(event!.data.stage).toBe('collaborative_bank');
    const lateByMs = new Date(event!.occurred_at).getTime() - collaborative.getTime();
    expect(lateByMs).toBeGreaterThanOrEqual(0);
    const [row] = await queryRows<{ announced_stage: string; next_release_at: Date }>(
      test.database.url,
      'SELECT announced_stage, next_release_at FROM shifts WHERE id = $1',
      [shift.id],
    );
    expect(row!.announced_stage).toBe('collaborative_bank');
    expect(new Date(row!.next_release_at).toISOString()).toBe(
      new Date(
        shift.releases.find((release: { stage: string }) => release.stage === 'agency_tier_1').releaseAt,
      ).toISOString(),
    );
  });

  it('loses no release while the worker is away or Redis restarts empty', async () => {
    await worker?.close();
    worker = null;
    const at = await place(SHORT_CASCADE);
    const dueSoon = async () => {
      const posted = await postShift(at, minuteFromNow(2 * HOUR));
      // Starts fall on whole minutes, so their releases do too: bring this one to a second from now.
      const due = new Date(Date.now() + 1_000);
      await queryRows(
        test.database.url,
        'UPDATE shifts SET release_collaborative_bank_at = $2, next_release_at = $2 WHERE id = $1',
        [posted.id, due],
      );
      return { ...posted, due };
    };
    const shift = await dueSoon();
    const due = shift.due;
    // Due while no worker runs and Redis is down.
    await redis.stop();
    await new Promise((wait) => setTimeout(wait, Math.max(0, due.getTime() - Date.now()) + 500));
    expect(released(await eventsOf(shift.id), shift.id)).toEqual([]);
    await redis.start();
    worker = await startTestWorker(test);
    const events = await eventually(async () => {
      const found = released(await eventsOf(shift.id), shift.id);
      if (found.length === 0) throw new Error('not announced yet');
      return found;
    }, 600);
    expect(events).toHaveLength(1);
    // Redis restarted empty under a running worker: its own timer still sweeps.
    const second = await dueSoon();
    await redis.stop();
    await redis.start();
    const announced = await eventually(async () => {
      const found = released(await eventsOf(second.id), second.id);
      if (found.length === 0) throw new Error('not announced yet');
      return found;
    }, 600);
    expect(announced).toHaveLength(1);
  });

  it('recomputes the instants of shifts still to start when the system’s cascade changes', async () => {
    worker ??= await startTestWorker(test);
    const at = await place(DEFAULT_CASCADE);
    const shift = await postShift(at, minuteFromNow(10 * 24 * HOUR));
    await test
      .as(test.adminKey)
      .patch(`/api/v1/systems/${at.systemId}`, { settings: { releaseCascade: null } })
      .expect(200);
    const detail = await eventually(async () => {
      const answer = await test.as(test.adminKey).get(`/api/v1/shifts/${shift.id}`).expect(200);
      if (answer.body.stage !== 'agency_tier_3') throw new Error('not recomputed yet');
      return answer.body;
    }, 600);
    expect(detail.releases.every((release: { released: boolean }) => release.released)).toBe(true);
  });
});
