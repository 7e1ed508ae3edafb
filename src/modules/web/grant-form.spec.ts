import { describe, expect, it } from '@jest/globals';
import { InviteUserDto } from '../../core/auth/users.dto.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../core/errors/domain-errors.js';
import {
  formProblems,
  grantAnswersFrom,
  grantAnswersOf,
  grantInput,
  type Places,
  scopeWords,
  validateGrantForm,
} from './grant-form.js';

const SYSTEM = '11111111-1111-4111-8111-111111111111';
const TRUST_A = '22222222-2222-4222-8222-222222222222';
const TRUST_B = '33333333-3333-4333-8333-333333333333';
const AGENCY = '55555555-5555-4555-8555-555555555555';
const PLACES: Places = {
  systems: new Map([[SYSTEM, 'Kent and Medway']]),
  trusts: new Map([
    [TRUST_A, { name: 'Medway NHS Foundation Trust', systemName: 'Kent and Medway' }],
    [TRUST_B, { name: 'Dartford and Gravesham NHS Trust', systemName: 'Kent and Medway' }],
  ]),
  agencies: new Map([[AGENCY, 'Care Staff Ltd']]),
};
const WORDS = { email: 'Enter an e-mail address' };

/** The form's problems when `body` is posted to the invite form. */
async function inviteProblems(body: Record<string, unknown>) {
  const answers = grantAnswersOf(body);
  const error = await validateGrantForm(InviteUserDto, { email: body.email, ...grantInput(answers) }, 'user').then(
    () => null,
    (refusal: unknown) => refusal,
  );
  return error && formProblems(error, answers, WORDS);
}

describe('grant form', () => {
  it('reads one ticked trust or several, and ignores empty answers', () => {
    expect(grantAnswersOf({ role: 'rota_manager', scope: 'trusts', trustIds: TRUST_A }).trustIds).toEqual([TRUST_A]);
    expect(grantAnswersOf({ trustIds: [TRUST_A, ' ', TRUST_B] }).trustIds).toEqual([TRUST_A, TRUST_B]);
    expect(grantAnswersOf({ role: ' ', systemId: '' })).toEqual({
      role: undefined,
      scope: undefined,
      systemId: undefined,
      trustIds: [],
      approvalLevel: undefined,
    });
  });

  it('asks only for the answers under the choices taken', () => {
    const answers = grantAnswersOf({
      role: 'rota_manager',
      scope: 'trusts',
      systemId: SYSTEM,
      trustIds: [TRUST_A],
      approvalLevel: 'executive',
    });
    expect(grantInput(answers)).toEqual({
      role: 'rota_manager',
      systemId: undefined,
      trustIds: [TRUST_A],
      approvalLevel: undefined,
    });
    expect(
      grantInput({ role: 'approver', scope: 'system', systemId: SYSTEM, trustIds: [], approvalLevel: 'executive' }),
    ).toEqual({ role: 'approver', systemId: SYSTEM, trustIds: undefined, approvalLevel: 'executive' });
  });

  it('asks agency staff for their agency alone: no scope, no level', async () => {
    const answers = grantAnswersOf({ role: 'agency', scope: 'system', systemId: SYSTEM, agencyId: AGENCY });
    expect(grantInput(answers)).toEqual({ role: 'agency', agencyId: AGENCY });
    // An agency chosen under another role is not part of its grant.
    expect(
      grantInput(grantAnswersOf({ role: 'rota_manager', scope: 'system', systemId: SYSTEM, agencyId: AGENCY })),
    ).toEqual({ role: 'rota_manager', systemId: SYSTEM });
    expect(await inviteProblems({ email: 'kit@care-staff.test', role: 'agency' })).toEqual([
      { field: 'agencyId', text: 'Choose the agency they work for' },
    ]);
    expect(await inviteProblems({ email: 'kit@care-staff.test', role: 'agency', agencyId: AGENCY })).toBeNull();
    expect(formProblems(new NotFoundError('agency gone'), answers, WORDS)).toEqual([
      { field: 'agencyId', text: 'That agency no longer exists: choose again' },
    ]);
    expect(grantAnswersFrom({ role: 'agency', agencyId: AGENCY }).agencyId).toBe(AGENCY);
  });

  it('starts a person’s form from their grant', () => {
    expect(grantAnswersFrom({ role: 'admin', systemId: null, trustIds: [] }).scope).toBe('everywhere');
    expect(grantAnswersFrom({ role: 'approver', systemId: SYSTEM, trustIds: [], approvalLevel: 'executive' })).toEqual({
      role: 'approver',
      scope: 'system',
      systemId: SYSTEM,
      trustIds: [],
      approvalLevel: 'executive',
    });
  });

  it('says every problem at once: a bad e-mail, an approver without a level, no trust chosen', async () => {
    expect(await inviteProblems({ email: 'not an e-mail', role: 'approver', scope: 'trusts' })).toEqual([
      { field: 'email', text: 'Enter an e-mail address' },
      { field: 'approvalLevel', text: 'Choose the highest sign-off this approver may give' },
      { field: 'trustIds', text: 'Choose at least one trust' },
    ]);
  });

  it('says which scope question to answer for the role chosen', async () => {
    const email = 'sam@medway.test';
    expect(await inviteProblems({ email, role: 'admin', scope: 'system', systemId: SYSTEM })).toEqual([
      { field: 'scope', text: 'An administrator works everywhere: choose ‘Everywhere’' },
    ]);
    expect(await inviteProblems({ email, role: 'rota_manager', scope: 'everywhere' })).toEqual([
      { field: 'scope', text: 'Only an administrator works everywhere: choose a system or trusts' },
    ]);
    expect(await inviteProblems({ email, role: 'workforce_lead' })).toEqual([
      { field: 'scope', text: 'Choose where they work: a whole system, or chosen trusts' },
    ]);
    expect(await inviteProblems({ email, role: 'workforce_lead', scope: 'system' })).toEqual([
      { field: 'systemId', text: 'Choose a system' },
    ]);
    expect(await inviteProblems({ email, scope: 'everywhere' })).toContainEqual({
      field: 'role',
      text: 'Choose a role',
    });
    expect(await inviteProblems({ email, role: 'admin', scope: 'everywhere' })).toBeNull();
  });

  it('turns an e-mail already invited, and a system gone since the form was shown, into the form’s errors', () => {
    const answers = grantAnswersOf({ role: 'rota_manager', scope: 'system', systemId: SYSTEM });
    const taken = { field: 'email', text: 'Already invited' };
    expect(formProblems(new ConflictError('taken'), answers, WORDS, taken)).toEqual([taken]);
    expect(formProblems(new NotFoundError('system gone'), answers, WORDS)).toEqual([
      { field: 'scope', text: 'That system or trust no longer exists: choose again' },
    ]);
  });

  it('leaves to the error page what the form cannot fix', () => {
    const answers = grantAnswersOf({});
    expect(formProblems(new ConflictError('You cannot deactivate yourself'), answers, WORDS)).toBeNull();
    expect(formProblems(new Error('database down'), answers, WORDS)).toBeNull();
    expect(
      formProblems(new InvalidInputError('x', [{ field: 'body', message: 'must be a JSON object' }]), answers, WORDS),
    ).toBeNull();
  });

  it('says where someone works in words', () => {
    expect(scopeWords({ role: 'admin' }, PLACES)).toBe('Everywhere');
    expect(scopeWords({ role: 'rota_manager', systemId: SYSTEM }, PLACES)).toBe('Kent and Medway (whole system)');
    expect(scopeWords({ role: 'rota_manager', trustIds: [TRUST_A, TRUST_B] }, PLACES)).toBe(
      'Medway NHS Foundation Trust, Dartford and Gravesham NHS Trust',
    );
    expect(scopeWords({ role: 'rota_manager', trustIds: ['44444444-4444-4444-8444-444444444444'] }, PLACES)).toBe(
      'a trust that no longer exists',
    );
    expect(scopeWords({ role: 'agency', agencyId: AGENCY }, PLACES)).toBe(
      'Care Staff Ltd: the shifts released to it, in the systems where it holds a contract',
    );
  });
});
