import { BAND_MINUTES_PROPERTY, bandMinutesColumn } from '../shifts/index.js';
import { type BulkColumn, unnestArguments } from '../../core/database/bulk-insert.js';
import type { ShiftTiming } from '../shifts/index.js';
import { ALL_BANDS } from '../time-bands/index.js';

/** `$first::type[], …`: the parameters of an `unnest(…)` of one array per column. */
export const unnestParameters = (types: readonly string[], first: number): string => unnestArguments(types, first);

/**
 * The times of a shift or timesheet as `unnest` columns: start, end, break, local date, elapsed and
 * paid minutes, then one column of minutes per band, as ShiftMinutesColumns stores them.
 */
export const TIMING_TYPES = ['timestamptz', 'timestamptz', 'int', 'date', 'int', 'int', ...ALL_BANDS.map(() => 'int')];
export const TIMING_NAMES = [
  'starts_at',
  'ends_at',
  'break_minutes',
  'local_start_date',
  'elapsed',
  'paid',
  ...ALL_BANDS,
];
/** The stored columns of the minutes, in TIMING_NAMES' order from `elapsed` on. */
export const MINUTES_COLUMNS = ['elapsed_minutes', 'paid_minutes', ...ALL_BANDS.map(bandMinutesColumn)];

const MINUTES_PROPERTIES = [
  'elapsedMinutes',
  'paidMinutes',
  ...ALL_BANDS.map((band) => BAND_MINUTES_PROPERTY[band]),
] as const;

/** The arrays for TIMING_TYPES, one entry per row. */
export function timingParameters(rows: readonly { timing: ShiftTiming; breakMinutes: number }[]): unknown[][] {
  return [
    rows.map((row) => row.timing.startsAt),
    rows.map((row) => row.timing.endsAt),
    rows.map((row) => row.breakMinutes),
    rows.map((row) => row.timing.localStartDate),
    ...MINUTES_PROPERTIES.map((property) => rows.map((row) => row.timing.minutes[property])),
  ];
}

/** The stored columns of a shift's or timesheet's times, for bulkInsert: `starts` and `ends` name the first two. */
export const timingColumns = (starts: string, ends: string): BulkColumn[] =>
  TIMING_TYPES.map((type, index): BulkColumn => [
    [starts, ends, 'break_minutes', 'local_start_date'][index] ?? MINUTES_COLUMNS[index - 4]!,
    type,
  ]);

/** One row's values for timingColumns. */
export const timingValues = (row: { timing: ShiftTiming; breakMinutes: number }): unknown[] => [
  row.timing.startsAt,
  row.timing.endsAt,
  row.breakMinutes,
  row.timing.localStartDate,
  ...MINUTES_PROPERTIES.map((property) => row.timing.minutes[property]),
];
