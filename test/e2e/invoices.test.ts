import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../support/eventually.js';
import { buildApiKey, buildOrganisation } from '../support/factories.js';
import { type ImportAnswer, sendImport } from '../support/imports-harness.js';
import { nursingAgencyContract } from '../support/rates.js';
import { type InvoicesScenario, startInvoicesScenario, WORKED } from '../support/invoices-scenario.js';

const invoice = (number: string, lines: { bookingId: string; paidMinutes?: number; amountPence: number }[]) => ({
  invoiceNumber: number,
  issuedOn: '2025-06-30',
  lines: lines.map((line) => ({ paidMinutes: WORKED.paidMinutes, ...line })),
});

/** Agency invoices reconciled line by line (docs/rules.md section 14), through the API and imports. */
describe('agency invoices', () => {
  let scenario: InvoicesScenario;

  beforeAll(async () => {
    scenario = await startInvoicesScenario();
  });

  afterAll(async () => {
    await scenario?.close();
  });

  const importAndWait = async (csv: string): Promise<ImportAnswer> => {
    const sent = await sendImport(scenario.test, 'invoices', csv, scenario.integrationKey).expect(202);
    return eventually(async () => {
      const answer = await scenario.test.as(scenario.integrationKey).get(`/api/v1/imports/${sent.body.id}`).expect(200);
      if (answer.body.status === 'queued' || answer.body.status === 'running') throw new Error('not applied yet');
      return answer.body as ImportAnswer;
    });
  };

  it('judges each line by the first status that applies, and totals what was invoiced, validated and disputed', async () => {
    const { test, agencyKey, booking } = scenario;
    const matched = await booking({ worked: WORKED.cost });
    const overMinutes = await booking({ worked: WORKED.cost });
    const overContract = await booking({ worked: WORKED.cost });
    const unapproved = await scenario.unapprovedDearBooking();
    const notWorked = await booking();
    const cancelled = await booking();
    await test.as(test.adminKey).post(`/api/v1/bookings/${cancelled.id}/cancel`, { reason: 'Not needed' }).expect(200);
    const anotherAgencys = await booking({ contract: scenario.otherContractId, worked: WORKED.cost });

    const response = await test
      .as(agencyKey)
      .post(
        '/api/v1/invoices',
        invoice('INV-1', [
          { bookingId: matched.id, amountPence: WORKED.cost },
          { bookingId: overMinutes.id, paidMinutes: 661, amountPence: WORKED.cost },
          { bookingId: overContract.id, amountPence: WORKED.cost + 1 },
          { bookingId: unapproved.id, amountPence: WORKED.dearCost },
          { bookingId: notWorked.id, amountPence: 10_000 },
          { bookingId: cancelled.id, amountPence: 10_000 },
          { bookingId: anotherAgencys.id, amountPence: 20_000 },
          { bookingId: 'AGENCY-REF-7', amountPence: 500 },
          { bookingId: matched.id, amountPence: WORKED.cost },
        ]),
      )
      .expect(201);

    expect(response.body.agencyId).toBe(scenario.agencyId);
    expect(response.body.systemId).toBe(scenario.org.systemId);
    expect(
      response.body.lines.map((line: { status: string; validatedPence: number }) => [line.status, line.validatedPence]),
    ).toEqual([
      ['matched', WORKED.cost],
      ['over_timesheet', WORKED.cost],
      ['over_contract', WORKED.cost],
      ['over_cap_unapproved', WORKED.dearCost],
      ['no_timesheet', 0],
      ['no_timesheet', 0],
      ['no_booking', 0],
      ['no_booking', 0],
      ['duplicate', 0],
    ]);
    expect(response.body.lines[3]).toMatchObject({
      bookingId: unapproved.id,
      timesheetPaidMinutes: 660,
      contractCostPence: WORKED.dearCost,
      capCostPence: WORKED.capCost,
      requiredSignoff: 'executive',
      approvalLevel: null,
    });
    expect(response.body.lines[6]).toMatchObject({ bookingId: null, bookingRef: anotherAgencys.id });
    expect(response.body.lines[7]).toMatchObject({ bookingId: null, bookingRef: 'AGENCY-REF-7' });
    const invoiced = WORKED.cost * 4 + 1 + WORKED.dearCost + 10_000 * 2 + 20_000 + 500;
    const validated = WORKED.cost * 3 + WORKED.dearCost;
    expect(response.body).toMatchObject({
      invoicedPence: invoiced,
      validatedPence: validated,
      disputedPence: invoiced - validated,
      lineCount: 9,
      disputedLineCount: 8,
    });

    const read = await test.as(scenario.leadKey).get(`/api/v1/invoices/${response.body.id}`).expect(200);
    expect(read.body).toEqual(response.body);
  });

  it('marks a booking already on another invoice duplicate, and refuses the same invoice number twice', async () => {
    const { test, agencyKey, booking } = scenario;
    const worked = await booking({ worked: WORKED.cost });
    await test
      .as(agencyKey)
      .post('/api/v1/invoices', invoice('INV-2', [{ bookingId: worked.id, amountPence: 30_000 }]))
      .expect(201);
    const second = await test
      .as(agencyKey)
      .post('/api/v1/invoices', invoice('INV-3', [{ bookingId: worked.id, amountPence: 30_000 }]))
      .expect(201);
    expect(second.body.lines[0]).toMatchObject({ status: 'duplicate', validatedPence: 0 });
    expect(second.body).toMatchObject({ invoicedPence: 30_000, validatedPence: 0, disputedPence: 30_000 });

    const again = await test
      .as(agencyKey)
      .post('/api/v1/invoices', invoice('INV-2', [{ bookingId: worked.id, amountPence: 1 }]))
      .expect(409);
    expect(again.body.detail).toContain('INV-2');
  });

  it('leaves one counting line when two invoices name the same booking at once', async () => {
    const { test, agencyKey, booking } = scenario;
    const worked = await booking({ worked: WORKED.cost });
    const answers = await Promise.all(
      ['RACE-1', 'RACE-2', 'RACE-3'].map((number) =>
        test
          .as(agencyKey)
          .post('/api/v1/invoices', invoice(number, [{ bookingId: worked.id, amountPence: WORKED.cost }])),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    const statuses = answers.map((answer) => answer.body.lines[0].status).sort();
    expect(statuses).toEqual(['duplicate', 'duplicate', 'matched']);
  });

  it('refuses what cannot be an invoice, changing nothing', async () => {
    const { test, agencyKey, booking, sql } = scenario;
    const worked = await booking({ worked: WORKED.cost });
    const before = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM invoices`);
    const body = invoice('BAD-1', [{ bookingId: worked.id, amountPence: WORKED.cost }]);
    await test
      .as(agencyKey)
      .post('/api/v1/invoices', { ...body, vat: 20 })
      .expect(400);
    await test
      .as(agencyKey)
      .post('/api/v1/invoices', { ...body, lines: [{ bookingId: worked.id, paidMinutes: 660, amountPence: -1 }] })
      .expect(400);
    await test
      .as(agencyKey)
      .post('/api/v1/invoices', { ...body, issuedOn: '2025-02-30' })
      .expect(400);
    await test
      .as(agencyKey)
      .post('/api/v1/invoices', { ...body, lines: [] })
      .expect(400);
    // Another agency's id answers as if it did not exist.
    await test
      .as(agencyKey)
      .post('/api/v1/invoices', { ...body, agencyId: scenario.otherAgencyId })
      .expect(404);
    const nothingKnown = await test
      .as(agencyKey)
      .post('/api/v1/invoices', invoice('BAD-2', [{ bookingId: 'nothing we know', amountPence: 100 }]))
      .expect(404);
    expect(nothingKnown.body.detail).toContain('names no booking');
    // Staff keys name the agency; a workforce lead may not send invoices at all.
    await test.as(scenario.integrationKey).post('/api/v1/invoices', body).expect(400);
    await test
      .as(scenario.leadKey)
      .post('/api/v1/invoices', { ...body, agencyId: scenario.agencyId })
      .expect(403);
    expect(await sql<{ n: number }>(`SELECT count(*)::int AS n FROM invoices`)).toEqual(before);
  });

  it('refuses an invoice whose lines name bookings of two systems', async () => {
    const { test, agencyKey, booking, agencyId } = scenario;
    const elsewhere = await buildOrganisation(test);
    const contract = await nursingAgencyContract(test, {
      agencyId,
      systemId: elsewhere.systemId,
      chargeRatePence: 2900,
    });
    const here = await booking({ worked: WORKED.cost });
    const there = await booking({ contract, place: elsewhere, worked: WORKED.cost });
    const refused = await test
      .as(agencyKey)
      .post(
        '/api/v1/invoices',
        invoice('TWO-SYSTEMS', [
          { bookingId: here.id, amountPence: WORKED.cost },
          { bookingId: there.id, amountPence: WORKED.cost },
        ]),
      )
      .expect(422);
    expect(refused.body.detail).toContain('one system');
  });

  it('lets staff invoice for an agency only the bookings of their trusts', async () => {
    const { test, booking, agencyId, org } = scenario;
    const trustKey = await buildApiKey(test, { role: 'integration', trustIds: [org.otherTrustId] });
    const inTrustA = await booking({ worked: WORKED.cost });
    await test
      .as(trustKey)
      .post('/api/v1/invoices', {
        ...invoice('SCOPE-1', [{ bookingId: inTrustA.id, amountPence: WORKED.cost }]),
        agencyId,
      })
      .expect(404);
    const sent = await test
      .as(scenario.integrationKey)
      .post('/api/v1/invoices', {
        ...invoice('SCOPE-2', [{ bookingId: inTrustA.id, amountPence: WORKED.cost }]),
        agencyId,
      })
      .expect(201);
    expect(sent.body.lines[0].status).toBe('matched');
  });

  it('shows an agency its own invoices only, and staff those of their system, filtered by line status', async () => {
    const { test, agencyKey, otherAgencyKey, leadKey } = scenario;
    const own = await test.as(agencyKey).get('/api/v1/invoices?limit=500').expect(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(own.body.items.every((item: { agencyId: string }) => item.agencyId === scenario.agencyId)).toBe(true);
    expect((await test.as(otherAgencyKey).get('/api/v1/invoices').expect(200)).body.items).toEqual([]);
    await test.as(otherAgencyKey).get(`/api/v1/invoices/${own.body.items[0].id}`).expect(404);

    const overContract = await test.as(leadKey).get('/api/v1/invoices?status=over_contract').expect(200);
    expect(overContract.body.items.map((item: { invoiceNumber: string }) => item.invoiceNumber)).toEqual(['INV-1']);
    const page = await test.as(leadKey).get(`/api/v1/invoices?systemId=${scenario.org.systemId}&limit=2`).expect(200);
    expect(page.body.items).toHaveLength(2);
    const next = await test.as(leadKey).get(`/api/v1/invoices?limit=2&cursor=${page.body.nextCursor}`).expect(200);
    expect(next.body.items[0].id).not.toBe(page.body.items[1].id);

    const elsewhereLead = await buildApiKey(test, {
      role: 'workforce_lead',
      systemId: (await buildOrganisation(test)).systemId,
    });
    await test.as(elsewhereLead).get(`/api/v1/invoices/${own.body.items[0].id}`).expect(404);
    await test.as(leadKey).get('/api/v1/invoices?status=paid').expect(400);
  });

  it('makes the invoice amount the booking’s charge at the next compliance check', async () => {
    const { test, agencyKey, booking, leadKey } = scenario;
    const chief = await buildApiKey(test, {
      role: 'approver',
      systemId: scenario.org.systemId,
      approvalLevel: 'executive',
    });
    const dear = await booking({ contract: scenario.dearContractId });
    expect(dear.status).toBe('pending_approval');
    await test.as(chief).post(`/api/v1/bookings/${dear.id}/approve`, { reason: 'No one else' }).expect(200);
    await test
      .as(test.adminKey)
      .put(`/api/v1/shifts/${dear.shiftId}/timesheet`, {
        startedAt: `${dear.date}T08:00:00+01:00`,
        endedAt: `${dear.date}T20:00:00+01:00`,
        breakMinutes: 60,
        amountPence: WORKED.dearCost,
      })
      .expect(200);
    const overCap = async (amount: number) =>
      eventually(async () => {
        const listed = await test
          .as(leadKey)
          .get(`/api/v1/breaches?systemId=${scenario.org.systemId}&limit=500`)
          .expect(200);
        const breach = listed.body.items.find(
          (item: { bookingId: string; rule: string }) =>
            item.bookingId === dear.id && item.rule === 'AGENCY_OVER_NATIONAL_CAP',
        );
        if (breach?.amountPence !== amount) throw new Error(`breach is ${breach?.amountPence}`);
        return breach;
      });
    expect((await overCap(WORKED.dearCost - WORKED.capCost)).chargePence).toBe(WORKED.dearCost);

    // Invoiced below the timesheet: the invoice amount is now the charge (45,000 − 33,000).
    const sent = await test
      .as(agencyKey)
      .post('/api/v1/invoices', invoice('CHARGE-1', [{ bookingId: dear.id, amountPence: 45_000 }]))
      .expect(201);
    expect(sent.body.lines[0].status).toBe('matched');
    const lowered = await overCap(45_000 - WORKED.capCost);
    expect(lowered.chargePence).toBe(45_000);
  });

  it('imports invoices from CSV whole or not at all, once per file', async () => {
    const { test, booking, agencyId, sql } = scenario;
    const first = await booking({ worked: WORKED.cost });
    const second = await booking({ worked: WORKED.cost });
    const header = 'invoiceNumber,issuedOn,agencyId,bookingId,paidMinutes,amountPence';
    const csv = [
      header,
      `CSV-1,2025-07-01,${agencyId},${first.id},660,${WORKED.cost}`,
      `CSV-1,2025-07-01,${agencyId},${second.id},660,${WORKED.cost + 100}`,
      `CSV-2,2025-07-02,${agencyId},${first.id},660,${WORKED.cost}`,
    ].join('\n');
    const applied = await importAndWait(csv);
    expect(applied).toMatchObject({ status: 'succeeded', rows: 3, errorCount: 0 });
    const lines = await sql<{ invoiceNumber: string; status: string; validatedPence: string }>(
      `SELECT i.invoice_number AS "invoiceNumber", il.status, il.validated_pence::text AS "validatedPence"
         FROM invoices i JOIN invoice_lines il ON il.invoice_id = i.id
        WHERE i.invoice_number IN ('CSV-1', 'CSV-2') ORDER BY i.invoice_number, il.line_no`,
    );
    expect(lines).toEqual([
      { invoiceNumber: 'CSV-1', status: 'matched', validatedPence: String(WORKED.cost) },
      { invoiceNumber: 'CSV-1', status: 'over_contract', validatedPence: String(WORKED.cost) },
      { invoiceNumber: 'CSV-2', status: 'duplicate', validatedPence: '0' },
    ]);

    // The same file again answers the first import and writes nothing.
    const resent = await sendImport(test, 'invoices', csv, scenario.integrationKey).expect(202);
    expect(resent.body.id).toBe(applied.id);

    const before = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM invoice_lines`);
    const refused = await importAndWait(
      [
        header,
        `CSV-3,2025-07-03,${agencyId},${second.id},660,12.5`,
        `CSV-3,2025-07-04,${agencyId},${first.id},660,100`,
        `CSV-1,2025-07-01,${agencyId},${first.id},660,100`,
      ].join('\n'),
    );
    expect(refused.status).toBe('failed');
    expect(refused.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 2, field: 'amountPence' }),
        expect.objectContaining({ row: 4, field: 'invoiceNumber', message: expect.stringContaining('CSV-1') }),
      ]),
    );
    expect(await sql<{ n: number }>(`SELECT count(*)::int AS n FROM invoice_lines`)).toEqual(before);
  });

  it('reports invoiced, validated and disputed pence per agency and month of issue', async () => {
    const { test, leadKey, sql } = scenario;
    const report = await test
      .as(leadKey)
      .get(`/api/v1/reports/invoice-disputes?systemId=${scenario.org.systemId}&from=2025-06-01&to=2025-08-01`)
      .expect(200);
    const expected = await sql<{
      month: string;
      invoicedPence: string;
      validatedPence: string;
      lines: number;
      disputedLines: number;
    }>(
      `SELECT to_char(i.issued_on, 'YYYY-MM') AS month, sum(il.amount_pence)::text AS "invoicedPence",
              sum(il.validated_pence)::text AS "validatedPence", count(*)::int AS lines,
              count(*) FILTER (WHERE il.status <> 'matched')::int AS "disputedLines"
         FROM invoices i JOIN invoice_lines il ON il.invoice_id = i.id
        WHERE i.system_id = $1 GROUP BY 1 ORDER BY 1`,
      [scenario.org.systemId],
    );
    expect(
      report.body.items.map((row: Record<string, unknown>) => ({
        month: row.month,
        invoicedPence: String(row.invoicedPence),
        validatedPence: String(row.validatedPence),
        lines: row.lines,
        disputedLines: row.disputedLines,
      })),
    ).toEqual(expected);
    expect(report.body.items.every((row: { agencyId: string }) => row.agencyId === scenario.agencyId)).toBe(true);
    const [june] = report.body.items;
    expect(june.disputedPence).toBe(june.invoicedPence - june.validatedPence);
    await test
      .as(scenario.agencyKey)
      .get(`/api/v1/reports/invoice-disputes?systemId=${scenario.org.systemId}&from=2025-06-01&to=2025-08-01`)
      .expect(403);
  });
});
