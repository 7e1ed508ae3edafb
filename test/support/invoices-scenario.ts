import type { INestApplicationContext } from '@nestjs/common';
import { buildAgency, buildApiKey, buildBooking, buildOrganisation, buildShift, insertBooking } from './factories.js';
import type { Organisation } from './factories.js';
import { queryRows } from './postgres.js';
import { nursingAgencyContract, nursingRatesAndAgency } from './rates.js';
import { startTestApp, startTestWorker, type TestApp } from './test-app.js';

/**
 * Agency bookings to invoice (docs/rules.md section 14), every one a weekday day shift 08:00 to
 * 20:00 with an hour's break (660 paid minutes, all `day`) under a national cap of 3,000 an hour
 * (cap cost 33,000). The agency's 2,900 contract costs 31,900 a shift; its 4,600 one 50,600, which
 * needs executive sign-off (≥ 1.5 × 33,000 = 49,500). The app re-checks a changed shift after 100 ms.
 */
export type InvoicesScenario = Awaited<ReturnType<typeof startInvoicesScenario>>;

export const WORKED = { paidMinutes: 660, cost: 31_900, dearCost: 50_600, capCost: 33_000 };

export async function startInvoicesScenario() {
  const test: TestApp = await startTestApp({ RECHECK_DELAY_MS: '100' });
  const worker: INestApplicationContext = await startTestWorker(test);
  const org: Organisation = await buildOrganisation(test);
  const contractId = await nursingRatesAndAgency(test, org.systemId, 2900);
  const sql = <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
    queryRows<T>(test.database.url, text, values);
  const [{ agencyId }] = (await sql<{ agencyId: string }>(
    `SELECT agency_id AS "agencyId" FROM agency_contracts WHERE id = $1`,
    [contractId],
  )) as [{ agencyId: string }];
  const dearContractId = await nursingAgencyContract(test, { agencyId, systemId: org.systemId, chargeRatePence: 4600 });
  const otherAgencyId = await buildAgency(test, { name: 'Another agency' });
  const otherContractId = await nursingAgencyContract(test, {
    agencyId: otherAgencyId,
    systemId: org.systemId,
    chargeRatePence: 2900,
  });
  const agencyKey = await buildApiKey(test, { role: 'agency', agencyId });
  const otherAgencyKey = await buildApiKey(test, { role: 'agency', agencyId: otherAgencyId });
  const leadKey = await buildApiKey(test, { role: 'workforce_lead', systemId: org.systemId });
  const integrationKey = await buildApiKey(test, { role: 'integration', trustIds: [org.trustId, org.otherTrustId] });
  let day = 0;
  const nextDate = () => {
    day += 1;
    const date = new Date(Date.UTC(2025, 5, 1 + day + Math.floor((day - 1) / 5) * 2));
    return date.toISOString().slice(0, 10);
  };

  /** An agency booking on the next weekday of June 2025; `worked` records its timesheet at that amount. */
  async function booking(options: { contract?: string; worked?: number; place?: Organisation } = {}) {
    const place = options.place ?? org;
    const date = nextDate();
    const shift = await buildShift(test, place, date);
    const booked = await buildBooking(test, shift.id, {
      type: 'agency',
      agencyContractId: options.contract ?? contractId,
    });
    if (options.worked !== undefined) await worked(shift.id, date, options.worked);
    return { id: booked.id, shiftId: shift.id, date, status: booked.status };
  }

  async function worked(shiftId: string, date: string, amountPence: number) {
    await test
      .as(test.adminKey)
      .put(`/api/v1/shifts/${shiftId}/timesheet`, {
        startedAt: `${date}T08:00:00+01:00`,
        endedAt: `${date}T20:00:00+01:00`,
        breakMinutes: 60,
        amountPence,
      })
      .expect(200);
  }

  /** A confirmed 4,600 booking with no approval: one an import from another system brought. */
  async function unapprovedDearBooking() {
    const date = nextDate();
    const shift = await buildShift(test, org, date);
    const id = await insertBooking(test.database.url, shift.id, {
      type: 'agency',
      agencyContractId: dearContractId,
      costPence: WORKED.dearCost,
    });
    await sql(`UPDATE bookings SET rates_pence = '{"day": 4600}' WHERE id = $1`, [id]);
    await sql(`UPDATE shifts SET status = 'booked' WHERE id = $1`, [shift.id]);
    await worked(shift.id, date, WORKED.dearCost);
    return { id, shiftId: shift.id, date };
  }

  const close = async () => {
    await worker.close();
    await test.close();
  };
  return {
    test,
    org,
    sql,
    agencyId,
    otherAgencyId,
    contractId,
    dearContractId,
    otherContractId,
    agencyKey,
    otherAgencyKey,
    leadKey,
    integrationKey,
    booking,
    unapprovedDearBooking,
    close,
  };
}
