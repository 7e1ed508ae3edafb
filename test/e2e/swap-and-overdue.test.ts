import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { MailCatcher } from '../../src/cli/mail-catcher.js';
import { AlertsWorker } from '../../src/modules/alerts/alerts.worker.js';
import { addDays, londonDate } from '../../src/modules/time-bands/index.js';
import { WebhookReceiver } from '../../src/bench/webhook-receiver.js';
import { eventually } from '../support/eventually.js';
import { type CascadePlace, cascadePlaces, HOUR, minuteFromNow, postShiftAt } from '../support/cascade.js';
import { buildAgency, buildApiKey, buildBankWorker } from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { nursingAgencyContract } from '../support/rates.js';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app.js';

/**
 * Swap and escalate (issue 16, item 5; docs/rules.md sections 8 and 10b): an agency booking swapped
 * for a bank worker in one transaction, its agency told through webhooks and the suggestion acted
 * on; a sign-off still waiting as the shift comes near e-mailed to the approvers of its level and
 * the next, by a real SMTP server. The rates of test/support/cascade.ts: bank 19,800, agency 27,500.
 */
describe('swap to bank, and overdue sign-offs', () => {
  let test: TestApp;
  let worker: INestApplicationContext;
  let receiver: WebhookReceiver;
  let catcher: MailCatcher;
  let placeOf: (cascade: object | null) => Promise<CascadePlace>;

  const place = async () => {
    const at = await placeOf(null);
    return { ...at, rota: await buildApiKey(test, { role: 'rota_manager', trustIds: [at.trustId] }) };
  };
  type Place = Awaited<ReturnType<typeof place>>;
  const agencyBooked = async (at: Place, startsAt: Date, contractId = at.contractId) => {
    const shift = (await postShiftAt(test, at, startsAt, at.rota)) as { id: string };
    const booking = await test
      .as(at.rota)
      .post(`/api/v1/shifts/${shift.id}/bookings`, { type: 'agency', agencyContractId: contractId })
      .expect(201);
    return { shiftId: shift.id, booking: booking.body as { id: string; status: string; requiredSignoff: string } };
  };
  const bookingOf = async (at: Place, id: string) =>
    (await test.as(at.rota).get(`/api/v1/bookings/${id}`).expect(200)).body as { status: string };

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    catcher = await MailCatcher.start();
    test = await startTestApp({
      SUGGESTION_SWEEP_MS: '500',
      WEBHOOK_ALLOW_HTTP: 'true',
      ALERTS_SWEEP_MS: '500',
      SMTP_URL: catcher.url,
      MAIL_FROM: 'Fairshift <alerts@fairshift.example.nhs.uk>',
      PUBLIC_URL: 'https://fairshift.example.nhs.uk',
    });
    placeOf = cascadePlaces(test);
    worker = await startTestWorker(test);
  });

  afterAll(async () => {
    await worker?.close();
    await test?.close();
    await catcher?.close();
    await receiver?.close();
  });

  it('swaps an agency booking for a bank worker in one transaction, tells the agency, and acts on the suggestion', async () => {
    const at = await place();
    await test
      .as(test.adminKey)
      .post('/api/v1/webhooks', { systemId: at.systemId, url: receiver.url('/agency'), events: ['booking.cancelled'] })
      .expect(201);
    const { shiftId, booking } = await agencyBooked(at, minuteFromNow(5 * 24 * HOUR));
    const cal = await buildBankWorker(test, at.trustId, { displayName: 'Cal Bank' });
    const suggestion = await eventually(async () => {
      const [found] = (await test.as(at.rota).get(`/api/v1/fill-suggestions?shiftId=${shiftId}`).expect(200)).body
        .items as { id: string; status: string }[];
      if (!found) throw new Error('not yet');
      return found;
    }, 300);

    const swapped = await test
      .as(at.rota)
      .post(`/api/v1/bookings/${booking.id}/swap-to-bank`, { bankWorkerId: cal, reason: 'Cal is free' })
      .expect(201);
    expect(swapped.body).toMatchObject({
      shiftId,
      type: 'bank',
      bankWorkerId: cal,
      status: 'confirmed',
      costPence: 19_800,
    });
    expect(await bookingOf(at, booking.id)).toMatchObject({ status: 'cancelled', decisionReason: 'Cal is free' });
    const [acted] = (await test.as(at.rota).get(`/api/v1/fill-suggestions?shiftId=${shiftId}`).expect(200)).body.items;
    expect(acted).toMatchObject({
      id: suggestion.id,
      status: 'acted',
      actedBookingId: swapped.body.id,
      savingRealisedPence: 7_700,
    });
    const call = await eventually(async () => {
      const found = receiver.calls.find((received) => received.path === '/agency');
      if (!found) throw new Error('not yet');
      return JSON.parse(found.body) as { event: string; data: Record<string, unknown> };
    }, 300);
    expect(call).toMatchObject({
      event: 'booking.cancelled',
      data: { bookingId: booking.id, shiftId, type: 'agency', agencyContractId: at.contractId, reason: 'Cal is free' },
    });
    expect(call.data.agencyId).toEqual(expect.any(String));
    const audit = await queryRows<{ action: string }>(
      test.database.url,
      `SELECT action FROM audit_log WHERE entity_id = ANY($1::text[]) ORDER BY id`,
      [[booking.id, swapped.body.id]],
    );
    expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['booking.swap_to_bank', 'booking.create']));
  });

  it('refuses a swap that cannot be made, and changes nothing', async () => {
    const at = await place();
    // Booked while the bank had nobody: no bypass reason needed.
    const near = await agencyBooked(at, minuteFromNow(24 * HOUR));
    const far = await agencyBooked(at, minuteFromNow(6 * 24 * HOUR));
    const bea = await buildBankWorker(test, at.trustId, { displayName: 'Bea Bank' });
    const within = await test
      .as(at.rota)
      .post(`/api/v1/bookings/${near.booking.id}/swap-to-bank`, { bankWorkerId: bea, reason: 'free' })
      .expect(422);
    expect(within.body).toMatchObject({ rule: 'WITHIN_AGENCY_NOTICE' });
    expect(await bookingOf(at, near.booking.id)).toMatchObject({ status: 'confirmed' });

    // A worker of another trust, not cleared here: the ladder refuses them, and the agency booking stands.
    const elsewhere = await place();
    const stranger = await buildBankWorker(test, elsewhere.trustId, { displayName: 'Stranger' });
    await test
      .as(at.rota)
      .post(`/api/v1/bookings/${far.booking.id}/swap-to-bank`, { bankWorkerId: stranger, reason: 'x' })
      .expect(422);
    expect(await bookingOf(at, far.booking.id)).toMatchObject({ status: 'confirmed' });
    await test.as(at.rota).post(`/api/v1/bookings/${far.booking.id}/swap-to-bank`, { bankWorkerId: bea }).expect(400);
    // Another trust's rota manager finds no such booking.
    await test
      .as(elsewhere.rota)
      .post(`/api/v1/bookings/${far.booking.id}/swap-to-bank`, { bankWorkerId: bea, reason: 'x' })
      .expect(404);
    expect(await bookingOf(at, far.booking.id)).toMatchObject({ status: 'confirmed' });

    // A bank booking has nothing to swap.
    const bankShift = (await postShiftAt(test, at, minuteFromNow(8 * 24 * HOUR), at.rota)) as { id: string };
    const bank = await test
      .as(at.rota)
      .post(`/api/v1/shifts/${bankShift.id}/bookings`, { type: 'bank', bankWorkerId: bea })
      .expect(201);
    await test
      .as(at.rota)
      .post(`/api/v1/bookings/${bank.body.id}/swap-to-bank`, { bankWorkerId: bea, reason: 'x' })
      .expect(409);
  });

  it('e-mails the approvers of an overdue sign-off’s level and the next, once', async () => {
    const at = await place();
    const agencyId = await buildAgency(test, { name: `Dear agency ${at.systemCode}` });
    // 4,600 an hour is far above the national cap of 3,000: it waits for sign-off.
    const dear = await nursingAgencyContract(test, { agencyId, systemId: at.systemId, chargeRatePence: 4600 });
    const elsewhere = await place();
    const approver = async (email: string, approvalLevel: string, trustId = at.trustId) =>
      test
        .as(test.adminKey)
        .post('/api/v1/users', { email, role: 'approver', approvalLevel, trustIds: [trustId] })
        .expect(201);
    const levels = ['senior_manager', 'executive', 'chief_executive'];
    const mailbox = (name: string, where = '') => `${name}${where}.${at.systemCode}@example.nhs.uk`.toLowerCase();
    for (const name of levels) await approver(mailbox(name), name);
    for (const name of levels) await approver(mailbox(name, '.elsewhere'), name, elsewhere.trustId);
    const { booking } = await agencyBooked(at, minuteFromNow(10 * HOUR), dear);
    expect(booking.status).toBe('pending_approval');
    const level = levels.indexOf(booking.requiredSignoff);
    expect(level).toBeGreaterThanOrEqual(0);
    const told = levels.slice(level, level + 2).map((name) => mailbox(name));

    const mails = await eventually(async () => {
      const found = told.map((address) => catcher.messagesTo(address));
      if (found.some((list) => list.length === 0)) throw new Error('not yet');
      return found.map((list) => list[0]!);
    }, 300);
    for (const mail of mails) {
      expect(mail.subject).toMatch(/^Sign-off overdue: agency booking on /);
      expect(mail.text).toContain('https://fairshift.example.nhs.uk/approvals');
      expect(mail.text).toMatch(/signs off bookings at/);
      expect(mail.html).toContain('Sign off or reject it');
    }
    // A few sweeps later: still one each, and nobody else heard.
    await new Promise((wait) => setTimeout(wait, 1_500));
    for (const address of told) expect(catcher.messagesTo(address)).toHaveLength(1);
    for (const [index, name] of levels.entries()) {
      if (index < level || index > level + 1) expect(catcher.messagesTo(mailbox(name))).toEqual([]);
      expect(catcher.messagesTo(mailbox(name, '.elsewhere'))).toEqual([]);
    }
    const events = await queryRows<{ n: number }>(
      test.database.url,
      `SELECT count(*)::int AS n FROM alert_events WHERE type = 'booking.approval_overdue' AND subject_id = $1`,
      [booking.id],
    );
    expect(events[0]!.n).toBe(1);
  });

  it('lists tomorrow’s open suggestions in the daily digest, soonest first', async () => {
    const at = await place();
    const digestTo = `digest.${at.systemCode}@example.nhs.uk`.toLowerCase();
    await test
      .as(test.adminKey)
      .post('/api/v1/email-subscriptions', { trustId: at.trustId, address: digestTo, events: ['digest.daily'] })
      .expect(201);
    const today = londonDate();
    const tomorrow = addDays(today, 1);
    // 12:00 UTC is on tomorrow's London date in summer time and out of it.
    const late = (await postShiftAt(test, at, new Date(`${tomorrow}T12:00:00Z`), at.rota)) as { id: string };
    const early = (await postShiftAt(test, at, new Date(`${tomorrow}T06:00:00Z`), at.rota)) as { id: string };
    const later = (await postShiftAt(test, at, new Date(`${addDays(today, 2)}T12:00:00Z`), at.rota)) as { id: string };
    await buildBankWorker(test, at.trustId, { displayName: 'Dora Bank' });
    await eventually(async () => {
      const open = (
        await test.as(at.rota).get(`/api/v1/fill-suggestions?trustId=${at.trustId}&status=open`).expect(200)
      ).body.items as { shiftId: string }[];
      if (open.length < 3) throw new Error('not yet');
    }, 300);

    await worker.get(AlertsWorker).digest(at.trustId, { date: addDays(today, -1) });
    const [event] = await queryRows<{ data: { tomorrowSuggestionCount: number; tomorrowSuggestions: object[] } }>(
      test.database.url,
      `SELECT data FROM alert_events WHERE type = 'digest.daily' AND trust_id = $1`,
      [at.trustId],
    );
    expect(event!.data.tomorrowSuggestionCount).toBe(2);
    expect(event!.data.tomorrowSuggestions).toEqual([
      expect.objectContaining({
        shiftId: early.id,
        kind: 'before_agency',
        bestCandidate: 'Dora Bank',
        savingPence: 7_700,
      }),
      expect.objectContaining({ shiftId: late.id }),
    ]);
    expect(JSON.stringify(event!.data)).not.toContain(later.id);
    const mail = await eventually(async () => {
      const [found] = catcher.messagesTo(digestTo);
      if (!found) throw new Error('not yet');
      return found;
    }, 300);
    expect(mail.text).toContain('Bank fill suggested for tomorrow (2):');
    expect(mail.text).toMatch(
      /- .+: book Dora Bank and save £77\.00 \(https:\/\/fairshift\.example\.nhs\.uk\/shifts\//,
    );
    expect(mail.html).toContain('book Dora Bank and save £77.00');
  });
});
