import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { eventually } from '../support/eventually.js';
import { importAndWait } from '../support/imports-harness.js';
import {
  AFC_BANDS,
  buildAgency,
  buildAgencyContract,
  buildApiKey,
  buildOrganisation,
  buildShift,
  contractLines,
  type Organisation,
} from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { startTestWorker, type TestApp } from '../support/test-app.js';
import { seriousViolations, signIn, startWebHarness, type WebHarness } from '../support/web-harness.js';

const ROTA = { id: 'rota-ban', email: 'rota.ban@medway.test', name: 'Ravi Rota', password: 'rota-password-ban' };

const HEADER =
  'trustId,wardId,staffGroup,grade,startsAt,endsAt,breakMinutes,externalRef,bookingType,bankWorkerExternalRef,agencyContractId,bypassReason';

/**
 * The support-worker agency ban (docs/rules.md section 8): a system setting that refuses agency for
 * clinical support at bands 2 and 3, takes agency off their ladders, and makes any such agency
 * booking a breach. Shifts are 12-hour days of their own, from ten days ahead (within the window a
 * change of the ban re-checks), with an hour's break (660 paid minutes); the system releases every
 * stage at posting, and has no bank worker and no rate card, so agency is booked on its contract
 * alone at 2,000 an hour.
 */
describe('the support-worker agency ban', () => {
  let harness: WebHarness;
  let test: TestApp;
  let worker: INestApplicationContext;
  let org: Organisation;
  let rotaKey: string;
  let leadKey: string;
  let importKey: string;
  let contractId: string;
  let bookedBeforeBan: string;
  let day = 0;

  /** A fresh open day shift of its own day, 08:00 to 20:00 London. */
  const shift = async (staffGroup: string, grade: string) => {
    day += 1;
    return (await buildShift(test, org, dateAhead(10 + day), { staffGroup, grade }, rotaKey)).id;
  };
  const dateAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const agencyOptions = async (shiftId: string) => {
    const ladder = await test.as(rotaKey).get(`/api/v1/shifts/${shiftId}/fill-options`).expect(200);
    const options = ladder.body.tiers
      .filter((tier: { tier: string }) => !tier.tier.endsWith('bank'))
      .flatMap((tier: { options: { agencyContractId: string }[] }) => tier.options);
    return { banned: ladder.body.agencyBanned as boolean, options };
  };
  const bookAgency = (shiftId: string) =>
    test.as(rotaKey).post(`/api/v1/shifts/${shiftId}/bookings`, { type: 'agency', agencyContractId: contractId });
  const setBan = async (on: boolean) => {
    const system = await test
      .as(test.adminKey)
      .patch(`/api/v1/systems/${org.systemId}`, { settings: { supportWorkerAgencyBan: on } })
      .expect(200);
    expect(system.body.settings.supportWorkerAgencyBan).toBe(on);
  };
  const banBreaches = async () => {
    const response = await test
      .as(leadKey)
      .get(`/api/v1/breaches?systemId=${org.systemId}&rule=SUPPORT_WORKER_AGENCY&limit=100`)
      .expect(200);
    return response.body.items as {
      bookingId: string;
      severity: string;
      status: string;
      resolution: string | null;
      amountPence: number;
      chargePence: number;
    }[];
  };

  beforeAll(async () => {
    harness = await startWebHarness([ROTA], { RECHECK_DELAY_MS: '100' });
    test = harness.test;
    worker = await startTestWorker(test);
    org = await buildOrganisation(test);
    rotaKey = await buildApiKey(test, { role: 'rota_manager', trustIds: [org.trustId] });
    leadKey = await buildApiKey(test, { role: 'workforce_lead', systemId: org.systemId });
    importKey = await buildApiKey(test, { role: 'integration', trustIds: [org.trustId] });
    await test
      .as(test.adminKey)
      .patch(`/api/v1/systems/${org.systemId}`, { settings: { releaseCascade: null } })
      .expect(200);
    const agencyId = await buildAgency(test, { name: 'Care Staff Ltd' });
    const rates = { chargeRatePence: 2000, workerPayPence: 1300 };
    contractId = await buildAgencyContract(test, {
      agencyId,
      systemId: org.systemId,
      lines: [
        ...contractLines('clinical_support', 'band2', AFC_BANDS, rates),
        ...contractLines('clinical_support', 'band3', AFC_BANDS, rates),
        ...contractLines('clinical_support', 'band4', AFC_BANDS, rates),
        ...contractLines('nursing', 'band3', AFC_BANDS, rates),
      ],
    });
  });

  afterAll(async () => {
    await worker?.close();
    await harness?.close();
  });

  it('is off by default: a band 3 support worker shift lists the agency and books it', async () => {
    const system = await test.as(test.adminKey).get(`/api/v1/systems/${org.systemId}`).expect(200);
    expect(system.body.settings.supportWorkerAgencyBan).toBe(false);
    const shiftId = await shift('clinical_support', 'band3');
    expect(await agencyOptions(shiftId)).toEqual({
      banned: false,
      options: [expect.objectContaining({ agencyContractId: contractId, costPence: 22_000 })],
    });
    const booked = await bookAgency(shiftId).expect(201);
    expect(booked.body).toMatchObject({ type: 'agency', status: 'confirmed', costPence: 22_000 });
    bookedBeforeBan = booked.body.id;
    // Its own re-check done: no breach.
    await eventually(async () => {
      const [marked] = await queryRows(test.database.url, `SELECT recheck_requested_at FROM shifts WHERE id = $1`, [
        shiftId,
      ]);
      if (marked!.recheck_requested_at !== null) throw new Error('not re-checked yet');
    });
    expect(await banBreaches()).toEqual([]);
  });

  it('once on, refuses agency for band 2 and 3 support workers with 422 and lists none on their ladder', async () => {
    await setBan(true);
    for (const grade of ['band2', 'band3']) {
      const shiftId = await shift('clinical_support', grade);
      expect(await agencyOptions(shiftId)).toEqual({ banned: true, options: [] });
      const refused = await bookAgency(shiftId).expect(422);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({
        rule: 'SUPPORT_WORKER_AGENCY',
        detail: expect.stringContaining('bans agency for support workers at bands 2 and 3'),
      });
    }
  });

  it('tells the rota manager on the shift page that agency is not allowed for such a shift', async () => {
    await test
      .as(test.adminKey)
      .post('/api/v1/users', { email: ROTA.email, role: 'rota_manager', trustIds: [org.trustId] })
      .expect(201);
    const page = await signIn(harness, ROTA);
    const banned = await shift('clinical_support', 'band3');
    await page.goto(`${harness.base}/shifts/${banned}`);
    expect(await page.locator('.nhsuk-inset-text').first().textContent()).toContain(
      'Agency is not allowed for this shift',
    );
    expect(await page.getByRole('link', { name: /^Book/ }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({
      path: join(import.meta.dirname, 'screenshots', 'shift-ladder-banned.png'),
      fullPage: true,
    });
    await page.goto(`${harness.base}/shifts/${await shift('clinical_support', 'band4')}`);
    expect(await page.getByText('Agency is not allowed for this shift').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Book Care Staff Ltd' }).count()).toBe(1);
    await page.context().close();
  });

  it('leaves band 4 support workers and band 3 nurses to agency as before', async () => {
    for (const [group, grade] of [
      ['clinical_support', 'band4'],
      ['nursing', 'band3'],
    ] as const) {
      const shiftId = await shift(group, grade);
      expect(await agencyOptions(shiftId)).toEqual({
        banned: false,
        options: [expect.objectContaining({ agencyContractId: contractId })],
      });
      await bookAgency(shiftId).expect(201);
    }
  });

  it('records an imported such booking, and flags it and the earlier one as high breaches of their charge', async () => {
    const result = await importAndWait(
      test,
      'shifts',
      [
        HEADER,
        `${org.trustId},${org.wardId},clinical_support,band3,${dateAhead(40)}T08:00:00Z,${dateAhead(40)}T20:00:00Z,60,BAN-1,agency,,${contractId},`,
      ].join('\n'),
      importKey,
    );
    expect(result).toMatchObject({ status: 'succeeded', errors: [] });

    // Switching the ban on re-checked the booking made before it; the import re-checks its own.
    const breaches = await eventually(async () => {
      const found = await banBreaches();
      if (found.length < 2) throw new Error(`${found.length} breaches so far`);
      return found;
    });
    expect(breaches).toHaveLength(2);
    for (const breach of breaches)
      expect(breach).toMatchObject({ severity: 'high', status: 'open', amountPence: 22_000, chargePence: 22_000 });
    expect(breaches.map((breach) => breach.bookingId)).toContain(bookedBeforeBan);
  });

  it('once off again, resolves those breaches as cleared and books agency again', async () => {
    await setBan(false);
    const cleared = await eventually(async () => {
      const found = await banBreaches();
      if (found.some((breach) => breach.status !== 'resolved')) throw new Error('not re-checked yet');
      return found;
    });
    expect(cleared.map((breach) => [breach.status, breach.resolution])).toEqual([
      ['resolved', 'cleared'],
      ['resolved', 'cleared'],
    ]);
    const shiftId = await shift('clinical_support', 'band3');
    expect((await agencyOptions(shiftId)).options).toHaveLength(1);
    await bookAgency(shiftId).expect(201);
  });
});
