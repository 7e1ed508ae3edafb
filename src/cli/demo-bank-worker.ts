import type pg from 'pg';
import type { DemoPerson } from './demo-people.data.js';

export interface OfferedToWorker {
  shiftId: string;
  startsAt: Date;
  wardName: string;
  payPence: number | null;
}

interface Ladder {
  tiers: { tier: string; options: { bankWorkerId?: string; released: boolean; costPence: number | null }[] }[];
}

/**
 * The demo's bank worker (the persona `person`): a Medway nurse of the demo's data who is free for
 * an open Medway shift the bank can still fill (released to the own bank, not yet to agencies,
 * more than a day away),
 * named as the persona, invited to sign in (or moved to that nurse on a later start), and offered
 * the shift by the rota manager through the API, as the shift page does: so the offer's e-mail is
 * in the demo's mailbox and the shift is on their phone at /me. Null when no such shift is left.
 */
export async function offerToDemoWorker(
  client: pg.Client,
  api: { base: string; adminKey: string; rotaKey: string },
  medwayId: string,
  person: DemoPerson,
): Promise<OfferedToWorker | null> {
  const call = async <T>(key: string, method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${api.base}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const shifts = (
    await client.query<{ id: string; startsAt: Date; wardName: string }>(
      `SELECT s.id, s.starts_at AS "startsAt", w.name AS "wardName" FROM shifts s JOIN wards w ON w.id = s.ward_id
        WHERE s.trust_id = $1 AND s.status = 'open' AND s.starts_at > now() + interval '1 day'
          AND s.posted_at <= now() AND s.release_agency_tier_1_at > now() + interval '1 hour'
        ORDER BY s.starts_at, s.id LIMIT 20`,
      [medwayId],
    )
  ).rows;
  for (const shift of shifts) {
    const ladder = await call<Ladder>(api.rotaKey, 'GET', `/shifts/${shift.id}/fill-options`);
    const option = ladder.tiers.find((tier) => tier.tier === 'own_bank')?.options.find((one) => one.released);
    if (!option?.bankWorkerId) continue;
    await client.query(`UPDATE bank_workers SET display_name = $2 WHERE id = $1`, [option.bankWorkerId, person.name]);
    const [existing] = (await client.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [person.email]))
      .rows;
    const grant = { role: 'bank_worker', bankWorkerId: option.bankWorkerId };
    if (existing) {
      // The nurse of an earlier start goes back to their own name; the persona is this one.
      await client.query(
        `UPDATE bank_workers w SET display_name = 'Bank nurse ' || left(w.id::text, 8)
           FROM users u WHERE u.id = $1 AND w.id = u.bank_worker_id AND w.id <> $2`,
        [existing.id, option.bankWorkerId],
      );
      await call(api.adminKey, 'PATCH', `/users/${existing.id}`, grant);
    } else {
      await call(api.adminKey, 'POST', '/users', { email: person.email, displayName: person.name, ...grant });
    }
    await call(api.rotaKey, 'POST', `/shifts/${shift.id}/offers`, { bankWorkerIds: [option.bankWorkerId] });
    return { shiftId: shift.id, startsAt: shift.startsAt, wardName: shift.wardName, payPence: option.costPence };
  }
  return null;
}
