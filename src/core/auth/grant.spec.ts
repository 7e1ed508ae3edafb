import { describe, expect, it } from '@jest/globals';
import { sameGrant } from './grant.js';

const SYSTEM = '11111111-1111-4111-8111-111111111111';
const TRUST_A = '22222222-2222-4222-8222-222222222222';
const TRUST_B = '33333333-3333-4333-8333-333333333333';

describe('sameGrant', () => {
  it('takes a grant given again, trusts in another order, as unchanged', () => {
    expect(
      sameGrant(
        { role: 'rota_manager', systemId: null, trustIds: [TRUST_A, TRUST_B], approvalLevel: null },
        { role: 'rota_manager', trustIds: [TRUST_B, TRUST_A] },
      ),
    ).toBe(true);
    expect(
      sameGrant(
        { role: 'approver', systemId: SYSTEM, trustIds: [], approvalLevel: 'executive' },
        { role: 'approver', systemId: SYSTEM, approvalLevel: 'executive' },
      ),
    ).toBe(true);
  });

  it('sees a change of role, scope or sign-off level', () => {
    const approver = { role: 'approver' as const, systemId: SYSTEM, trustIds: [], approvalLevel: 'executive' as const };
    expect(sameGrant(approver, { ...approver, approvalLevel: 'chief_executive' })).toBe(false);
    expect(sameGrant(approver, { ...approver, systemId: null, trustIds: [TRUST_A] })).toBe(false);
    expect(sameGrant(approver, { role: 'workforce_lead', systemId: SYSTEM })).toBe(false);
    expect(
      sameGrant({ role: 'rota_manager', trustIds: [TRUST_A] }, { role: 'rota_manager', trustIds: [TRUST_A, TRUST_B] }),
    ).toBe(false);
  });
});
