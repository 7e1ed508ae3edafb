import { describe, expect, it } from '@jest/globals';
import { grantFromGroups, readClaims, sessionState } from './sign-in-rules.js';

const SETTINGS = { emailClaim: 'email', groupsClaim: 'groups', emailVerified: 'claim' as const };
const SYSTEM = '11111111-1111-4111-8111-111111111111';
const TRUST = '22222222-2222-4222-8222-222222222222';

describe('readClaims', () => {
  it('lower-cases the e-mail and trusts it only when the token says it is verified', () => {
    const claims = readClaims(
      { iss: 'https://login.example', sub: 'abc', email: 'Sam.Okafor@Medway.NHS.uk', email_verified: true },
      SETTINGS,
    );
    expect(claims).toMatchObject({ email: 'sam.okafor@medway.nhs.uk', emailVerified: true, subject: 'abc' });
    expect(readClaims({ iss: 'i', sub: 's', email: 'a@b.uk' }, SETTINGS).emailVerified).toBe(false);
    expect(readClaims({ iss: 'i', sub: 's', email: 'a@b.uk', email_verified: 'true' }, SETTINGS).emailVerified).toBe(
      false,
    );
  });

  it('reads the e-mail from the configured claim and trusts a provider whose e-mails are all verified (Entra ID)', () => {
    const entra = { ...SETTINGS, emailClaim: 'preferred_username', emailVerified: 'provider' as const };
    const claims = readClaims({ iss: 'i', sub: 's', preferred_username: 'lead@kent.nhs.uk' }, entra);
    expect(claims).toMatchObject({ email: 'lead@kent.nhs.uk', emailVerified: true });
  });

  it('ignores an e-mail that is not one, and groups that are not strings', () => {
    const claims = readClaims({ iss: 'i', sub: 's', email: 'not an e-mail', groups: ['a', 7, null, 'b'] }, SETTINGS);
    expect(claims.email).toBeNull();
    expect(claims.groups).toEqual(['a', 'b']);
  });

  it('names the person from name, or given and family names', () => {
    expect(readClaims({ iss: 'i', sub: 's', given_name: 'Ada', family_name: 'Lovelace' }, SETTINGS).displayName).toBe(
      'Ada Lovelace',
    );
    expect(readClaims({ iss: 'i', sub: 's' }, SETTINGS).displayName).toBeNull();
  });
});

describe('grantFromGroups', () => {
  const map = {
    broken: { role: 'rota_manager' },
    rota: { role: 'rota_manager', trustIds: [TRUST] },
    approvers: { role: 'approver', systemId: SYSTEM, approvalLevel: 'executive' },
    made_up: { role: 'superuser', systemId: SYSTEM },
  };

  it('gives the first mapped group’s grant', () => {
    expect(grantFromGroups(['unrelated', 'approvers', 'rota'], map)).toEqual({
      role: 'approver',
      systemId: SYSTEM,
      trustIds: [],
      approvalLevel: 'executive',
    });
  });

  it('skips a mapping that is not a valid grant (no scope, unknown role) rather than let anyone in with it', () => {
    expect(grantFromGroups(['broken', 'made_up'], map)).toBeNull();
    expect(grantFromGroups(['broken', 'rota'], map)?.role).toBe('rota_manager');
  });

  it('gives nothing without a mapped group', () => {
    expect(grantFromGroups([], map)).toBeNull();
  });
});

describe('sessionState', () => {
  const limits = { idleMinutes: 30, absoluteHours: 12 };
  const signedInAt = Date.UTC(2026, 2, 29, 0, 30); // the night the clocks go forward: instants, not wall clocks

  it('holds a session used within the last 30 minutes', () => {
    expect(sessionState({ signedInAt, seenAt: signedInAt + 60_000 }, signedInAt + 30 * 60_000, limits)).toBe('active');
  });

  it('ends it after 30 minutes idle, to the minute', () => {
    const seenAt = signedInAt + 5 * 60_000;
    expect(sessionState({ signedInAt, seenAt }, seenAt + 30 * 60_000 - 1, limits)).toBe('active');
    expect(sessionState({ signedInAt, seenAt }, seenAt + 30 * 60_000, limits)).toBe('idle');
  });

  it('ends it 12 hours after sign-in however busy the person has been', () => {
    const now = signedInAt + 12 * 3_600_000;
    expect(sessionState({ signedInAt, seenAt: now - 1_000 }, now, limits)).toBe('expired');
  });
});
