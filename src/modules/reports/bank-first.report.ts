import type { DataSource } from 'typeorm';
import type { BankFirstReport, BankFirstRow, BankFirstTotals } from './reports.dto.js';

/** The London wall clock of a suggestion's raising. */
const RAISED_LONDON = `(f.raised_at AT TIME ZONE 'Europe/London')`;

/**
 * The bank-first report (docs/rules.md section 11): fill suggestions per trust and ISO week of the
 * London date they were raised, raised in `[from, to)` (London midnights, so a window over a clock
 * change is 23 or 25 hours long). A suggestion counts once, in the week it was raised, with its
 * status now: acted + expired + open = raised, and a week's figures settle as its last suggestions
 * close. `parameters` are the reports' own: $1 system, $2 from, $3 to, $4 trusts (null for all).
 */
export async function bankFirstReport(dataSource: DataSource, parameters: unknown[]): Promise<BankFirstReport> {
  const rows = (await dataSource.query(
    `SELECT f.trust_id AS "trustId", t.name AS "trustName",
            to_char(${RAISED_LONDON}, 'IYYY-"W"IW') AS week,
            to_char(date_trunc('week', ${RAISED_LONDON}), 'YYYY-MM-DD') AS "weekStart",
            count(*)::int AS raised,
            count(*) FILTER (WHERE f.status = 'acted')::int AS acted,
            count(*) FILTER (WHERE f.status = 'expired')::int AS expired,
            count(*) FILTER (WHERE f.status = 'open')::int AS open,
            coalesce(sum(f.saving_realised_pence) FILTER (WHERE f.status = 'acted'), 0)::bigint AS "savingRealisedPence"
       FROM fill_suggestions f JOIN trusts t ON t.id = f.trust_id
      WHERE f.system_id = $1 AND t.system_id = $1
        AND f.raised_at >= ($2::date::timestamp AT TIME ZONE 'Europe/London')
        AND f.raised_at < ($3::date::timestamp AT TIME ZONE 'Europe/London')
        AND ($4::uuid[] IS NULL OR f.trust_id = ANY($4::uuid[]))
      GROUP BY 1, 2, 3, 4 ORDER BY 2, 1, 4`,
    parameters,
  )) as Record<string, string | number>[];
  const items: BankFirstRow[] = rows.map((row) => ({
    trustId: String(row.trustId),
    trustName: String(row.trustName),
    week: String(row.week),
    weekStart: String(row.weekStart),
    ...counts(row),
  }));
  const sum = (field: keyof BankFirstTotals) => items.reduce((total, row) => total + row[field], 0);
  return {
    items,
    totals: {
      raised: sum('raised'),
      acted: sum('acted'),
      expired: sum('expired'),
      open: sum('open'),
      savingRealisedPence: sum('savingRealisedPence'),
    },
  };
}

const counts = (row: Record<string, string | number>): BankFirstTotals => ({
  raised: Number(row.raised),
  acted: Number(row.acted),
  expired: Number(row.expired),
  open: Number(row.open),
  savingRealisedPence: Number(row.savingRealisedPence),
});
