import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildApiKey, buildSystem, buildTrust } from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Raised {
  trustId: string;
  systemId: string;
  raisedAt: string;
  status: 'open' | 'acted' | 'expired';
  kind?: 'before_agency' | 'swap_to_bank';
  savingRealisedPence?: number;
}

/**
 * GET /reports/bank-first (docs/rules.md section 11) over suggestions written with chosen raising
 * instants around the spring clock change: British Summer Time began at 01:00 UTC on Sunday 30
 * March 2025, so from then a London Monday starts at 23:00 UTC on the Sunday. A week is the ISO week
 * of the London date of raising, and each suggestion counts in the week it was raised.
 */
describe('the bank-first report', () => {
  let test: TestApp;
  let systemId: string;
  let trustA: string;
  let trustB: string;
  let otherSystemId: string;
  let leadKey: string;
  let trustBLeadKey: string;

  const report = (query: string, key = leadKey) => test.as(key).get(`/api/v1/reports/bank-first?${query}`);

  async function raise(suggestion: Raised): Promise<void> {
    const acted = suggestion.status === 'acted';
    await queryRows(
      test.database.url,
      `INSERT INTO fill_suggestions (shift_id, trust_id, system_id, kind, status, candidates, agency_cost_pence,
                                     saving_pence, saving_realised_pence, raised_at, closed_at, close_reason)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, '[]', 27500, 7700, $5, $6, $7, $8)`,
      [
        suggestion.trustId,
        suggestion.systemId,
        suggestion.kind ?? 'before_agency',
        suggestion.status,
        acted ? suggestion.savingRealisedPence : null,
        suggestion.raisedAt,
        suggestion.status === 'open' ? null : suggestion.raisedAt,
        { open: null, acted: 'booked_from_bank', expired: 'booked_from_agency' }[suggestion.status],
      ],
    );
  }

  beforeAll(async () => {
    test = await startTestApp();
    systemId = (await buildSystem(test)).id;
    trustA = (await buildTrust(test, systemId, { name: 'Alpha Hospitals NHS Trust' })).id;
    trustB = (await buildTrust(test, systemId, { name: 'Beta Community NHS Trust' })).id;
    otherSystemId = (await buildSystem(test)).id;
    const otherTrust = (await buildTrust(test, otherSystemId, { name: 'Gamma NHS Trust' })).id;
    leadKey = await buildApiKey(test, { role: 'workforce_lead', systemId });
    trustBLeadKey = await buildApiKey(test, { role: 'workforce_lead', trustIds: [trustB] });
    const a = { trustId: trustA, systemId };
    const b = { trustId: trustB, systemId };
    for (const suggestion of [
      // Saturday 29 March, 23:59 GMT: before the window.
      { ...a, raisedAt: '2025-03-29T23:59:00Z', status: 'acted', savingRealisedPence: 100_000 },
      // Sunday 30 March, 00:30 GMT (before the clocks go forward) and 23:30 BST: week 13.
      { ...a, raisedAt: '2025-03-30T00:30:00Z', status: 'acted', savingRealisedPence: 7_700 },
      { ...a, raisedAt: '2025-03-30T22:30:00Z', status: 'expired' },
      // 23:30 UTC on the Sunday is 00:30 BST on Monday 31 March: week 14, as in London.
      { ...a, raisedAt: '2025-03-30T23:30:00Z', status: 'acted', savingRealisedPence: 5_000 },
      // The last second of Sunday 6 April in London, then its first of Monday 7 April.
      { ...a, raisedAt: '2025-04-06T22:59:59Z', status: 'open' },
      { ...a, raisedAt: '2025-04-06T23:00:00Z', status: 'expired' },
      { ...b, raisedAt: '2025-03-31T10:00:00Z', status: 'acted', savingRealisedPence: 1_200 },
      { ...b, raisedAt: '2025-04-02T09:00:00Z', status: 'acted', kind: 'swap_to_bank', savingRealisedPence: 3_000 },
      // Monday 14 April, 00:30 BST: after the window.
      { ...b, raisedAt: '2025-04-13T23:30:00Z', status: 'expired' },
      // Another system's, in the window.
      { trustId: otherTrust, systemId: otherSystemId, raisedAt: '2025-04-01T12:00:00Z', status: 'acted' },
    ] as Raised[]) {
      await raise(suggestion);
    }
  });

  afterAll(async () => {
    await test?.close();
  });

  it('counts per trust and ISO week of the London date of raising, each suggestion in the week it was raised', async () => {
    const answer = await report(`systemId=${systemId}&from=2025-03-30&to=2025-04-14`).expect(200);
    const zero = { raised: 0, acted: 0, expired: 0, open: 0, savingRealisedPence: 0 };
    expect(answer.body.items).toEqual([
      {
        trustId: trustA,
        trustName: 'Alpha Hospitals NHS Trust',
        week: '2025-W13',
        weekStart: '2025-03-24',
        ...zero,
        raised: 2,
        acted: 1,
        expired: 1,
        savingRealisedPence: 7_700,
      },
      {
        trustId: trustA,
        trustName: 'Alpha Hospitals NHS Trust',
        week: '2025-W14',
        weekStart: '2025-03-31',
        ...zero,
        raised: 2,
        acted: 1,
        open: 1,
        savingRealisedPence: 5_000,
      },
      {
        trustId: trustA,
        trustName: 'Alpha Hospitals NHS Trust',
        week: '2025-W15',
        weekStart: '2025-04-07',
        ...zero,
        raised: 1,
        expired: 1,
      },
      {
        trustId: trustB,
        trustName: 'Beta Community NHS Trust',
        week: '2025-W14',
        weekStart: '2025-03-31',
        ...zero,
        raised: 2,
        acted: 2,
        savingRealisedPence: 4_200,
      },
    ]);
    expect(answer.body.totals).toEqual({ raised: 7, acted: 4, expired: 2, open: 1, savingRealisedPence: 16_900 });
  });

  it('takes the window as London dates: the day the clocks go forward is 23 hours long', async () => {
    const sunday = await report(`systemId=${systemId}&from=2025-03-30&to=2025-03-31`).expect(200);
    expect(sunday.body.totals).toEqual({ raised: 2, acted: 1, expired: 1, open: 0, savingRealisedPence: 7_700 });
    const saturday = await report(`systemId=${systemId}&from=2025-03-29&to=2025-03-30`).expect(200);
    expect(saturday.body.totals).toMatchObject({ raised: 1, savingRealisedPence: 100_000 });
    const one = await report(`systemId=${systemId}&from=2025-03-30&to=2025-04-14&trustId=${trustB}`).expect(200);
    expect(one.body.items.map((row: { trustId: string }) => row.trustId)).toEqual([trustB]);
  });

  it('keeps a trust-scoped lead to their trusts, and what is outside scope answers 404', async () => {
    const mine = await report(`systemId=${systemId}&from=2025-03-30&to=2025-04-14`, trustBLeadKey).expect(200);
    expect(mine.body.items.map((row: { trustId: string; week: string }) => [row.trustId, row.week])).toEqual([
      [trustB, '2025-W14'],
    ]);
    expect(mine.body.totals).toEqual({ raised: 2, acted: 2, expired: 0, open: 0, savingRealisedPence: 4_200 });
    await report(`systemId=${systemId}&from=2025-03-30&to=2025-04-14&trustId=${trustA}`, trustBLeadKey).expect(404);
    await report(`systemId=${otherSystemId}&from=2025-03-30&to=2025-04-14`).expect(404);
    const rota = await buildApiKey(test, { role: 'rota_manager', trustIds: [trustA] });
    await report(`systemId=${systemId}&from=2025-03-30&to=2025-04-14`, rota).expect(403);
  });

  it('answers 400 problem+json for bad dates and windows', async () => {
    for (const query of [
      `systemId=${systemId}&from=2025-02-30&to=2025-04-01`,
      `systemId=${systemId}&from=30/03/2025&to=2025-04-01`,
      `systemId=${systemId}&from=2025-04-01&to=2025-03-01`,
      `systemId=${systemId}&from=2020-01-01&to=2025-01-01`,
      `systemId=${systemId}&to=2025-04-01`,
      `systemId=nope&from=2025-03-01&to=2025-04-01`,
      `systemId=${systemId}&from=2025-03-01&to=2025-04-01&week=2025-W14`,
    ]) {
      const answer = await report(query).expect(400);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.body.errors.length).toBeGreaterThan(0);
    }
  });

  it('is documented in the OpenAPI document', async () => {
    const document = (await test.http.get('/docs-json').expect(200)).body;
    const operation = document.paths['/api/v1/reports/bank-first'].get;
    expect(operation.parameters.map((parameter: { name: string }) => parameter.name).sort()).toEqual([
      'from',
      'systemId',
      'to',
      'trustId',
    ]);
    expect(Object.keys(document.components.schemas.BankFirstRow.properties)).toEqual(
      expect.arrayContaining(['trustId', 'week', 'raised', 'acted', 'expired', 'savingRealisedPence']),
    );
  });
});
