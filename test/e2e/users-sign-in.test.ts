import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SignInClaims } from '../../src/core/auth/sign-in-rules.js';
import { UsersService } from '../../src/core/auth/users.service.js';
import { buildOrganisation, type Organisation } from '../support/factories.js';
import { queryRows } from '../support/postgres.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ISSUER = 'https://login.example.nhs.uk';
/** The trust the group map grants (a trust list is not checked against the trusts table). */
const MAPPED_TRUST = '7e57a11c-0000-4000-8000-000000000001';
const claims = (subject: string, email: string, extra: Partial<SignInClaims> = {}): SignInClaims => ({
  issuer: ISSUER,
  subject,
  email,
  emailVerified: true,
  displayName: 'Someone',
  groups: [],
  ...extra,
});

/** Who a sign-in is (docs/rules.md section 13), through UsersService.signIn against the real database. */
describe('users: who a sign-in is', () => {
  let test: TestApp;
  let users: UsersService;
  let org: Organisation;

  beforeAll(async () => {
    test = await startTestApp({
      OIDC_GROUP_MAP: JSON.stringify({ 'medway-rota': { role: 'rota_manager', trustIds: [MAPPED_TRUST] } }),
    });
    org = await buildOrganisation(test);
    users = test.app.get(UsersService);
  });

  afterAll(async () => {
    await test?.close();
  });

  const invite = (email: string) =>
    test
      .as(test.adminKey)
      .post('/api/v1/users', { email, role: 'rota_manager', trustIds: [org.trustId] })
      .expect(201);

  it('binds an invitation to the identity at the first sign-in with its verified e-mail, whatever its case', async () => {
    const invited = await invite('Rita.Rota@Medway.test');
    expect(invited.body.email).toBe('rita.rota@medway.test');
    const first = await users.signIn(claims('rita', 'rita.rota@medway.test'), null);
    expect('user' in first && first.user.id).toBe(invited.body.id);
    const again = await users.signIn(claims('rita', 'someone.else@medway.test'), null);
    expect('user' in again && again.user.id).toBe(invited.body.id);
  });

  it('does not let a second identity take over an invitation already bound', async () => {
    expect(await users.signIn(claims('impostor', 'rita.rota@medway.test'), null)).toEqual({ refused: 'unknown' });
  });

  it('refuses an unverified e-mail and someone never invited', async () => {
    await invite('una.verified@medway.test');
    expect(await users.signIn(claims('una', 'una.verified@medway.test', { emailVerified: false }), null)).toEqual({
      refused: 'unverified',
    });
    expect(await users.signIn(claims('nobody', 'nobody@elsewhere.test'), null)).toEqual({ refused: 'unknown' });
  });

  it('refuses a deactivated person', async () => {
    const invited = await invite('dee.active@medway.test');
    await test.as(test.adminKey).patch(`/api/v1/users/${invited.body.id}`, { active: false }).expect(200);
    expect(await users.signIn(claims('dee', 'dee.active@medway.test'), null)).toEqual({ refused: 'deactivated' });
  });

  it('lets someone in by a mapped group, and out again when they leave it', async () => {
    const mapped = await users.signIn(
      claims('gus', 'gus.group@medway.test', { groups: ['other', 'medway-rota'] }),
      null,
    );
    expect('user' in mapped && mapped.user).toMatchObject({
      role: 'rota_manager',
      trustIds: [MAPPED_TRUST],
      grantedBy: 'groups',
    });
    expect(await users.signIn(claims('gus', 'gus.group@medway.test', { groups: ['other'] }), null)).toEqual({
      refused: 'unknown',
    });
  });

  it('audits every sign-in, let in or refused', async () => {
    const rows = await queryRows<{ action: string }>(
      test.database.url,
      `SELECT action FROM audit_log WHERE action LIKE 'user.sign_in%' GROUP BY action ORDER BY action`,
    );
    expect(rows.map((row) => row.action)).toEqual(['user.sign_in', 'user.sign_in_refused']);
  });
});
