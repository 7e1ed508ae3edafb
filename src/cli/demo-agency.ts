import type pg from 'pg';

/** The demo's agency persona: a tier 3 nursing agency whose contract charges above the national cap. */
export const DEMO_AGENCY_NAME = 'Pinnacle Critical Care Nurses';

export interface DemoAgencyShift {
  shiftId: string;
  startsAt: string;
  wardName: string;
  costPence: number;
  signoffLevel: string | null;
}

/**
 * A Medway shift the demo's agency sees now, priced above the national cap: the first its own key
 * lists (`GET /agency/shifts`), or else an open Medway nursing shift more than a day away (not
 * `avoid`, the bank worker's offer) that the rota manager releases early to tier 3 agencies, with
 * a reason, as the shift page does. Null when there is none.
 */
export async function demoAgencyShift(
  client: pg.Client,
  api: { base: string; agencyKey: string; rotaKey: string },
  medwayId: string,
  avoid: string | null,
): Promise<DemoAgencyShift | null> {
  const call = async <T>(key: string, method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${api.base}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  type Listed = { items: (DemoAgencyShift & { id: string; trustId: string; capPosition: string })[] };
  const medwayShift = async () =>
    (await call<Listed>(api.agencyKey, 'GET', '/agency/shifts?limit=200')).items.find(
      (shift) => shift.trustId === medwayId && shift.capPosition === 'above_cap' && shift.id !== avoid,
    );
  let listed = await medwayShift();
  if (!listed) {
    const [shift] = (
      await client.query<{ id: string }>(
        `SELECT s.id FROM shifts s
          WHERE s.trust_id = $1 AND s.status = 'open' AND s.staff_group = 'nursing' AND s.grade = 'band5'
            AND s.starts_at > now() + interval '1 day' AND s.release_agency_tier_3_at > now()
            AND s.id IS DISTINCT FROM $2::uuid
          ORDER BY s.starts_at, s.id LIMIT 1`,
        [medwayId, avoid],
      )
    ).rows;
    if (!shift) return null;
    await call(api.rotaKey, 'POST', `/shifts/${shift.id}/release`, {
      stage: 'agency_tier_3',
      reason: 'Demo: no bank cover found, released to every agency tier',
    });
    listed = await medwayShift();
  }
  if (!listed) return null;
  const [ward] = (
    await client.query<{ name: string }>(
      `SELECT w.name FROM shifts s JOIN wards w ON w.id = s.ward_id WHERE s.id = $1`,
      [listed.id],
    )
  ).rows;
  return {
    shiftId: listed.id,
    startsAt: listed.startsAt,
    wardName: ward!.name,
    costPence: listed.costPence,
    signoffLevel: listed.signoffLevel,
  };
}
