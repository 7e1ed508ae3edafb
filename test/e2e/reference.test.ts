import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../../src/modules/time-bands/bank-holidays.js';
import { buildApiKey, buildSystem } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('reference data', () => {
  let test: TestApp;
  let rotaKey: string;

  beforeAll(async () => {
    test = await startTestApp();
    const system = await buildSystem(test);
    rotaKey = await buildApiKey(test, { role: 'rota_manager', systemId: system.id });
  });

  afterAll(async () => {
    await test.close();
  });

  it('lists the eight staff groups with their codes, schemes, bands and grades in rank order', async () => {
    const response = await test.as(rotaKey).get('/api/v1/reference/staff-groups').expect(200);
    const groups = response.body.items;
    expect(groups.map((group: { key: string }) => group.key)).toEqual([
      'medical',
      'nursing',
      'ahp',
      'scientific_technical',
      'healthcare_science',
      'clinical_support',
      'admin',
      'estates',
    ]);
    expect(groups[0]).toMatchObject({
      code: '01',
      ruleClass: 'registered_clinical',
      bandScheme: 'medical',
      bands: ['unsocial', 'core'],
      grades: ['fy1', 'fy2', 'ct1_2', 'st3_plus', 'sas', 'consultant'],
    });
    expect(groups.find((group: { key: string }) => group.key === 'clinical_support')).toMatchObject({
      code: '07',
      ruleClass: 'unregistered_clinical',
      bands: ['bank_holiday', 'sunday', 'saturday', 'night', 'day'],
    });
  });

  it('holds the 2026 bank holidays with Boxing Day moved to Monday 28 December', async () => {
    const response = await test.as(rotaKey).get('/api/v1/reference/bank-holidays?year=2026').expect(200);
    expect(response.body.map((holiday: { date: string }) => holiday.date)).toEqual(
      ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((date) => date.startsWith('2026')),
    );
    expect(response.body.map((holiday: { date: string }) => holiday.date)).toContain('2026-12-28');
  });

  it('lets an admin add a holiday, and lists it afterwards', async () => {
    await test
      .as(test.adminKey)
      .put('/api/v1/reference/bank-holidays/2028-01-03', { name: 'New Year’s Day (substitute day)' })
      .expect(200);
    const response = await test.as(rotaKey).get('/api/v1/reference/bank-holidays?year=2028').expect(200);
    expect(response.body).toEqual([{ date: '2028-01-03', name: 'New Year’s Day (substitute day)' }]);
    await test.as(test.adminKey).delete('/api/v1/reference/bank-holidays/2028-01-03').expect(204);
    await test.as(test.adminKey).delete('/api/v1/reference/bank-holidays/2028-01-03').expect(404);
  });

  it('answers 400 to a year that is not a number', async () => {
    await test.as(rotaKey).get('/api/v1/reference/bank-holidays?year=soon').expect(400);
  });
});
