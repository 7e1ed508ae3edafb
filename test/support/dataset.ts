import { queryRows } from './postgres.js';
import { WebhookReceiver } from '../../src/bench/webhook-receiver.js';
import { eventually } from './eventually.js';
import { buildApiKey, buildOrganisation } from './factories.js';
import { AFC_BANDS, agencyBooking, dayShift, nursingAgencyContract, publishedCard } from './rates.js';
import { startTestWorker, type TestApp } from './test-app.js';

/** The week the dataset's bookings fall in, and the window of its compliance runs. */
export const DATASET_WEEK = { from: '2025-06-09', to: '2025-06-16', isoWeek: '2025-W24' };

/** One system with one of everything the API serves, each id in a state its routes act on. */
export interface SystemFixture {
  systemId: string;
  trustId: string;
  otherTrustId: string;
  wardId: string;
  /** Published, from 2025-01-01. */
  cardId: string;
  /** A draft, from 2026-04-01. */
  draftCardId: string;
  contractId: string;
  workerId: string;
  openShiftId: string;
  /** Booked to `workerId`, confirmed, no timesheet yet. */
  bookedShiftId: string;
  /** That booking. */
  bankBookingId: string;
  /** An agency booking above the caps, awaiting sign-off. */
  pendingBookingId: string;
  webhookId: string;
  /** To the trust, for its digests only (none is built while the dataset is), so no e-mail is sent. */
  emailSubscriptionId: string;
  runId: string;
  breachId: string;
  deliveryId: string;
  /** An applied import of one bank worker. */
  importId: string;
  /** An open shift with one submission of the dataset's agency on it. */
  submissionShiftId: string;
  submissionId: string;
  /** An open shift in 2030 (the dataset's systems release every stage at posting): what an agency may see and submit to. */
  futureShiftId: string;
  /** The agency's invoice of the pending booking at its cost (no timesheet yet, so the charge stays). */
  invoiceId: string;
}

export interface Dataset {
  a: SystemFixture;
  b: SystemFixture;
  agencyId: string;
  nationalCardId: string;
  /** An admin key nobody uses, to revoke. */
  spareKeyId: string;
  /** An invited person who never signs in, to change. */
  spareUserId: string;
  /** The dataset agency's own webhook. */
  agencyWebhookId: string;
}

/**
 * Seeds two systems through the API, each with one of everything, using a worker (for the
 * compliance run's breaches and the webhook deliveries) that is closed before this returns, so
 * nothing writes behind the tests' backs afterwards. The app must allow plain-http webhooks and
 * have an SMTP_URL (nothing is sent to it).
 */
export async function buildDataset(test: TestApp): Promise<Dataset> {
  const admin = test.as(test.adminKey);
  const receiver = await WebhookReceiver.start();
  const worker = await startTestWorker(test);
  try {
    const nationalCardId = await publishedCard(test, {
      scope: 'national',
      name: 'national',
      effectiveFrom: '2025-01-01',
      lines: AFC_BANDS.map((band) => ({ staffGroup: 'nursing', grade: 'band5', band, agencyCapPence: 3000 })),
    });
    const agency = await admin.post('/api/v1/agencies', { name: 'Dataset agency' }).expect(201);
    const spareKey = await admin.post('/api/v1/api-keys', { name: 'spare', role: 'admin' }).expect(201);
    const a = await buildSystemFixture(test, receiver, agency.body.id);
    const b = await buildSystemFixture(test, receiver, agency.body.id);
    const agencyWebhook = await admin
      .post('/api/v1/webhooks', {
        agencyId: agency.body.id,
        url: receiver.url('/agency'),
        events: ['submission.accepted'],
      })
      .expect(201);
    const spareUser = await admin
      .post('/api/v1/users', { email: 'spare.person@dataset.test', role: 'workforce_lead', systemId: a.systemId })
      .expect(201);
    return {
      a,
      b,
      agencyId: agency.body.id,
      nationalCardId,
      spareKeyId: spareKey.body.id,
      spareUserId: spareUser.body.id,
      agencyWebhookId: agencyWebhook.body.id,
    };
  } finally {
    await worker.close();
    await receiver.close();
  }
}

async function buildSystemFixture(test: TestApp, receiver: WebhookReceiver, agencyId: string): Promise<SystemFixture> {
  const admin = test.as(test.adminKey);
  const organisation = await buildOrganisation(test);
  const { systemId, trustId } = organisation;
  const systemCard = (effectiveFrom: string) => ({
    scope: 'system',
    systemId,
    name: `system from ${effectiveFrom}`,
    effectiveFrom,
    lines: AFC_BANDS.map((band) => ({
      staffGroup: 'nursing',
      grade: 'band5',
      band,
      agencyCapPence: 2600,
      bankRatePence: 1800,
    })),
  });
  const cardId = await publishedCard(test, systemCard('2025-01-01'));
  const draftCard = await admin.post('/api/v1/rate-cards', systemCard('2026-04-01')).expect(201);
  const contractId = await nursingAgencyContract(test, { agencyId, systemId, chargeRatePence: 4600 });
  const webhook = await admin
    .post('/api/v1/webhooks', {
      systemId,
      url: receiver.url(`/${systemId}`),
      events: ['booking.pending_approval', 'breach.opened'],
    })
    .expect(201);
  const emailSubscription = await admin
    .post('/api/v1/email-subscriptions', {
      trustId,
      address: `digests.${systemId.slice(0, 8)}@dataset.example.nhs.uk`,
      events: ['digest.daily'],
    })
    .expect(201);

  // Booked before any bank worker exists, so bank-first does not stand in the way.
  const pendingBooking = await agencyBooking(test, organisation, '2025-06-10', contractId);
  const worker = await admin
    .post('/api/v1/bank-workers', {
      homeTrustId: trustId,
      displayName: 'Dataset nurse',
      staffGroup: 'nursing',
      grade: 'band5',
    })
    .expect(201);
  const bookedShiftId = await dayShift(test, organisation, '2025-06-11');
  const bankBooking = await admin
    .post(`/api/v1/shifts/${bookedShiftId}/bookings`, { type: 'bank', bankWorkerId: worker.body.id })
    .expect(201);
  const openShiftId = await dayShift(test, organisation, '2025-06-13');

  // 4,600 × 11 hours: the pending booking's own cost, so the invoice leaves its charge as it was.
  const invoice = await admin
    .post('/api/v1/invoices', {
      agencyId,
      invoiceNumber: `DATASET-${systemId}`,
      issuedOn: '2025-06-30',
      lines: [{ bookingId: pendingBooking.id, paidMinutes: 660, amountPence: 50_600 }],
    })
    .expect(201);
  const run = await admin
    .post('/api/v1/compliance-runs', { systemId, from: DATASET_WEEK.from, to: DATASET_WEEK.to })
    .expect(202);
  await eventually(async () => {
    const status = (await admin.get(`/api/v1/compliance-runs/${run.body.id}`).expect(200)).body.status;
    if (status !== 'succeeded') throw new Error(`compliance run is ${status}`);
  });
  // By the system's integration key (an import belongs to the scope of the key that sent it), and
  // not through `test.as`, which sends a JSON body of its own.
  const integration = await buildApiKey(test, { role: 'integration', systemId });
  const imported = await test.http
    .post('/api/v1/imports/bank-workers')
    .set('Authorization', `Bearer ${integration}`)
    .set('Content-Type', 'text/csv')
    .send(bankWorkerCsv(trustId, `DATASET-${systemId}`));
  if (imported.status !== 202) throw new Error(`the dataset's import answered ${imported.status}`);
  await eventually(async () => {
    const view = (await admin.get(`/api/v1/imports/${imported.body.id}`).expect(200)).body;
    if (view.status !== 'succeeded') throw new Error(`import is ${view.status}: ${JSON.stringify(view.errors)}`);
  });
  const breaches = await admin.get(`/api/v1/breaches?systemId=${systemId}`).expect(200);
  const submissionShiftId = await dayShift(test, organisation, '2025-06-14');
  const submissionId = await seedSubmission(test, submissionShiftId, agencyId, contractId);
  const futureShiftId = await dayShift(test, organisation, '2030-06-12');
  const deliveryId = await eventually(async () => {
    const deliveries = await admin.get(`/api/v1/webhooks/${webhook.body.id}/deliveries?status=delivered`).expect(200);
    if (deliveries.body.items.length === 0) throw new Error('no webhook delivery yet');
    return deliveries.body.items[0].id as string;
  });
  return {
    ...organisation,
    cardId,
    draftCardId: draftCard.body.id,
    contractId,
    workerId: worker.body.id,
    openShiftId,
    bookedShiftId,
    bankBookingId: bankBooking.body.id,
    pendingBookingId: pendingBooking.id,
    webhookId: webhook.body.id,
    emailSubscriptionId: emailSubscription.body.id,
    runId: run.body.id,
    breachId: breaches.body.items[0].id,
    deliveryId,
    importId: imported.body.id,
    submissionShiftId,
    submissionId,
    futureShiftId,
    invoiceId: invoice.body.id,
  };
}

/**
 * A submission of the agency's candidate, as a row: the API takes submissions only for shifts yet
 * to start, and the dataset's shifts are in June 2025.
 */
async function seedSubmission(test: TestApp, shiftId: string, agencyId: string, contractId: string): Promise<string> {
  const [worker] = await queryRows<{ id: string }>(
    test.database.url,
    `INSERT INTO agency_workers (registration, display_name, name_key, agency_id)
     VALUES (NULL, 'Dataset candidate', 'dataset candidate of ' || $2, $1) RETURNING id`,
    [agencyId, shiftId],
  );
  const [submission] = await queryRows<{ id: string }>(
    test.database.url,
    `INSERT INTO submissions (shift_id, agency_id, agency_contract_id, agency_worker_id, rates_pence, cost_pence,
                              cap_cost_pence, system_cap_cost_pence, cap_position, signoff_level)
     VALUES ($1, $2, $3, $4, '{"day": 4600}', 50600, 33000, 28600, 'above_cap', 'senior_manager') RETURNING id`,
    [shiftId, agencyId, contractId, worker!.id],
  );
  return submission!.id;
}

/** A bank-workers import file of one nurse of `trustId`. */
export const bankWorkerCsv = (trustId: string, externalRef: string): string =>
  'homeTrustId,displayName,staffGroup,grade,externalRef\n' + `${trustId},Imported nurse,nursing,band5,${externalRef}\n`;
