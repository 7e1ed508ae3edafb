import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { signoffRank, signoffRankSql } from '../core/auth/api-key.entity.js';
import { loadAppConfig } from '../core/config/app-config.js';
import { DEFAULT_DEMO_OPTIONS, demoFigures, type DemoSystemRef, seedDemo } from './demo-seed.js';
import { londonDate } from '../modules/time-bands/index.js';
import { offerToDemoWorker } from './demo-bank-worker.js';
import { DEMO_PEOPLE, DEMO_PEOPLE_DOMAIN, type DemoPerson } from './demo-people.data.js';
import { DEMO_AGENCY_NAME, demoAgencyShift } from './demo-agency.js';
import { type DevIdentityProvider, startDevIdentityProvider } from './dev-identity-provider.js';
import { requestDigest, startDemoMailbox, subscribeByEmail } from './demo-mail.js';

/**
 * `npm run demo`: seeds the demo region once per database (Kent and Medway and South East London,
 * six months of history, open shifts ahead), runs the api and a worker in one process, runs one
 * compliance run per system over the whole window and waits for them, creates a key per persona,
 * subscribes the Medway rota manager to e-mail alerts caught by a local SMTP server, and prints
 * where to look, which key to use and where to read the mail.
 */
process.env.BOOTSTRAP_ADMIN_KEY ||= `demo_${randomBytes(24).toString('base64url')}`;
process.env.LOG_LEVEL ||= 'warn';
const config = loadAppConfig(process.env);
const seed = Number(process.env.DEMO_SEED ?? '1');
if (!Number.isSafeInteger(seed) || seed < 0) {
  console.error(`DEMO_SEED must be a whole number, not ${process.env.DEMO_SEED}`);
  process.exit(1);
}
const say = (message: string) => console.log(`demo: ${message}`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const today = londonDate();

const client = new pg.Client({ connectionString: config.DATABASE_URL, application_name: 'fairshift-demo' });
await client.connect();
const seeding = performance.now();
say(`seeding Kent and Medway and South East London from seed ${seed} (once per database)`);
const region = await seedDemo(client, { seed, today, ...DEFAULT_DEMO_OPTIONS });
const figures = await demoFigures(client);
say(
  region.seeded
    ? `seeded ${figures.bookings.toLocaleString('en-GB')} bookings in ${seconds(seeding)}`
    : `already seeded (${region.from} to ${region.to}); set DATABASE_URL to a new database for a fresh demo`,
);

// A real OpenID provider for the demo's people (oidc-provider), unless one is configured.
const signInPasswords = new Map(
  DEMO_PEOPLE.map((person) => [person.id, `${person.id.split('-')[0]}-${randomBytes(4).toString('hex')}`]),
);
let identityProvider: DevIdentityProvider | null = null;
if (!process.env.OIDC_ISSUER_URL) {
  const port = Number(process.env.DEMO_IDP_PORT ?? config.PORT + 1);
  const clientSecret = randomBytes(24).toString('base64url');
  try {
    identityProvider = await startDevIdentityProvider({
      port,
      clientId: 'fairshift-demo',
      clientSecret,
      relyingPartyUrl: config.publicUrl,
      accounts: DEMO_PEOPLE.map((person) => ({ ...person, password: signInPasswords.get(person.id)! })),
    });
  } catch (error) {
    console.error(
      `demo: the local identity provider cannot listen on port ${port} (${(error as Error).message}); set DEMO_IDP_PORT to a free port`,
    );
    process.exit(1);
  }
  Object.assign(process.env, {
    OIDC_ISSUER_URL: identityProvider.issuer,
    OIDC_CLIENT_ID: 'fairshift-demo',
    OIDC_CLIENT_SECRET: clientSecret,
  });
  // The provider's subjects are the same on every start, but its issuer may move with its port.
  await client.query(`UPDATE users SET issuer = NULL, subject = NULL WHERE email LIKE '%@${DEMO_PEOPLE_DOMAIN}'`);
}

// A local SMTP server that keeps what Fairshift sends, unless SMTP_URL names a real one.
const mailbox = await startDemoMailbox(config);

await import('../start.js');

const base = `http://localhost:${config.PORT}`;
const adminKey = config.BOOTSTRAP_ADMIN_KEY!;
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface RunView {
  id: string;
  systemId: string;
  status: string;
  from: string;
  to: string;
  chunksTotal: number;
  chunksDone: number;
  bookingsChecked: number;
  breachesOpened: number;
  error: string | null;
}

/** One run per system over the whole window, unless one already succeeded; waits for them all. */
async function runCompliance(systems: DemoSystemRef[]): Promise<void> {
  const started = performance.now();
  const runs: RunView[] = [];
  for (const system of systems) {
    const earlier = await call<{ items: RunView[] }>('GET', `/compliance-runs?systemId=${system.id}&limit=20`);
    const done = earlier.items.find(
      (run) => run.status === 'succeeded' && run.from === region.from && run.to === region.to,
    );
    runs.push(
      done ??
        (await call<RunView>('POST', '/compliance-runs', { systemId: system.id, from: region.from, to: region.to })),
    );
  }
  let last = '';
  for (;;) {
    const current = await Promise.all(runs.map((run) => call<RunView>('GET', `/compliance-runs/${run.id}`)));
    const failed = current.find((run) => run.status === 'failed');
    if (failed) throw new Error(`the compliance run ${failed.id} failed: ${failed.error}`);
    const progress = current
      .map((run) => {
        const name = systems.find((system) => system.id === run.systemId)!.name;
        return `${name} ${run.chunksDone}/${run.chunksTotal} chunks`;
      })
      .join(', ');
    if (progress !== last) say(`compliance runs: ${progress}`);
    last = progress;
    if (current.every((run) => run.status === 'succeeded')) break;
    await new Promise((wake) => setTimeout(wake, 1_000));
  }
  say(`compliance runs done in ${seconds(started)}`);
}

interface KeyView {
  id: string;
  name: string;
  key: string;
  revokedAt: string | null;
}

/** A key per persona, new each time; the previous demo run's persona keys are revoked. */
async function personaKeys(systems: DemoSystemRef[], rotaTrustId: string) {
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page: { items: KeyView[]; nextCursor: string | null } = await call(
      'GET',
      `/api-keys?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    );
    for (const key of page.items) {
      if (key.name.startsWith('Demo: ') && !key.revokedAt) await call('DELETE', `/api-keys/${key.id}`);
    }
    cursor = page.nextCursor;
  }
  const kent = systems.find((system) => system.code === 'KM')!;
  const southEast = systems.find((system) => system.code === 'SEL')!;
  const create = (body: object) => call<KeyView>('POST', '/api-keys', body);
  return {
    kentLead: await create({ name: 'Demo: Kent and Medway workforce lead', role: 'workforce_lead', systemId: kent.id }),
    southEastLead: await create({
      name: 'Demo: South East London workforce lead',
      role: 'workforce_lead',
      systemId: southEast.id,
    }),
    rotaManager: await create({ name: 'Demo: Medway rota manager', role: 'rota_manager', trustIds: [rotaTrustId] }),
    approver: await create({
      name: 'Demo: Kent and Medway executive approver',
      role: 'approver',
      systemId: kent.id,
      approvalLevel: 'executive',
    }),
  };
}

/** The demo's people, invited once per database with their persona's role and scope. */
async function invitePeople(scopes: Record<DemoPerson['scope'], object>): Promise<void> {
  // The bank worker is linked to a nurse and offered a shift afterwards (offerToDemoWorker).
  for (const person of DEMO_PEOPLE.filter((one) => one.grant.role !== 'bank_worker')) {
    const response = await fetch(`${base}/api/v1/users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: person.email, displayName: person.name, ...person.grant, ...scopes[person.scope] }),
    });
    if (!response.ok && response.status !== 409)
      throw new Error(`inviting ${person.email}: ${response.status} ${await response.text()}`);
  }
}

await runCompliance(region.systems);
const kent = region.systems.find((system) => system.code === 'KM')!;
const [medway] = (await client.query<{ id: string }>(`SELECT id FROM trusts WHERE ods_code = 'RPA'`)).rows;
const keys = await personaKeys(region.systems, medway!.id);
const southEast = region.systems.find((system) => system.code === 'SEL')!;
const [demoAgency] = (await client.query<{ id: string }>(`SELECT id FROM agencies WHERE name = $1`, [DEMO_AGENCY_NAME]))
  .rows;
await invitePeople({
  everywhere: {},
  medway: { trustIds: [medway!.id] },
  kent: { systemId: kent.id },
  southEast: { systemId: southEast.id },
  agency: { agencyId: demoAgency!.id },
});
const agencyKey = await call<KeyView>('POST', '/api-keys', {
  name: `Demo: ${DEMO_AGENCY_NAME} (agency)`,
  role: 'agency',
  agencyId: demoAgency!.id,
});
const rotaPerson = DEMO_PEOPLE.find((person) => person.id === 'rota-medway')!;
await subscribeByEmail(base, keys.rotaManager.key, medway!.id, rotaPerson.email);
await requestDigest(config, medway!.id, today);
const bankPerson = DEMO_PEOPLE.find((person) => person.grant.role === 'bank_worker')!;
const offered = await offerToDemoWorker(
  client,
  { base, adminKey, rotaKey: keys.rotaManager.key },
  medway!.id,
  bankPerson,
);
const agencyShift = await demoAgencyShift(
  client,
  { base, agencyKey: agencyKey.key, rotaKey: keys.rotaManager.key },
  medway!.id,
  offered?.shiftId ?? null,
);
const agencyPerson = DEMO_PEOPLE.find((person) => person.grant.role === 'agency')!;
const [openShift] = (
  await client.query<{ id: string }>(
    `SELECT id FROM shifts WHERE trust_id = $1 AND status = 'open' AND starts_at > now() ORDER BY starts_at, id LIMIT 1`,
    [medway!.id],
  )
).rows;
const [pending] = (
  await client.query<{ id: string }>(
    `SELECT b.id FROM bookings b JOIN shifts s ON s.id = b.shift_id JOIN trusts t ON t.id = s.trust_id
      WHERE t.system_id = $1 AND b.status = 'pending_approval' AND ${signoffRankSql('b.required_signoff')} BETWEEN 1 AND ${signoffRank('executive')}
        AND s.starts_at > now()
      ORDER BY s.starts_at, b.id LIMIT 1`,
    [kent.id],
  )
).rows;
// An open Medway shift not yet released to tier 1 agencies, and a tier 1 contract that covers it.
const [early] = (
  await client.query<{ shiftId: string; contractId: string; releaseAt: Date }>(
    `SELECT s.id AS "shiftId", c.id AS "contractId", s.release_agency_tier_1_at AS "releaseAt"
       FROM shifts s JOIN trusts t ON t.id = s.trust_id
       JOIN agency_contracts c ON c.system_id = t.system_id AND c.tier = 1 AND c.framework IS NOT NULL
        AND EXISTS (SELECT 1 FROM agency_contract_lines l WHERE l.contract_id = c.id AND l.staff_group = s.staff_group AND l.grade = s.grade)
      WHERE s.trust_id = $1 AND s.status = 'open' AND s.release_agency_tier_1_at > now() + interval '1 hour'
      ORDER BY s.starts_at, s.id, c.id LIMIT 1`,
    [medway!.id],
  )
).rows;
const breaches = (
  await client.query<{ rule: string; open: number; total: number }>(
    `SELECT rule, count(*) FILTER (WHERE status IN ('open', 'acknowledged'))::int AS open, count(*)::int AS total
       FROM breaches WHERE status <> 'resolved' OR resolution <> 'cleared' GROUP BY rule ORDER BY count(*) DESC`,
  )
).rows;
const [week] = (await client.query<{ week: string }>(`SELECT to_char($1::date - 7, 'IYYY-"W"IW') AS week`, [today]))
  .rows;
await client.end();

const number = (value: number) => value.toLocaleString('en-GB');
const curl = (key: string, path: string) => `curl -H "Authorization: Bearer ${key}" "${base}/api/v1${path}"`;
const reportWindow = `systemId=${kent.id}&from=${region.from}&to=${region.to}`;
console.log(`
Fairshift demo is ready: Kent and Medway (RN7, RVV, RWF, RPA) and South East London (RJ1, RJZ, RJ2, RPG, RV5),
${region.from} to ${region.to}: ${number(figures.trusts)} trusts, ${number(figures.wards)} wards, ${number(figures.bankWorkers)} bank workers, ${number(figures.agencies)} agencies (${number(figures.contracts)} contracts),
${number(figures.shifts)} shifts (${number(figures.openShifts)} open), ${number(figures.bookings)} bookings (${number(figures.agencyBookings)} agency, ${number(figures.pendingApproval)} awaiting sign-off), ${number(figures.timesheets)} timesheets.
Agency invoices: ${number(figures.invoices)} (${number(figures.invoiceLines)} lines, ${number(figures.disputedLines)} disputed), £${number(Math.round(figures.invoicedPence / 100))} invoiced, £${number(Math.round((figures.invoicedPence - figures.validatedPence) / 100))} disputed.
Breaches: ${breaches.map((row) => `${row.rule} ${number(row.total)}`).join(', ')}.

  API            ${base}/api/v1
  API explorer   ${base}/docs          (OpenAPI document: ${base}/docs-json; "Authorize" with a key below)
  Health         ${base}/healthz
  Queues         ${base}/admin/queues  (user: admin, password: the admin key)

Sign in at ${base}/ ${identityProvider ? `(the local identity provider at ${identityProvider.issuer}; passwords new on every start)` : `(through ${process.env.OIDC_ISSUER_URL})`}:
${DEMO_PEOPLE.map((person) => `  ${person.title.padEnd(40)}${person.email.padEnd(42)}${identityProvider ? signInPasswords.get(person.id) : ''}`).join('\n')}

Mail: ${
  mailbox
    ? `the local SMTP server on port ${mailbox.port} keeps every e-mail Fairshift sends (emptied on every start).
  Read it at     file://${mailbox.folder}/index.html  (each message as .eml and .html in ${mailbox.folder})`
    : `to ${process.env.SMTP_URL?.replace(/\/\/[^@/]*@/, '//')} (SMTP_URL).`
}
${
  offered
    ? `  ${bankPerson.name} (${bankPerson.email}), a Medway bank nurse, is offered ${offered.wardName} on ${offered.startsAt.toISOString()}
  (pay ${offered.payPence === null ? 'at the bank rate' : `£${(offered.payPence / 100).toFixed(2)}`}): the e-mail is in the mailbox; sign in as her in a phone-sized window to take it.
`
    : ''
}  ${rotaPerson.name} (${rotaPerson.email}) hears Medway's daily digest, bookings waiting for sign-off and
  new breaches by e-mail; yesterday's digest was asked for now (built once a day).

Keys for the API (new on every start; the previous start's persona keys are revoked):
  Admin                                   ${adminKey}
  Workforce lead, Kent and Medway         ${keys.kentLead.key}
  Workforce lead, South East London       ${keys.southEastLead.key}
  Rota manager, Medway NHS FT (RPA)       ${keys.rotaManager.key}
  Approver (executive), Kent and Medway   ${keys.approver.key}
  Agency (${DEMO_AGENCY_NAME})  ${agencyKey.key}

Try:
  # the fill ladder of an open Medway shift, bank first (rota manager)
  ${curl(keys.rotaManager.key, `/shifts/${openShift?.id}/fill-options`)}
  # open critical breaches in Kent and Medway (workforce lead)
  ${curl(keys.kentLead.key, `/breaches?systemId=${kent.id}&severity=critical&status=open&limit=5`)}
  # cap compliance and rate variation by trust and staff group
  ${curl(keys.kentLead.key, `/reports/cap-compliance?${reportWindow}`)}
  ${curl(keys.kentLead.key, `/reports/rate-variation?${reportWindow}`)}
  # last week's return to NHS England (CSV)
  ${curl(keys.kentLead.key, `/reports/weekly-return?systemId=${kent.id}&week=${week!.week}`)}
  # bank first, made active: open fill suggestions in Medway (the worker raises them as shifts near agencies)
  ${curl(keys.rotaManager.key, `/fill-suggestions?trustId=${medway!.id}&status=open`)}
  # what the suggestions saved, per trust and week (workforce lead)
  ${curl(keys.kentLead.key, `/reports/bank-first?${reportWindow}`)}${
    early
      ? `
  # an agency booked before its tier is released: refused, naming the release (${early.releaseAt.toISOString()})
  curl -X POST -H "Authorization: Bearer ${keys.rotaManager.key}" -H "Content-Type: application/json" -d '{"type":"agency","agencyContractId":"${early.contractId}","bypassReason":"No bank cover"}' "${base}/api/v1/shifts/${early.shiftId}/bookings"`
      : ''
  }
  # agency invoices with a disputed line, and one month's disputes per agency (workforce lead)
  ${curl(keys.kentLead.key, `/invoices?systemId=${kent.id}&status=over_contract&limit=5`)}
  ${curl(keys.kentLead.key, `/reports/invoice-disputes?${reportWindow}`)}
  # the alerts feed
  ${curl(keys.kentLead.key, '/alerts?limit=5')}
  # the agency's side: the shifts released to it, each with its contract's charge (agency key)
  ${curl(agencyKey.key, '/agency/shifts?limit=5')}${
    agencyShift
      ? `
  # put a candidate forward above the national cap (${agencyShift.wardName}, ${agencyShift.startsAt}, £${(agencyShift.costPence / 100).toFixed(2)}): told the sign-off it needs
  curl -X POST -H "Authorization: Bearer ${agencyKey.key}" -H "Content-Type: application/json" -d '{"candidate":{"displayName":"Ama Owusu","registration":"NMC 12A3456B"}}' "${base}/api/v1/shifts/${agencyShift.shiftId}/submissions"
  # then ${rotaPerson.name} accepts it on the shift's page (${base}/shifts/${agencyShift.shiftId}), or by the API:
  ${curl(keys.rotaManager.key, `/shifts/${agencyShift.shiftId}/submissions`)}
  # ${agencyPerson.name} (${agencyPerson.email}) signs in to the agency's pages at ${base}/agency`
      : ''
  }${
    pending
      ? `
  # sign off an agency booking above the cap (approver)
  curl -X POST -H "Authorization: Bearer ${keys.approver.key}" -H "Content-Type: application/json" -d '{"reason":"No bank cover"}' "${base}/api/v1/bookings/${pending.id}/approve"`
      : ''
  }

Set BOOTSTRAP_ADMIN_KEY in .env to keep the admin key; DEMO_SEED (default 1) seeds other data into a new database.
Stop with Ctrl+C.
`);
