import {
  buildAgency,
  buildPublishedRateCard,
  buildSystem,
  buildTrust,
  buildWard,
  nursingBand5Lines,
} from './factories.js';
import { nursingAgencyContract } from './rates.js';
import type { TestApi } from './test-app.js';

export const HOUR = 3_600_000;

/** The rule book's cascade (domain.md section 10a). */
export const DEFAULT_CASCADE = {
  collaborative_bank: { beforeStartHours: 336, afterPostingHours: 1 },
  agency_tier_1: { beforeStartHours: 120, afterPostingHours: 2 },
  agency_tier_2: { beforeStartHours: 72, afterPostingHours: 3 },
  agency_tier_3: { beforeStartHours: 48, afterPostingHours: 4 },
};

/** An instant at least `ms` from now, on the next whole minute (shifts start on whole minutes). */
export const minuteFromNow = (ms: number) => new Date(Math.ceil((Date.now() + ms) / 60_000) * 60_000);

export interface CascadePlace {
  systemId: string;
  systemCode: string;
  trustId: string;
  wardId: string;
  contractId: string;
}

/**
 * A system with `cascade` (null: none), a trust and a ward, nursing band 5 rates (the national cap
 * 3,000 once per test app, the system card's agency cap 2,600 and bank rate 1,800) and an agency
 * contract charging 2,500: a 12-hour day shift with an hour's break costs 19,800 from the bank
 * and 27,500 from the agency.
 */
export function cascadePlaces(test: TestApi): (cascade: object | null) => Promise<CascadePlace> {
  let nationalCard: Promise<string> | null = null;
  return async (cascade) => {
    const system = await buildSystem(test, { settings: { releaseCascade: cascade } });
    const trust = await buildTrust(test, system.id);
    const ward = await buildWard(test, trust.id);
    nationalCard ??= buildPublishedRateCard(test, { name: 'caps', lines: nursingBand5Lines({ agencyCapPence: 3000 }) });
    await nationalCard;
    await buildPublishedRateCard(test, {
      scope: 'system',
      systemId: system.id,
      lines: nursingBand5Lines({ agencyCapPence: 2600, bankRatePence: 1800 }),
    });
    const agencyId = await buildAgency(test, { name: `Agency of ${system.code}` });
    const contractId = await nursingAgencyContract(test, { agencyId, systemId: system.id, chargeRatePence: 2500 });
    return { systemId: system.id, systemCode: system.code, trustId: trust.id, wardId: ward.id, contractId };
  };
}

/** A nursing band 5 shift of 12 hours (an hour's break) from `startsAt`, posted by `key`. */
export async function postShiftAt(
  test: TestApi,
  at: { trustId: string; wardId: string },
  startsAt: Date,
  key = test.adminKey,
) {
  const response = await test
    .as(key)
    .post('/api/v1/shifts', {
      trustId: at.trustId,
      wardId: at.wardId,
      staffGroup: 'nursing',
      grade: 'band5',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 12 * HOUR).toISOString(),
      breakMinutes: 60,
    })
    .expect(201);
  return response.body;
}
