import type { TestApi } from '../test-app.js';
import { buildSystem } from './system.factory.js';
import { buildTrust } from './trust.factory.js';
import { buildWard } from './ward.factory.js';

export interface Organisation {
  systemId: string;
  trustId: string;
  otherTrustId: string;
  wardId: string;
}

export async function buildOrganisation(test: TestApi): Promise<Organisation> {
  const system = await buildSystem(test);
  const trust = await buildTrust(test, system.id, { name: 'Test trust A' });
  const otherTrust = await buildTrust(test, system.id, { name: 'Test trust B' });
  const ward = await buildWard(test, trust.id);
  return { systemId: system.id, trustId: trust.id, otherTrustId: otherTrust.id, wardId: ward.id };
}
