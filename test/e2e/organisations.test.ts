import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { buildApiKey, buildSystem, buildTrust, buildWard } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('organisations', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp();
  });

  afterAll(async () => {
    await test.close();
  });

  const admin = () => test.as(test.adminKey);

  async function auditRows(entityId: string): Promise<{ action: string; before: unknown; after: unknown }[]> {
    const client = new pg.Client({ connectionString: test.database.url });
    await client.connect();
    try {
      const result = await client.query(
        'SELECT action, before, after FROM audit_log WHERE entity_id = $1 ORDER BY id',
        [entityId],
      );
      return result.rows;
    } finally {
      await client.end();
    }
  }

  it('creates a system with the documented default settings', async () => {
    const response = await admin().post('/api/v1/systems', { code: 'KM', name: 'Kent and Medway' }).expect(201);
    expect(response.body).toMatchObject({
      code: 'KM',
      name: 'Kent and Medway',
      settings: {
        executiveSignoffRatio: 1.5,
        ceoSignoffRatePence: 10000,
        nightlyCron: '0 2 * * *',
        recheckDays: 28,
        bankOnCostPercent: 0,
        releaseCascade: {
          collaborative_bank: { beforeStartHours: 336, afterPostingHours: 1 },
          agency_tier_1: { beforeStartHours: 120, afterPostingHours: 2 },
          agency_tier_2: { beforeStartHours: 72, afterPostingHours: 3 },
          agency_tier_3: { beforeStartHours: 48, afterPostingHours: 4 },
        },
        suggestLeadHours: 24,
        agencyNoticeHours: 48,
        approvalOverdueHours: 24,
      },
    });
    expect(response.body.createdAt).toMatch(/Z$/);
  });

  it('turns a system’s release cascade off with null, sets it whole, and refuses one with a stage missing', async () => {
    const system = await buildSystem(test);
    const off = await admin()
      .patch(`/api/v1/systems/${system.id}`, { settings: { releaseCascade: null } })
      .expect(200);
    expect(off.body.settings.releaseCascade).toBeNull();
    const quick = {
      collaborative_bank: { beforeStartHours: 2, afterPostingHours: 0 },
      agency_tier_1: { beforeStartHours: 1, afterPostingHours: 0 },
      agency_tier_2: { beforeStartHours: 1, afterPostingHours: 0 },
      agency_tier_3: { beforeStartHours: 0, afterPostingHours: 0 },
    };
    const set = await admin()
      .patch(`/api/v1/systems/${system.id}`, { settings: { releaseCascade: quick } })
      .expect(200);
    expect(set.body.settings.releaseCascade).toEqual(quick);
    const { agency_tier_3: _missing, ...partial } = quick;
    const refused = await admin()
      .patch(`/api/v1/systems/${system.id}`, { settings: { releaseCascade: partial } })
      .expect(400);
    expect(refused.body.errors).toContainEqual(
      expect.objectContaining({ field: 'settings.releaseCascade.agency_tier_3' }),
    );
    const negative = await admin()
      .patch(`/api/v1/systems/${system.id}`, {
        settings: { releaseCascade: { ...quick, agency_tier_1: { beforeStartHours: -1, afterPostingHours: 0 } } },
      })
      .expect(400);
    expect(negative.body.errors).toContainEqual(
      expect.objectContaining({ field: 'settings.releaseCascade.agency_tier_1.beforeStartHours' }),
    );
    await admin()
      .patch(`/api/v1/systems/${system.id}`, {
        settings: { releaseCascade: { ...quick, tier_9: quick.agency_tier_1 } },
      })
      .expect(400);
    await admin()
      .patch(`/api/v1/systems/${system.id}`, { settings: { suggestLeadHours: 1.5 } })
      .expect(400);
    const unchanged = await admin().get(`/api/v1/systems/${system.id}`).expect(200);
    expect(unchanged.body.settings.releaseCascade).toEqual(quick);
  });

  it('refuses a second system with the same code with 409', async () => {
    await buildSystem(test, { code: 'SEL' });
    const response = await admin().post('/api/v1/systems', { code: 'SEL', name: 'Again' }).expect(409);
    expect(response.body.detail).toContain('SEL');
  });

  it('answers 400, not 500, to a setting sent as null or a name with a NUL character', async () => {
    const nullSetting = await admin().post('/api/v1/systems', {
      code: 'NULLS',
      name: 'x',
      settings: { recheckDays: null },
    });
    expect(nullSetting.status).toBe(400);
    expect(nullSetting.body.errors).toContainEqual(expect.objectContaining({ field: 'settings.recheckDays' }));
    await admin().post('/api/v1/systems', { code: 'NUL', name: 'a\u0000b' }).expect(400);
  });

  it('refuses a malformed cron expression and names the field', async () => {
    const response = await admin()
      .post('/api/v1/systems', { code: 'BADCRON', name: 'x', settings: { nightlyCron: 'every night' } })
      .expect(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'settings.nightlyCron' })]);
  });

  it('lets an admin change a system’s settings, and audits the change', async () => {
    const system = await buildSystem(test);
    const response = await test
      .as(test.adminKey)
      .patch(`/api/v1/systems/${system.id}`, { settings: { nightlyCron: '30 1 * * *', recheckDays: 14 } })
      .expect(200);
    expect(response.body.settings).toMatchObject({
      nightlyCron: '30 1 * * *',
      recheckDays: 14,
      executiveSignoffRatio: 1.5,
    });
    const audit = await auditRows(system.id);
    expect(audit.map((row) => row.action)).toEqual(['system.create', 'system.update']);
    expect(audit[1]).toMatchObject({
      before: { settings: { nightlyCron: '0 2 * * *' } },
      after: { settings: { nightlyCron: '30 1 * * *' } },
    });
  });

  it('keeps ODS codes unique across systems', async () => {
    const first = await buildSystem(test);
    const second = await buildSystem(test);
    await buildTrust(test, first.id, { odsCode: 'RJ1' });
    await admin().post('/api/v1/trusts', { systemId: second.id, odsCode: 'RJ1', name: 'Copy' }).expect(409);
  });

  it('refuses a lower-case or over-long ODS code', async () => {
    const system = await buildSystem(test);
    const response = await admin()
      .post('/api/v1/trusts', { systemId: system.id, odsCode: 'rj1x99', name: 'x' })
      .expect(400);
    expect(response.body.errors[0].field).toBe('odsCode');
  });

  it('answers 404 for a trust in a system that does not exist', async () => {
    await admin()
      .post('/api/v1/trusts', { systemId: '00000000-0000-4000-8000-000000000000', odsCode: 'ZZ9', name: 'x' })
      .expect(404);
  });

  it('keeps ward codes unique within a trust but not across trusts', async () => {
    const system = await buildSystem(test);
    const trust = await buildTrust(test, system.id);
    const other = await buildTrust(test, system.id);
    await buildWard(test, trust.id, { code: 'ED' });
    await buildWard(test, other.id, { code: 'ED' });
    await admin().post(`/api/v1/trusts/${trust.id}/wards`, { code: 'ED', name: 'Again' }).expect(409);
  });

  it('lets a rota manager add a ward to a trust in scope', async () => {
    const system = await buildSystem(test);
    const trust = await buildTrust(test, system.id);
    const rota = await buildApiKey(test, { role: 'rota_manager', trustIds: [trust.id] });
    const ward = await test
      .as(rota)
      .post(`/api/v1/trusts/${trust.id}/wards`, { code: 'AMU', name: 'Acute Medical Unit' })
      .expect(201);
    expect(ward.body).toMatchObject({ trustId: trust.id, code: 'AMU' });
  });

  it('pages through trusts with a cursor, each trust exactly once, in ODS code order', async () => {
    const system = await buildSystem(test);
    const codes = ['PA1', 'PB2', 'PC3', 'PD4', 'PE5'];
    for (const odsCode of [...codes].reverse()) await buildTrust(test, system.id, { odsCode });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/trusts?systemId=${system.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await admin().get(query).expect(200);
      seen.push(...page.body.items.map((trust: { odsCode: string }) => trust.odsCode));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(codes);
  });

  it('answers 400 to a cursor it did not issue and to a limit over 500', async () => {
    await admin().get('/api/v1/trusts?cursor=rubbish').expect(400);
    await admin().get('/api/v1/trusts?limit=501').expect(400);
  });
});
