import type { TestApi } from '../test-app.js';
import { unique } from './unique.js';

export interface ContractLine {
  staffGroup: string;
  grade: string;
  band: string;
  chargeRatePence: number;
  workerPayPence: number;
}

/** An agency; returns its id. */
export async function buildAgency(test: TestApi, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await test
    .as(test.adminKey)
    .post('/api/v1/agencies', { name: `Agency ${unique()}`, ...overrides })
    .expect(201);
  return response.body.id as string;
}

/** One contract line per band given, all at one charge and pay rate. */
export const contractLines = (
  staffGroup: string,
  grade: string,
  bands: readonly string[],
  rates: { chargeRatePence: number; workerPayPence: number },
): ContractLine[] => bands.map((band) => ({ staffGroup, grade, band, ...rates }));

/**
 * A tier 1 contract of `agencyId` with `systemId` on the NHS Workforce Alliance framework from
 * 2025-01-01, with the given lines, unless `overrides` say otherwise; returns its id.
 */
export async function buildAgencyContract(
  test: TestApi,
  contract: { agencyId: string; systemId: string; lines: ContractLine[] },
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const response = await test
    .as(test.adminKey)
    .post('/api/v1/agency-contracts', {
      framework: 'NHS Workforce Alliance',
      tier: 1,
      validFrom: '2025-01-01',
      ...contract,
      ...overrides,
    })
    .expect(201);
  return response.body.id as string;
}
