import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startComplianceScenario, type BreachRow, type ComplianceScenario } from '../support/compliance-scenario.js';
import type { Organisation } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';

/** The rule book (docs/rules.md section 8) against the hand-built bookings of the compliance scenario. */
describe('compliance: runs, rules, breaches and re-checks', () => {
  let scenario: ComplianceScenario;
  let test: TestApp;
  let org: Organisation;
  let leadKey: string;
  let rotaKey: string;
  let bookings: Record<string, string>;
  let run: ComplianceScenario['run'];
  let breaches: ComplianceScenario['breaches'];
  let verdicts: ComplianceScenario['verdicts'];

  beforeAll(async () => {
    scenario = await startComplianceScenario();
    ({ test, org, leadKey, rotaKey, bookings, run, breaches, verdicts } = scenario);
  });

  afterAll(async () => {
    await scenario?.close();
  });

  it('finds exactly the breaches the rule book predicts, with their amounts, severities and sign-off', async () => {
    const result = await run();
    // Most were found already by the re-checks their bookings and timesheets asked for.
    expect(result).toMatchObject({ bookingsChecked: 10, breachesResolved: 0, chunksDone: 10 });
    expect(await verdicts()).toEqual({
      'bypassed:BANK_FIRST_BYPASSED': { amount: 7_700, severity: 'medium', status: 'justified', signoff: null },
      'bankAbove:BANK_ABOVE_CARD': { amount: 1_200, severity: 'medium', status: 'open', signoff: null },
      'bankBelow:BANK_BELOW_CARD': { amount: 800, severity: 'low', status: 'open', signoff: null },
      'bankCeo:BANK_ABOVE_CARD': { amount: 90_200, severity: 'medium', status: 'open', signoff: 'chief_executive' },
      'bankCeo:MISSING_SIGNOFF': { amount: 77_000, severity: 'critical', status: 'open', signoff: 'chief_executive' },
      'aboveCap:AGENCY_OVER_NATIONAL_CAP': { amount: 17_600, severity: 'high', status: 'open', signoff: 'executive' },
      'aboveCap:AGENCY_OVER_SYSTEM_CAP': { amount: 22_000, severity: 'medium', status: 'open', signoff: 'executive' },
      'aboveCap:MISSING_SIGNOFF': { amount: 17_600, severity: 'critical', status: 'open', signoff: 'executive' },
      'overSystemCap:AGENCY_OVER_SYSTEM_CAP': { amount: 3_300, severity: 'medium', status: 'open', signoff: null },
      'offFramework:OFF_FRAMEWORK_AGENCY': {
        amount: 26_400,
        severity: 'high',
        status: 'open',
        signoff: 'chief_executive',
      },
      'offFramework:MISSING_SIGNOFF': { amount: 0, severity: 'critical', status: 'open', signoff: 'chief_executive' },
      // Clinical support: capCost 24,200, systemCapCost 22,000.
      'refusedOffFramework:OFF_FRAMEWORK_AGENCY': {
        amount: 24_000,
        severity: 'critical',
        status: 'open',
        signoff: 'chief_executive',
      },
      'refusedOffFramework:AGENCY_OVER_SYSTEM_CAP': {
        amount: 2_000,
        severity: 'medium',
        status: 'open',
        signoff: 'chief_executive',
      },
      'refusedOffFramework:MISSING_SIGNOFF': {
        amount: 0,
        severity: 'critical',
        status: 'open',
        signoff: 'chief_executive',
      },
      'adminAgency:ADMIN_ESTATES_AGENCY': { amount: 20_000, severity: 'medium', status: 'open', signoff: null },
      'noRate:NO_RATE_DEFINED': { amount: 0, severity: 'low', status: 'open', signoff: null },
    });
    const bypass = (await breaches()).find((breach) => breach.rule === 'BANK_FIRST_BYPASSED')!;
    expect(bypass).toMatchObject({
      reason: 'Ward asked for the agency nurse who knows the patient',
      chargePence: 27_500,
    });
  });

  it('leaves the same breaches when the same window runs again, and writes nothing', async () => {
    const before = await breaches();
    const again = await run();
    expect(again).toMatchObject({ bookingsChecked: 10, breachesOpened: 0, breachesUpdated: 0, breachesResolved: 0 });
    expect(await breaches()).toEqual(before);
  });

  it('lists runs newest first and pages breaches with a cursor and filters', async () => {
    const runs = await test.as(leadKey).get(`/api/v1/compliance-runs?systemId=${org.systemId}`).expect(200);
    // The two runs above, after the two the card publications started.
    expect(runs.body.items.map((entry: { trigger: string }) => entry.trigger)).toEqual([
      'manual',
      'manual',
      'card_change',
      'card_change',
    ]);
    const times = runs.body.items.map((entry: { createdAt: string }) => Date.parse(entry.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const paged = await test.as(leadKey).get(`/api/v1/compliance-runs?systemId=${org.systemId}&limit=3`).expect(200);
    const rest = await test
      .as(leadKey)
      .get(`/api/v1/compliance-runs?systemId=${org.systemId}&limit=3&cursor=${paged.body.nextCursor}`)
      .expect(200);
    expect([...paged.body.items, ...rest.body.items].map((entry: { id: string }) => entry.id)).toEqual(
      runs.body.items.map((entry: { id: string }) => entry.id),
    );
    const first = await test.as(leadKey).get(`/api/v1/breaches?systemId=${org.systemId}&limit=10`).expect(200);
    const second = await test
      .as(leadKey)
      .get(`/api/v1/breaches?systemId=${org.systemId}&limit=10&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((breach: BreachRow) => breach.id);
    expect(new Set(ids).size).toBe(16);
    const critical = await test.as(leadKey).get('/api/v1/breaches?severity=critical&rule=MISSING_SIGNOFF').expect(200);
    expect(critical.body.items).toHaveLength(4);
    const rota = await test.as(rotaKey).get(`/api/v1/breaches?bookingId=${bookings.aboveCap}`).expect(200);
    expect(rota.body.items).toHaveLength(3);
    const bad = await test.as(leadKey).get('/api/v1/breaches?rule=SOMETHING').expect(400);
    expect(bad.body.errors[0].field).toBe('rule');
  });

  // Re-checks, the breach lifecycle and the schedules: compliance-rechecks.test.ts.
});
