import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { eventually } from '../support/eventually.js';
import { startComplianceScenario, WINDOW, type ComplianceScenario } from '../support/compliance-scenario.js';
import { buildApiKey, type Organisation } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';

/** The rule book (docs/rules.md section 8) against the hand-built bookings of the compliance scenario. */
describe('compliance: runs, rules, breaches and re-checks', () => {
  let scenario: ComplianceScenario;
  let test: TestApp;
  let worker: INestApplicationContext;
  let org: Organisation;
  let leadKey: string;
  let rotaKey: string;
  let bookings: Record<string, string>;
  let sql: ComplianceScenario['sql'];
  let admin: ComplianceScenario['admin'];
  let run: ComplianceScenario['run'];
  let breaches: ComplianceScenario['breaches'];
  let verdicts: ComplianceScenario['verdicts'];
  let timesheet: ComplianceScenario['timesheet'];

  beforeAll(async () => {
    scenario = await startComplianceScenario();
    ({ test, worker, org, leadKey, rotaKey, bookings, sql, admin, run, breaches, verdicts, timesheet } = scenario);
    // Where compliance.test.ts leaves off: the window run once.
    await run();
  });

  afterAll(async () => {
    await scenario?.close();
  });

  it('re-checks a shift within moments of a booking change, without waiting for the night', async () => {
    const chief = await buildApiKey(test, {
      role: 'approver',
      systemId: org.systemId,
      approvalLevel: 'chief_executive',
    });
    await test
      .as(chief)
      .post(`/api/v1/bookings/${bookings.offFramework}/approve`, { reason: 'No one else' })
      .expect(200);
    // 34,000 > 33,000: over the national cap, senior-manager sign-off the booking never had.
    await timesheet('overSystemCap', 34_000);
    await test.as(rotaKey).post(`/api/v1/bookings/${bookings.bypassed}/cancel`, { reason: 'Not needed' }).expect(200);
    const found = await eventually(async () => {
      const now = await verdicts();
      if (now['offFramework:MISSING_SIGNOFF']?.status !== 'resolved') throw new Error('not re-checked yet');
      if (!now['overSystemCap:MISSING_SIGNOFF']) throw new Error('not re-checked yet');
      if (now['bypassed:BANK_FIRST_BYPASSED']?.status !== 'resolved') throw new Error('not re-checked yet');
      return now;
    });
    expect(found['overSystemCap:AGENCY_OVER_NATIONAL_CAP']).toEqual({
      amount: 1_000,
      severity: 'medium',
      status: 'open',
      signoff: 'senior_manager',
    });
    expect(found['overSystemCap:MISSING_SIGNOFF']).toMatchObject({ amount: 1_000, severity: 'critical' });
    expect(found['overSystemCap:AGENCY_OVER_SYSTEM_CAP']).toMatchObject({ amount: 5_400, status: 'open' });
    expect(found['offFramework:OFF_FRAMEWORK_AGENCY']).toMatchObject({ status: 'open' });
    const cleared = (await breaches()).find(
      (breach) => breach.bookingId === bookings.offFramework && breach.rule === 'MISSING_SIGNOFF',
    )!;
    expect(cleared.resolution).toBe('cleared');
    const marked = await sql(`SELECT count(*)::int AS n FROM shifts WHERE recheck_requested_at IS NOT NULL`);
    expect(marked[0]!.n).toBe(0);
  });

  it('keeps a justified breach justified through re-checks, and reopens it when its amount grows', async () => {
    const national = (await breaches()).find(
      (breach) => breach.bookingId === bookings.aboveCap && breach.rule === 'AGENCY_OVER_NATIONAL_CAP',
    )!;
    await test.as(leadKey).post(`/api/v1/breaches/${national.id}/acknowledge`, {}).expect(200);
    const justified = await test
      .as(leadKey)
      .post(`/api/v1/breaches/${national.id}/justify`, { reason: 'Only specialist nurse available' })
      .expect(200);
    expect(justified.body).toMatchObject({ status: 'justified', reason: 'Only specialist nurse available' });
    await test.as(leadKey).post(`/api/v1/breaches/${national.id}/acknowledge`, {}).expect(409);
    await test.as(leadKey).post(`/api/v1/breaches/${national.id}/justify`, {}).expect(400);

    await run();
    expect((await test.as(leadKey).get(`/api/v1/breaches/${national.id}`).expect(200)).body.status).toBe('justified');

    const executive = await buildApiKey(test, { role: 'approver', systemId: org.systemId, approvalLevel: 'executive' });
    await test.as(executive).post(`/api/v1/bookings/${bookings.aboveCap}/approve`, {}).expect(200);
    await timesheet('aboveCap', 52_000);
    const reopened = await eventually(async () => {
      const breach = (await test.as(leadKey).get(`/api/v1/breaches/${national.id}`).expect(200)).body;
      if (breach.amountPence !== 19_000) throw new Error('not re-checked yet');
      return breach;
    });
    expect(reopened.status).toBe('open');
    const audit = await sql<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [
      national.id,
    ]);
    expect(audit.map((row: { action: string }) => row.action)).toEqual(['breach.acknowledge', 'breach.justify']);
  });

  it('reopens a cleared breach when its condition holds again, as a new alert', async () => {
    const above = () =>
      breaches().then((all) =>
        all.find((breach) => breach.bookingId === bookings.bankAbove && breach.rule === 'BANK_ABOVE_CARD'),
      );
    const settled = async (status: string, amount: number) =>
      eventually(async () => {
        const breach = await above();
        if (breach?.status !== status || breach.amountPence !== amount) throw new Error('not re-checked yet');
        return breach;
      });
    await timesheet('bankAbove', 19_800);
    const cleared = await settled('resolved', 1_200);
    expect(cleared.resolution).toBe('cleared');
    await timesheet('bankAbove', 21_500);
    await settled('open', 1_700);
    const events = await sql<{ type: string }>(
      `SELECT type FROM alert_events WHERE subject_id = $1 ORDER BY occurred_at`,
      [cleared.id],
    );
    expect(events.map((row: { type: string }) => row.type)).toEqual([
      'breach.opened',
      'breach.resolved',
      'breach.opened',
    ]);
  });

  it('resolves by hand with a reason, and refuses what the lifecycle does not allow', async () => {
    const below = (await breaches()).find((breach) => breach.rule === 'BANK_BELOW_CARD')!;
    await test.as(rotaKey).post(`/api/v1/breaches/${below.id}/resolve`, { reason: 'Paid back' }).expect(403);
    const resolved = await test
      .as(leadKey)
      .post(`/api/v1/breaches/${below.id}/resolve`, { reason: 'Underpayment refunded in July payroll' })
      .expect(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'manual' });
    await test.as(leadKey).post(`/api/v1/breaches/${below.id}/justify`, { reason: 'x' }).expect(409);
    await run();
    expect((await test.as(leadKey).get(`/api/v1/breaches/${below.id}`).expect(200)).body).toMatchObject({
      status: 'resolved',
      resolution: 'manual',
    });
  });

  it('refuses bad runs with 4xx and starts nothing', async () => {
    const lead = test.as(leadKey);
    await lead
      .post('/api/v1/compliance-runs', { systemId: org.systemId, from: '2025-06-30', to: '2025-06-01' })
      .expect(400);
    await lead
      .post('/api/v1/compliance-runs', { systemId: org.systemId, from: '2024-01-01', to: '2025-06-01' })
      .expect(400);
    await lead
      .post('/api/v1/compliance-runs', { systemId: org.systemId, from: '2025-02-30', to: '2025-03-01' })
      .expect(400);
    const other = await test.as(test.adminKey).post('/api/v1/systems', { code: 'OTHER', name: 'Other' }).expect(201);
    await lead.post('/api/v1/compliance-runs', { systemId: other.body.id, ...WINDOW }).expect(404);
    const trustLead = await buildApiKey(test, { role: 'workforce_lead', trustIds: [org.trustId] });
    await test
      .as(trustLead)
      .post('/api/v1/compliance-runs', { systemId: org.systemId, ...WINDOW })
      .expect(403);
    // A run spans every trust of the system: a key scoped to some of them does not see runs.
    expect((await test.as(trustLead).get('/api/v1/compliance-runs').expect(200)).body.items).toEqual([]);
    const runs = await lead.get(`/api/v1/compliance-runs?systemId=${org.systemId}`).expect(200);
    expect(runs.body.items.every((entry: { status: string }) => entry.status === 'succeeded')).toBe(true);
  });

  it('keeps one nightly scheduler per system, in Europe/London, following its settings', async () => {
    const queue = worker.get<Queue>(getQueueToken('compliance'), { strict: false });
    const nightly = async () =>
      (await queue.getJobSchedulers()).find((scheduler) => scheduler.key === `nightly-${org.systemId}`);
    await eventually(async () => {
      const scheduler = await nightly();
      if (!scheduler) throw new Error('no scheduler yet');
      expect(scheduler).toMatchObject({ pattern: '0 2 * * *', tz: 'Europe/London' });
    });
    await admin()
      .patch(`/api/v1/systems/${org.systemId}`, { settings: { nightlyCron: '30 3 * * *' } })
      .expect(200);
    await eventually(async () => {
      if ((await nightly())?.pattern !== '30 3 * * *') throw new Error('not updated yet');
    });
  });
});
