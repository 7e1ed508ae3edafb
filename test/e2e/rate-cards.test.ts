import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { buildApiKey, buildOrganisation, buildSystem, type Organisation } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const nursingBand5 = (rates: Record<string, number>, bank?: Record<string, number>) =>
  Object.entries(rates).map(([band, agencyCapPence]) => ({
    staffGroup: 'nursing',
    grade: 'band5',
    band,
    agencyCapPence,
    ...(bank ? { bankRatePence: bank[band] } : {}),
  }));

// The worked example's rates (docs/rules.md section 5), as a national card.
const EXAMPLE_CAPS = { day: 3000, night: 3900, saturday: 3900, sunday: 4794, bank_holiday: 4794 };
// The illustrative band 5 caps and the South West London bank card of docs/rules.md.
const SYSTEM_CAPS = { day: 2996, night: 3895, saturday: 3895, sunday: 4794, bank_holiday: 4794 };
const SYSTEM_BANK = { day: 1636, night: 2045, saturday: 2045, sunday: 2454, bank_holiday: 2454 };

describe('rate cards and quotes', () => {
  let test: TestApp;
  let org: Organisation;
  let leadKey: string;
  let rotaKey: string;
  let nationalId: string;

  beforeAll(async () => {
    test = await startTestApp();
    org = await buildOrganisation(test);
    leadKey = await buildApiKey(test, { role: 'workforce_lead', systemId: org.systemId });
    rotaKey = await buildApiKey(test, { role: 'rota_manager', trustIds: [org.trustId] });
    const national = await test
      .as(test.adminKey)
      .post('/api/v1/rate-cards', {
        scope: 'national',
        name: 'National caps 2025',
        effectiveFrom: '2025-01-01',
        lines: nursingBand5(EXAMPLE_CAPS),
      })
      .expect(201);
    nationalId = national.body.id;
    await test.as(test.adminKey).post(`/api/v1/rate-cards/${nationalId}/publish`).expect(200);
    const system = await test
      .as(leadKey)
      .post('/api/v1/rate-cards', {
        scope: 'system',
        systemId: org.systemId,
        name: 'Harmonised card 2025',
        effectiveFrom: '2025-01-01',
        lines: nursingBand5(SYSTEM_CAPS, SYSTEM_BANK),
      })
      .expect(201);
    await test.as(leadKey).post(`/api/v1/rate-cards/${system.body.id}/publish`).expect(200);
  });

  afterAll(async () => {
    await test.close();
  });

  const quote = (body: Record<string, unknown>) =>
    test.as(rotaKey).post('/api/v1/quotes', {
      trustId: org.trustId,
      staffGroup: 'nursing',
      grade: 'band5',
      breakMinutes: 0,
      ...body,
    });

  describe('POST /quotes', () => {
    it('costs the worked example of docs/rules.md to the minute and the penny', async () => {
      const response = await quote({
        startsAt: '2025-04-04T19:00:00+01:00',
        endsAt: '2025-04-05T07:30:00+01:00',
        breakMinutes: 30,
      }).expect(200);
      expect(response.body).toMatchObject({
        localStartDate: '2025-04-04',
        elapsedMinutes: 750,
        paidMinutes: 720,
        bandMinutes: { day: 60, night: 240, saturday: 450 },
        capCostPence: 45936,
        nationalCardId: nationalId,
        missingBands: [],
      });
      // System cap: (2996×60 + 3895×690) × 720 ÷ 45000 = 45876.96 → 45877.
      // Bank card: (1636×60 + 2045×690) × 720 ÷ 45000 = 24147.36 → 24147.
      expect(response.body.systemCapCostPence).toBe(45877);
      expect(response.body.cardCostPence).toBe(24147);
    });

    it.each([
      [
        'the clocks go forward',
        '2025-03-29T20:00:00Z',
        '2025-03-30T08:00:00+01:00',
        { saturday: 240, sunday: 420 },
        660,
      ],
      ['the clocks go back', '2025-10-25T20:00:00+01:00', '2025-10-26T08:00:00Z', { saturday: 240, sunday: 540 }, 780],
      [
        'the early May bank holiday',
        '2025-05-04T20:00:00+01:00',
        '2025-05-05T08:00:00+01:00',
        { sunday: 240, bank_holiday: 480 },
        720,
      ],
    ])('splits the night %s as the rule book does', async (_name, startsAt, endsAt, bandMinutes, elapsed) => {
      const response = await quote({ startsAt, endsAt }).expect(200);
      expect(response.body).toMatchObject({ bandMinutes, elapsedMinutes: elapsed });
    });

    it('names the bands a card has no line for, and gives no cost at that card', async () => {
      const response = await test
        .as(rotaKey)
        .post('/api/v1/quotes', {
          trustId: org.trustId,
          staffGroup: 'nursing',
          grade: 'band6',
          startsAt: '2025-06-10T08:00:00+01:00',
          endsAt: '2025-06-10T16:00:00+01:00',
          breakMinutes: 30,
        })
        .expect(200);
      expect(response.body).toMatchObject({ capCostPence: null, systemCapCostPence: null, cardCostPence: null });
      expect(response.body.missingBands).toEqual([
        { scope: 'national', cardId: nationalId, band: 'day' },
        { scope: 'system', cardId: expect.any(String), band: 'day' },
      ]);
    });

    it('gives null costs and no card ids before any card is in force', async () => {
      const response = await quote({
        startsAt: '2024-06-10T08:00:00+01:00',
        endsAt: '2024-06-10T16:00:00+01:00',
      }).expect(200);
      expect(response.body).toMatchObject({
        capCostPence: null,
        nationalCardId: null,
        systemCardId: null,
        missingBands: [],
      });
    });

    it.each([
      ['an instant without an offset', { startsAt: '2025-06-10T08:00:00' }, 'startsAt'],
      ['an end before the start', { endsAt: '2025-06-10T07:00:00+01:00' }, 'endsAt'],
      ['a shift over 24 hours', { endsAt: '2025-06-11T08:01:00+01:00' }, 'endsAt'],
      ['a shift under 15 minutes', { endsAt: '2025-06-10T08:14:00+01:00' }, 'endsAt'],
      ['a break as long as the shift', { endsAt: '2025-06-10T09:00:00+01:00', breakMinutes: 60 }, 'breakMinutes'],
      ['an unknown grade', { grade: 'band42' }, 'grade'],
      ['a grade of another staff group', { grade: 'consultant' }, 'grade'],
      ['an unknown staff group', { staffGroup: 'wizards' }, 'staffGroup'],
      ['a date outside 2000 to 2099', { startsAt: '1941-06-01T22:30:00Z', endsAt: '1941-06-02T06:30:00Z' }, 'startsAt'],
      ['an instant with seconds', { startsAt: '2025-06-10T08:00:30+01:00' }, 'startsAt'],
    ])('answers 400 naming the field for %s', async (_name, change, field) => {
      const response = await quote({
        startsAt: '2025-06-10T08:00:00+01:00',
        endsAt: '2025-06-10T16:00:00+01:00',
        ...change,
      }).expect(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    });

    it('answers 404 for a trust outside the key’s scope', async () => {
      await test
        .as(rotaKey)
        .post('/api/v1/quotes', {
          trustId: org.otherTrustId,
          staffGroup: 'nursing',
          grade: 'band5',
          startsAt: '2025-06-10T08:00:00+01:00',
          endsAt: '2025-06-10T16:00:00+01:00',
          breakMinutes: 0,
        })
        .expect(404);
    });
  });

  describe('publishing', () => {
    it('lets only an admin touch the national card and only the system’s lead its card', async () => {
      const body = { scope: 'national', name: 'x', effectiveFrom: '2030-01-01', lines: nursingBand5({ day: 3000 }) };
      await test.as(leadKey).post('/api/v1/rate-cards', body).expect(403);
      await test
        .as(rotaKey)
        .post('/api/v1/rate-cards', { ...body, scope: 'system', systemId: org.systemId })
        .expect(403);
    });

    it('records who published a card and when, in the card and the audit log', async () => {
      const card = await test.as(test.adminKey).get(`/api/v1/rate-cards/${nationalId}`).expect(200);
      expect(card.body).toMatchObject({
        status: 'published',
        publishedAt: expect.any(String),
        publishedBy: expect.any(String),
      });
      const client = new pg.Client({ connectionString: test.database.url });
      await client.connect();
      const audit = await client.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [nationalId]);
      await client.end();
      expect(audit.rows.map((row) => row.action)).toEqual(['rate_card.create', 'rate_card.publish']);
    });

    it('never edits a published card', async () => {
      await test
        .as(test.adminKey)
        .put(`/api/v1/rate-cards/${nationalId}/lines`, { lines: nursingBand5({ day: 1 }) })
        .expect(409);
      await test.as(test.adminKey).post(`/api/v1/rate-cards/${nationalId}/publish`).expect(409);
    });

    it('closes the open-ended card when a newer version is published, and looks up the one in force', async () => {
      const lead = test.as(leadKey);
      const first = await lead
        .post('/api/v1/rate-cards', {
          scope: 'system',
          systemId: org.systemId,
          name: 'v1',
          effectiveFrom: '2031-01-01',
          lines: nursingBand5({ day: 3000 }, { day: 1600 }),
        })
        .expect(201);
      // The harmonised 2025 card is open-ended and starts earlier, so publishing v1 closes it too.
      await lead.post(`/api/v1/rate-cards/${first.body.id}/publish`).expect(200);
      const second = await lead
        .post('/api/v1/rate-cards', {
          scope: 'system',
          systemId: org.systemId,
          name: 'v2',
          effectiveFrom: '2031-07-01',
          lines: nursingBand5({ day: 3100 }, { day: 1650 }),
        })
        .expect(201);
      await lead.post(`/api/v1/rate-cards/${second.body.id}/publish`).expect(200);

      const closed = await lead.get(`/api/v1/rate-cards/${first.body.id}`).expect(200);
      expect(closed.body).toMatchObject({ effectiveTo: '2031-07-01', supersededById: second.body.id });
      const inForce = (at: string) =>
        lead.get(`/api/v1/rate-cards?scope=system&systemId=${org.systemId}&at=${at}`).expect(200);
      expect((await inForce('2031-06-30')).body.items.map((card: { id: string }) => card.id)).toEqual([first.body.id]);
      expect((await inForce('2031-07-01')).body.items.map((card: { id: string }) => card.id)).toEqual([second.body.id]);

      const diff = await lead.get(`/api/v1/rate-cards/${second.body.id}/diff?against=${first.body.id}`).expect(200);
      expect(diff.body.changed).toEqual([
        {
          staffGroup: 'nursing',
          grade: 'band5',
          band: 'day',
          before: expect.objectContaining({ agencyCapPence: 3000, bankRatePence: 1600 }),
          after: expect.objectContaining({ agencyCapPence: 3100, bankRatePence: 1650 }),
        },
      ]);
    });

    it('refuses, with 409 naming the card in the way, a card that would overlap a published one', async () => {
      const admin = test.as(test.adminKey);
      const system = await buildSystem(test);
      const card = (name: string, effectiveFrom: string, effectiveTo: string) =>
        admin
          .post('/api/v1/rate-cards', {
            scope: 'system',
            systemId: system.id,
            name,
            effectiveFrom,
            effectiveTo,
            lines: nursingBand5({ day: 3000 }, { day: 1600 }),
          })
          .expect(201);
      const bounded = await card('Card 2040', '2040-01-01', '2041-01-01');
      await admin.post(`/api/v1/rate-cards/${bounded.body.id}/publish`).expect(200);
      const overlapping = await card('Card mid 2040', '2040-06-01', '2040-12-01');
      const refused = await admin.post(`/api/v1/rate-cards/${overlapping.body.id}/publish`).expect(409);
      expect(refused.body.detail).toContain(bounded.body.id);
      const still = await admin.get(`/api/v1/rate-cards/${overlapping.body.id}`).expect(200);
      expect(still.body.status).toBe('draft');
      // A card with an end date replaces nothing: the bounded 2040 card keeps its dates.
      const after = await card('Card 2041', '2041-01-01', '2042-01-01');
      await admin.post(`/api/v1/rate-cards/${after.body.id}/publish`).expect(200);
      expect((await admin.get(`/api/v1/rate-cards/${bounded.body.id}`).expect(200)).body.effectiveTo).toBe(
        '2041-01-01',
      );
    });

    it('answers 404 to another system’s lead and 403 to a lead scoped to some trusts only', async () => {
      const other = await buildSystem(test);
      const otherLead = await buildApiKey(test, { role: 'workforce_lead', systemId: other.id });
      const partialLead = await buildApiKey(test, { role: 'workforce_lead', trustIds: [org.trustId] });
      const body = {
        scope: 'system',
        systemId: org.systemId,
        name: 'x',
        effectiveFrom: '2045-01-01',
        lines: nursingBand5({ day: 3000 }, { day: 1600 }),
      };
      await test.as(otherLead).post('/api/v1/rate-cards', body).expect(404);
      await test.as(partialLead).post('/api/v1/rate-cards', body).expect(403);
      const draft = await test.as(leadKey).post('/api/v1/rate-cards', body).expect(201);
      await test.as(otherLead).post(`/api/v1/rate-cards/${draft.body.id}/publish`).expect(404);
      await test.as(partialLead).post(`/api/v1/rate-cards/${draft.body.id}/publish`).expect(403);
      await test.as(otherLead).get(`/api/v1/rate-cards/${draft.body.id}`).expect(404);
    });

    it('refuses to publish a card with no lines', async () => {
      const empty = await test
        .as(test.adminKey)
        .post('/api/v1/rate-cards', { scope: 'national', name: 'empty', effectiveFrom: '2050-01-01', lines: [] })
        .expect(201);
      await test.as(test.adminKey).post(`/api/v1/rate-cards/${empty.body.id}/publish`).expect(422);
    });
  });

  describe('lines', () => {
    it('refuses lines that break the rules, naming each', async () => {
      const response = await test
        .as(test.adminKey)
        .post('/api/v1/rate-cards', {
          scope: 'national',
          name: 'bad',
          effectiveFrom: '2060-01-01',
          lines: [
            { staffGroup: 'nursing', grade: 'band5', band: 'core', agencyCapPence: 3000 },
            { staffGroup: 'nursing', grade: 'band5', band: 'day', agencyCapPence: 0 },
            { staffGroup: 'nursing', grade: 'band5', band: 'day', agencyCapPence: 3000, bankRatePence: 1600 },
          ],
        })
        .expect(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['lines[1].agencyCapPence']);
      const rules = await test
        .as(test.adminKey)
        .post('/api/v1/rate-cards', {
          scope: 'national',
          name: 'bad',
          effectiveFrom: '2060-01-01',
          lines: [
            { staffGroup: 'nursing', grade: 'band5', band: 'core', agencyCapPence: 3000 },
            { staffGroup: 'nursing', grade: 'band5', band: 'day', agencyCapPence: 3000, bankRatePence: 1600 },
          ],
        })
        .expect(400);
      expect(rules.body.errors.map((error: { field: string }) => error.field)).toEqual([
        'lines[0].band',
        'lines[1].bankRatePence',
      ]);
    });

    it('exports lines as CSV and imports that CSV into an identical card', async () => {
      const exported = await test.as(leadKey).get(`/api/v1/rate-cards/${nationalId}/lines.csv`).expect(200);
      expect(exported.headers['content-type']).toMatch(/^text\/csv/);
      const imported = await test.http
        .post('/api/v1/rate-cards?scope=national&name=Imported&effectiveFrom=2070-01-01')
        .set('Authorization', `Bearer ${test.adminKey}`)
        .set('Content-Type', 'text/csv')
        .send(exported.text)
        .expect(201);
      const again = await test.as(test.adminKey).get(`/api/v1/rate-cards/${imported.body.id}/lines.csv`).expect(200);
      expect(again.text).toBe(exported.text);
    });

    it('answers 400 naming the column for a CSV with an unknown column', async () => {
      const response = await test.http
        .post('/api/v1/rate-cards?scope=national&name=Imported&effectiveFrom=2070-01-01')
        .set('Authorization', `Bearer ${test.adminKey}`)
        .set('Content-Type', 'text/csv')
        .send('staffGroup,grade,band,agencyCapPence,colour\nnursing,band5,day,3000,red\n')
        .expect(400);
      expect(response.body.errors).toContainEqual({ field: 'csv', message: 'unknown column colour' });
    });
  });
});
