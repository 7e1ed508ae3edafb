import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { defaultWindow } from '../../src/modules/dashboard/dashboard.service.js';
import { buildApiKey, buildSystem, buildTrust, type Organisation } from '../support/factories.js';
import { buildReportsMonth, REPORTS_MONTH } from '../support/reports-month.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

const basic = (key: string) => `Basic ${Buffer.from(`lead:${key}`).toString('base64')}`;

/** The rows of the table with this id: each row's `data-*` attributes of its cells, in order. */
function tableRows(page: string, id: string): { row: string; pence: number[]; values: string[] }[] {
  const table = new RegExp(`<table id="${id}">([\\s\\S]*?)</table>`).exec(page);
  if (!table) throw new Error(`no table ${id} on the page`);
  return [...table[1]!.matchAll(/<tr([^>]*)>([\s\S]*?)<\/tr>/g)]
    .filter(([, , cells]) => !cells!.includes('scope="col"'))
    .map(([, attributes, cells]) => ({
      row: attributes!,
      pence: [...cells!.matchAll(/data-pence="(-?\d+)"/g)].map((match) => Number(match[1])),
      values: [...cells!.matchAll(/data-value="([^"]*)"/g)].map((match) => match[1]!),
    }));
}

/**
 * The dashboard at /dashboard over the reports' hand-built month: the same figures as the reports
 * and breaches API, in the key's scope, with HTML error pages for browsers.
 */
describe('the dashboard', () => {
  let test: TestApp;
  let worker: INestApplicationContext;
  let org: Organisation;
  let leadKey: string;
  const window = `from=${REPORTS_MONTH.from}&to=${REPORTS_MONTH.to}`;

  const dashboard = (path: string, key: string | null = leadKey) => {
    const request = test.http.get(path);
    return key === null ? request : request.set('Authorization', basic(key));
  };
  const api = (path: string) => test.as(leadKey).get(`/api/v1/${path}`).expect(200);

  beforeAll(async () => {
    test = await startTestApp();
    worker = await startTestWorker(test);
    ({ org, leadKey } = await buildReportsMonth(test));
  });

  afterAll(async () => {
    await worker?.close();
    await test?.close();
  });

  it('asks a browser without a key to sign in with Basic, and refuses unknown keys', async () => {
    const challenge = await dashboard('/dashboard', null).expect(401);
    expect(challenge.headers['www-authenticate']).toMatch(/^Basic realm="Fairshift dashboard"/);
    expect(challenge.headers['content-type']).toMatch(/^text\/html/);
    expect(challenge.text).toContain('sign in with any user name and the key as');
    const unknown = await dashboard('/dashboard', 'not-a-key').expect(401);
    expect(unknown.headers['www-authenticate']).toMatch(/^Basic /);
    await dashboard(`/dashboard/breaches?systemId=${org.systemId}`, null).expect(401);
  });

  it('refuses roles other than workforce lead and admin with a 403 page', async () => {
    for (const role of ['rota_manager', 'integration']) {
      const key = await buildApiKey(test, { role, systemId: org.systemId });
      const page = await dashboard('/dashboard', key).expect(403);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('Not allowed for this role');
      await dashboard('/dashboard/breaches', key).expect(403);
    }
  });

  it('answers 404 pages for a system or trust outside the key’s scope', async () => {
    const other = await buildSystem(test);
    const otherTrust = await buildTrust(test, other.id);
    await dashboard(`/dashboard?systemId=${other.id}`).expect(404);
    await dashboard(`/dashboard?systemId=${org.systemId}&trustId=${otherTrust.id}`).expect(404);
    await dashboard(`/dashboard/breaches?systemId=${other.id}`).expect(404);
    const trustB = await buildApiKey(test, { role: 'workforce_lead', trustIds: [org.otherTrustId] });
    const page = await dashboard(`/dashboard?systemId=${org.systemId}&trustId=${org.trustId}`, trustB).expect(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain(`trust ${org.trustId} does not exist or is outside your scope`);
  });

  it('answers 400 pages for bad filters, never a 500', async () => {
    for (const query of [
      `systemId=nope`,
      `systemId=${org.systemId}&from=2025-02-30`,
      `systemId=${org.systemId}&from=2025-07-01&to=2025-06-01`,
      `systemId=${org.systemId}&from=2020-01-01&to=2025-01-01`,
      `systemId=${org.systemId}&colour=red`,
      `systemId=${org.systemId}&from[gt]=2025-01-01`,
      `systemId=${org.systemId}&systemId=${org.systemId}`,
    ]) {
      const page = await dashboard(`/dashboard?${query}`).expect(400);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('<h1>Invalid input</h1>');
    }
    await dashboard(`/dashboard/breaches?systemId=${org.systemId}&severity=dreadful`).expect(400);
    await dashboard(`/dashboard/breaches?systemId=${org.systemId}&cursor=bogus`).expect(400);
  });

  it('shows the reports’ figures for the chosen window, in pence and in pounds', async () => {
    const page = await dashboard(`/dashboard?systemId=${org.systemId}&${window}`).expect(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toMatch(/^<!doctype html>\s*<html lang="en-GB">/);

    const byTrust = (await api(`reports/agency-spend?systemId=${org.systemId}&${window}&groupBy=trust`)).body;
    const spendRows = tableRows(page.text, 'table-spend-by-trust');
    expect(spendRows.map((row) => row.pence)).toEqual(
      [...byTrust.items, byTrust.totals].map((item: { agencyChargePence: number; bankPaidPence: number }) => [
        item.agencyChargePence,
        item.bankPaidPence,
      ]),
    );
    expect(page.text).toContain('data-pence="133100">£1,331.00</td>');

    // One column for each trust, then all of them: the API's spend by month of each trust.
    const months = tableRows(page.text, 'table-spend-by-month');
    const trustA = (
      await api(`reports/agency-spend?systemId=${org.systemId}&${window}&groupBy=month&trustId=${org.trustId}`)
    ).body;
    const trustB = (
      await api(`reports/agency-spend?systemId=${org.systemId}&${window}&groupBy=month&trustId=${org.otherTrustId}`)
    ).body;
    expect(months).toEqual([
      expect.objectContaining({
        row: ' data-month="2025-06"',
        pence: [trustA.items[0].agencyChargePence, trustB.items[0].agencyChargePence, 133_100],
      }),
    ]);

    const cap = (await api(`reports/cap-compliance?systemId=${org.systemId}&${window}`)).body.items;
    expect(tableRows(page.text, 'table-cap-compliance').map((row) => row.pence)).toEqual(
      cap.map((row: { overCap: Record<string, { amountPence: number }> }) => [
        row.overCap.senior_manager!.amountPence,
        row.overCap.executive!.amountPence,
        row.overCap.chief_executive!.amountPence,
      ]),
    );

    const rates = (await api(`reports/rate-variation?systemId=${org.systemId}&${window}`)).body.items;
    expect(tableRows(page.text, 'table-rate-variation').map((row) => row.values)).toEqual(
      rates.map(
        (row: {
          bank: { shifts: number; median: number | null; p90: number | null };
          agency: { shifts: number; median: number | null; p90: number | null };
        }) =>
          [row.bank.shifts, row.bank.median, row.bank.p90, row.agency.shifts, row.agency.median, row.agency.p90].map(
            (value) => (value === null ? '' : String(value)),
          ),
      ),
    );
    expect(page.text).toContain('data-value="1.4423">1.44×</td>');

    const savings = (await api(`reports/harmonisation-savings?systemId=${org.systemId}&${window}`)).body;
    expect(tableRows(page.text, 'table-savings').map((row) => row.pence)).toEqual([
      ...savings.items.map(
        (row: {
          overCardPence: number;
          overSystemCapPence: number;
          harmonisationPence: number;
          bankFirstPence: number;
        }) => [row.overCardPence, row.overSystemCapPence, row.harmonisationPence, row.bankFirstPence],
      ),
      [1_200, 47_300, 48_500, 0],
    ]);
    expect(savings.totals).toEqual({
      overCardPence: 1_200,
      overSystemCapPence: 47_300,
      harmonisationPence: 48_500,
      bankFirstPence: 0,
    });
  });

  it('counts open breaches by severity as the breach list does, and links each count to its list', async () => {
    const page = await dashboard(`/dashboard?systemId=${org.systemId}&${window}`).expect(200);
    const rows = tableRows(page.text, 'table-open-breaches');
    for (const severity of ['critical', 'high', 'medium', 'low']) {
      const listed = await api(
        `breaches?systemId=${org.systemId}&${window}&severity=${severity}&status=open&limit=500`,
      );
      const row = rows.find((candidate) => candidate.row.includes(`data-severity="${severity}"`))!;
      expect(row.values).toEqual([String(listed.body.items.length)]);
    }
    const medium = Number(rows.find((row) => row.row.includes('"medium"'))!.values[0]);
    expect(medium).toBeGreaterThan(0);

    const link = new RegExp(`href="(/dashboard/breaches\\?[^"]*severity=medium[^"]*)"`).exec(page.text)![1]!;
    const list = await dashboard(link.replaceAll('&amp;', '&')).expect(200);
    const ids = [...list.text.matchAll(/data-breach-id="([^"]+)"/g)].map((match) => match[1]);
    const listed = await api(`breaches?systemId=${org.systemId}&${window}&severity=medium&status=open&limit=50`);
    expect(ids).toEqual(listed.body.items.map((breach: { id: string }) => breach.id));
    expect(list.text).toMatch(/<option value="medium" selected>\s*Medium\s*<\/option>/);
  });

  it('pages through the breach list and takes blank form choices as no filter', async () => {
    const all = await api(`breaches?systemId=${org.systemId}&limit=500`);
    const first = await dashboard(
      `/dashboard/breaches?systemId=${org.systemId}&trustId=&severity=&status=&rule=&from=&to=&limit=2`,
    ).expect(200);
    const next = /href="([^"]*)" rel="next"/.exec(first.text)![1]!.replaceAll('&amp;', '&');
    const second = await dashboard(next).expect(200);
    const ids = [first, second].flatMap((page) =>
      [...page.text.matchAll(/data-breach-id="([^"]+)"/g)].map((m) => m[1]),
    );
    expect(ids).toEqual(all.body.items.slice(0, 4).map((breach: { id: string }) => breach.id));
  });

  it('defaults to the first system in scope and the last 3 months of London dates', async () => {
    const page = await dashboard('/dashboard').expect(200);
    const { from, to } = defaultWindow();
    expect(page.text).toContain(`<option value="${org.systemId}" selected>`);
    expect(page.text).toMatch(new RegExp(`name="from"\\s+value="${from}"`));
    expect(page.text).toMatch(new RegExp(`name="to"\\s+value="${to}"`));
  });

  it('keeps a trust-scoped key to its trusts', async () => {
    const trustB = await buildApiKey(test, { role: 'workforce_lead', trustIds: [org.otherTrustId] });
    const page = await dashboard(`/dashboard?systemId=${org.systemId}&${window}`, trustB).expect(200);
    expect(tableRows(page.text, 'table-spend-by-trust').map((row) => row.row)).toEqual(['', '']);
    expect(page.text).toContain(`data-key="${org.otherTrustId}"`);
    expect(page.text).not.toContain(`data-key="${org.trustId}"`);
    expect(page.text).not.toContain(`<option value="${org.trustId}"`);
  });

  it('escapes names, so no stored text becomes markup', async () => {
    const system = await buildSystem(test, { name: '<script>alert("x")</script> & Co' });
    await buildTrust(test, system.id, { name: 'Trust "</script><img src=x>' });
    const page = await dashboard(`/dashboard?systemId=${system.id}`, test.adminKey).expect(200);
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(page.text).not.toContain('<img src=x>');
    const data = /<script type="application\/json" id="dashboard-charts">([\s\S]*?)<\/script>/.exec(page.text)![1]!;
    expect(data).not.toMatch(/[<>]/);
    expect(JSON.parse(data)['chart-savings'].labels).toEqual(['Trust "</script><img src=x>']);
  });

  it('serves its scripts and styles itself, without a key', async () => {
    const chart = await test.http.get('/dashboard/assets/chart.umd.min.js').expect(200);
    expect(chart.headers['content-type']).toMatch(/^text\/javascript/);
    expect(chart.text).toContain('Chart');
    const script = await test.http.get('/dashboard/assets/dashboard.js').expect(200);
    await test.http.get('/dashboard/assets/dashboard.js').set('If-None-Match', script.headers.etag!).expect(304);
    await test.http.get('/dashboard/assets/dashboard.css').expect('Content-Type', /^text\/css/);
    await test.http.get('/dashboard/assets/..%2Fdashboard.service.js').expect(404);
    await test.http.get('/dashboard/assets/secret.js').expect(404);
  });
});
