import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { buildApiKey, buildOrganisation, dayShiftBody, type Organisation } from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { problemDefect } from '../support/problem.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A Saturday night, 19:00 to 07:30 London time, with a 30-minute break. */
const saturdayNight = (org: Organisation, date: string, next: string, overrides: Record<string, unknown> = {}) =>
  dayShiftBody(org, date, {
    startsAt: `${date}T19:00:00+01:00`,
    endsAt: `${next}T07:30:00+01:00`,
    breakMinutes: 30,
    ...overrides,
  });

describe('posting a shift repeated weekly (POST /shifts with repeatWeeks)', () => {
  let test: TestApp;
  let org: Organisation;
  let rotaKey: string;

  beforeAll(async () => {
    test = await startTestApp();
    org = await buildOrganisation(test);
    rotaKey = await buildApiKey(test, { role: 'rota_manager', trustIds: [org.trustId] });
  });

  afterAll(async () => {
    await test.close();
  });

  const shiftsWithReason = (reason: string) =>
    queryRows<{ starts_at: Date }>(test.database.url, 'SELECT starts_at FROM shifts WHERE reason = $1', [reason]);

  it('posts a Saturday night for three weeks across the October clock change: that night is 13.5 hours, the others 12.5', async () => {
    const response = await test
      .as(rotaKey)
      .post('/api/v1/shifts', saturdayNight(org, '2025-10-11', '2025-10-12', { repeatWeeks: 3 }))
      .expect(201);
    const weeks = response.body.weeklyShifts as Record<string, unknown>[];
    expect(weeks.map((shift) => [shift.startsAt, shift.endsAt, shift.elapsedMinutes, shift.paidMinutes])).toEqual([
      ['2025-10-11T18:00:00.000Z', '2025-10-12T06:30:00.000Z', 750, 720],
      ['2025-10-18T18:00:00.000Z', '2025-10-19T06:30:00.000Z', 750, 720],
      ['2025-10-25T18:00:00.000Z', '2025-10-26T07:30:00.000Z', 810, 780],
    ]);
    expect(weeks[2]!.bandMinutes).toEqual({ saturday: 300, sunday: 510 });
    // The answer is the first shift, as for a single post, with the weeks beside it.
    expect(response.body).toMatchObject({ id: weeks[0]!.id, status: 'open', elapsedMinutes: 750 });
    for (const shift of weeks) {
      await test
        .as(rotaKey)
        .get(`/api/v1/shifts/${String(shift.id)}`)
        .expect(200);
    }
    const audited = await queryRows<{ count: string }>(
      test.database.url,
      `SELECT count(*) FROM audit_log WHERE action = 'shift.create' AND entity_id = ANY($1::text[])`,
      [weeks.map((shift) => shift.id)],
    );
    expect(Number(audited[0]!.count)).toBe(3);
  });

  it('answers a post that does not ask to repeat exactly as before, without weeklyShifts', async () => {
    const single = await test
      .as(rotaKey)
      .post('/api/v1/shifts', saturdayNight(org, '2025-10-25', '2025-10-26', { endsAt: '2025-10-26T07:30:00Z' }));
    expect(single.status).toBe(201);
    expect(single.body).not.toHaveProperty('weeklyShifts');
    expect(single.body.elapsedMinutes).toBe(810);
    const once = await test
      .as(rotaKey)
      .post('/api/v1/shifts', saturdayNight(org, '2025-10-25', '2025-10-26', { repeatWeeks: 1 }))
      .expect(201);
    expect(once.body.weeklyShifts.map((shift: { id: string }) => shift.id)).toEqual([once.body.id]);
  });

  it('posts a shift an hour before it starts, and its repeats a week apart at the same London time', async () => {
    const start = DateTime.fromMillis(Math.ceil(Date.now() / 60_000) * 60_000 + 3_600_000, { zone: 'Europe/London' });
    const response = await test
      .as(rotaKey)
      .post(
        '/api/v1/shifts',
        dayShiftBody(org, '', {
          startsAt: start.toISO({ suppressMilliseconds: true }),
          endsAt: start.plus({ hours: 8 }).toISO({ suppressMilliseconds: true }),
          breakMinutes: 30,
          repeatWeeks: 2,
        }),
      )
      .expect(201);
    const [first, second] = response.body.weeklyShifts as { startsAt: string; status: string }[];
    expect(first!.startsAt).toBe(start.toUTC().toISO());
    expect(second!.startsAt).toBe(start.plus({ weeks: 1 }).toUTC().toISO());
    expect(first!.status).toBe('open');
  });

  it.each([0, 13, 2.5, '3', -1])('refuses repeatWeeks %p with 400 naming the field', async (repeatWeeks) => {
    const reason = `refused repeat ${String(repeatWeeks)}`;
    const response = await test
      .as(rotaKey)
      .post('/api/v1/shifts', saturdayNight(org, '2025-11-01', '2025-11-02', { repeatWeeks, reason }));
    expect(response.status).toBe(400);
    expect(problemDefect(response)).toBeNull();
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain('repeatWeeks');
    expect(await shiftsWithReason(reason)).toEqual([]);
  });

  it('refuses to repeat a shift with an externalRef, which names one shift, and posts it once', async () => {
    const refused = await test
      .as(rotaKey)
      .post('/api/v1/shifts', saturdayNight(org, '2025-11-08', '2025-11-09', { externalRef: 'ER-7', repeatWeeks: 2 }))
      .expect(400);
    expect(refused.body.errors).toEqual([
      {
        field: 'externalRef',
        message: 'names one shift: leave it out to repeat weekly, or post each week with its own',
      },
    ]);
    await test
      .as(rotaKey)
      .post('/api/v1/shifts', saturdayNight(org, '2025-11-08', '2025-11-09', { externalRef: 'ER-7', repeatWeeks: 1 }))
      .expect(201);
  });

  it('posts none of the weeks when one of them has a start the clocks repeat', async () => {
    const reason = 'early Sunday start';
    const response = await test
      .as(rotaKey)
      .post(
        '/api/v1/shifts',
        dayShiftBody(org, '', {
          startsAt: '2026-10-11T01:30:00+01:00',
          endsAt: '2026-10-11T09:30:00+01:00',
          breakMinutes: 30,
          repeatWeeks: 4,
          reason,
        }),
      )
      .expect(400);
    expect(response.body.errors).toEqual([
      {
        field: 'repeatWeeks',
        message:
          'week 3 (Sun 25 Oct 2026): it would start at 01:30 on Sun 25 Oct 2026, a time London has twice when the clocks go back; post that week on its own, with its offset',
      },
    ]);
    expect(await shiftsWithReason(reason)).toEqual([]);
  });

  it('posts none of the weeks when the database refuses the third', async () => {
    const reason = 'all or none';
    // A fault put in on purpose: PostgreSQL refuses the third week's row after the first two were written.
    await queryRows(
      test.database.url,
      `ALTER TABLE shifts ADD CONSTRAINT ck_test_refuse_third_week
         CHECK (reason IS DISTINCT FROM '${reason}' OR local_start_date <> '2025-11-29')`,
    );
    try {
      const response = await test
        .as(rotaKey)
        .post('/api/v1/shifts', saturdayNight(org, '2025-11-15', '2025-11-16', { repeatWeeks: 4, reason }));
      // A check violation answers 422 (core/errors/problem.ts): the constraint did refuse the third week.
      expect(response.status).toBe(422);
      expect(await shiftsWithReason(reason)).toEqual([]);
    } finally {
      await queryRows(test.database.url, 'ALTER TABLE shifts DROP CONSTRAINT ck_test_refuse_third_week');
    }
    const retried = await test
      .as(rotaKey)
      .post('/api/v1/shifts', saturdayNight(org, '2025-11-15', '2025-11-16', { repeatWeeks: 4, reason }))
      .expect(201);
    expect(retried.body.weeklyShifts).toHaveLength(4);
  });

  it('answers 404 for a trust outside the key’s scope, posting nothing', async () => {
    await test
      .as(rotaKey)
      .post(
        '/api/v1/shifts',
        saturdayNight({ trustId: org.otherTrustId, wardId: org.wardId } as Organisation, '2025-12-06', '2025-12-07', {
          repeatWeeks: 2,
        }),
      )
      .expect(404);
  });
});
