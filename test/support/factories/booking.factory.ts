import { queryRows } from '../postgres.js';
import type { TestApi } from '../test-app.js';

/** Books `shiftId` through the API (bank or agency, as `body` says) by `key`, admin by default. */
export async function buildBooking(
  test: TestApi,
  shiftId: string,
  body: Record<string, unknown>,
  key = test.adminKey,
): Promise<{ id: string; status: string }> {
  const response = await test.as(key).post(`/api/v1/shifts/${shiftId}/bookings`, body).expect(201);
  return response.body as { id: string; status: string };
}

/**
 * A confirmed booking the API would not make (an earlier booking, or one an import from another
 * system brought), written by one INSERT that copies the shift's times; returns its id.
 */
export async function insertBooking(
  databaseUrl: string,
  shiftId: string,
  booking: { type: 'bank'; bankWorkerId: string } | { type: 'agency'; agencyContractId: string; costPence: number },
): Promise<string> {
  const rows = await queryRows<{ id: string }>(
    databaseUrl,
    `INSERT INTO bookings (shift_id, type, bank_worker_id, agency_contract_id, status, ward_id, starts_at, ends_at,
                           paid_minutes, rates_pence, cost_pence, ladder, eligible_bank_count)
     SELECT id, $2, $3, $4, 'confirmed', ward_id, starts_at, ends_at, paid_minutes, '{}', $5, '{}', 0
       FROM shifts WHERE id = $1 RETURNING id`,
    [
      shiftId,
      booking.type,
      booking.type === 'bank' ? booking.bankWorkerId : null,
      booking.type === 'agency' ? booking.agencyContractId : null,
      booking.type === 'agency' ? booking.costPence : 0,
    ],
  );
  return rows[0]!.id;
}
