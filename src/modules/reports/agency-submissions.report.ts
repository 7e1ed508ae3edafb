import { ApiProperty } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';

export class AgencySubmissionsTotals {
  @ApiProperty({ description: 'Candidates put forward for shifts in the window' }) submitted!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty() declined!: number;
  @ApiProperty() withdrawn!: number;
  @ApiProperty({ description: 'Still waiting for a decision' }) open!: number;
  @ApiProperty({ description: 'Submitted above the national cap (cost > the shift at the cap)' })
  aboveNationalCap!: number;
  @ApiProperty({ description: 'Their cost above the national cap, summed' }) overNationalCapPence!: number;
  @ApiProperty({ description: 'Submitted above the system’s agency cap' }) aboveSystemCap!: number;
  @ApiProperty() overSystemCapPence!: number;
  @ApiProperty({ description: 'Active agency bookings in the window whose charge states the agency’s fee' })
  bookingsWithFee!: number;
  @ApiProperty({ description: 'Those bookings’ cost' }) feeBookingsCostPence!: number;
  @ApiProperty({ description: 'Their agency fee' }) agencyFeePence!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'agencyFeePence ÷ feeBookingsCostPence, to four decimal places (null without such bookings)',
  })
  feeShare!: number | null;
}

export class AgencySubmissionsRow extends AgencySubmissionsTotals {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() agencyName!: string;
}

export class AgencySubmissionsReport {
  @ApiProperty({ type: [AgencySubmissionsRow], description: 'Per agency, by name' }) items!: AgencySubmissionsRow[];
  @ApiProperty({ type: AgencySubmissionsTotals }) totals!: AgencySubmissionsTotals;
}

const COUNTS = [
  'submitted',
  'accepted',
  'declined',
  'withdrawn',
  'open',
  'aboveNationalCap',
  'overNationalCapPence',
  'aboveSystemCap',
  'overSystemCapPence',
  'bookingsWithFee',
  'feeBookingsCostPence',
  'agencyFeePence',
] as const;

const share = (fee: number, cost: number): number | null =>
  cost > 0 ? Math.round((fee / cost) * 10_000) / 10_000 : null;

/**
 * Agencies' submissions and charges (docs/rules.md section 11): per agency, for shifts whose local
 * start date is in `[from, to)`, the candidates it put forward and how they ended, those above the
 * national and system caps with the amount over, and the fee share of its active bookings whose
 * submission split the charge. `parameters` are the reports' own: $1 system, $2 from, $3 to, $4
 * trusts (null for all).
 */
export async function agencySubmissionsReport(
  dataSource: DataSource,
  parameters: unknown[],
): Promise<AgencySubmissionsReport> {
  const rows = (await dataSource.query(
    `WITH shifts_in AS (
       SELECT s.id FROM shifts s JOIN trusts t ON t.id = s.trust_id
        WHERE t.system_id = $1 AND s.local_start_date >= $2 AND s.local_start_date < $3
          AND ($4::uuid[] IS NULL OR s.trust_id = ANY($4::uuid[]))
     ),
     submitted AS (
       SELECT su.agency_id,
              count(*)::int AS submitted,
              count(*) FILTER (WHERE su.status = 'accepted')::int AS accepted,
              count(*) FILTER (WHERE su.status = 'declined')::int AS declined,
              count(*) FILTER (WHERE su.status = 'withdrawn')::int AS withdrawn,
              count(*) FILTER (WHERE su.status = 'submitted')::int AS open,
              count(*) FILTER (WHERE su.cost_pence > su.cap_cost_pence)::int AS "aboveNationalCap",
              coalesce(sum(su.cost_pence - su.cap_cost_pence) FILTER (WHERE su.cost_pence > su.cap_cost_pence), 0)::bigint AS "overNationalCapPence",
              count(*) FILTER (WHERE su.cost_pence > su.system_cap_cost_pence)::int AS "aboveSystemCap",
              coalesce(sum(su.cost_pence - su.system_cap_cost_pence) FILTER (WHERE su.cost_pence > su.system_cap_cost_pence), 0)::bigint AS "overSystemCapPence"
         FROM submissions su WHERE su.shift_id IN (SELECT id FROM shifts_in)
        GROUP BY su.agency_id
     ),
     fees AS (
       SELECT c.agency_id, count(*)::int AS "bookingsWithFee", sum(b.cost_pence)::bigint AS "feeBookingsCostPence",
              sum(b.agency_fee_pence)::bigint AS "agencyFeePence"
         FROM bookings b JOIN agency_contracts c ON c.id = b.agency_contract_id
        WHERE b.shift_id IN (SELECT id FROM shifts_in) AND b.status IN ('pending_approval', 'confirmed')
          AND b.agency_fee_pence IS NOT NULL
        GROUP BY c.agency_id
     )
     SELECT a.id AS "agencyId", a.name AS "agencyName", s.*, f."bookingsWithFee", f."feeBookingsCostPence", f."agencyFeePence"
       FROM agencies a
       LEFT JOIN submitted s ON s.agency_id = a.id
       LEFT JOIN fees f ON f.agency_id = a.id
      WHERE s.agency_id IS NOT NULL OR f.agency_id IS NOT NULL
      ORDER BY a.name, a.id`,
    parameters,
  )) as Record<string, string | number | null>[];
  const items: AgencySubmissionsRow[] = rows.map((row) => {
    const counts = Object.fromEntries(COUNTS.map((field) => [field, Number(row[field] ?? 0)])) as Record<
      (typeof COUNTS)[number],
      number
    >;
    return {
      agencyId: String(row.agencyId),
      agencyName: String(row.agencyName),
      ...counts,
      feeShare: share(counts.agencyFeePence, counts.feeBookingsCostPence),
    };
  });
  const totals = Object.fromEntries(
    COUNTS.map((field) => [field, items.reduce((sum, row) => sum + row[field], 0)]),
  ) as Record<(typeof COUNTS)[number], number>;
  return { items, totals: { ...totals, feeShare: share(totals.agencyFeePence, totals.feeBookingsCostPence) } };
}
