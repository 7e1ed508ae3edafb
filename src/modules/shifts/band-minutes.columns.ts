import { Column } from 'typeorm';
import { ALL_BANDS, type Band, type BandValues } from '../time-bands/index.js';

/**
 * The column convention for a stored shift or timesheet: its minutes are split into bands when it
 * is written, one integer column per band (`minutes_day`, `minutes_night`, …), so every later check
 * is linear arithmetic in SQL: Σ rate_band × minutes_band.
 *
 * Embed with `@Column(() => ShiftMinutesColumns, { prefix: false })`.
 */
export class ShiftMinutesColumns {
  @Column({ type: 'integer' }) elapsedMinutes!: number;
  @Column({ type: 'integer' }) paidMinutes!: number;
  @Column({ type: 'integer', default: 0 }) minutesBankHoliday!: number;
  @Column({ type: 'integer', default: 0 }) minutesSunday!: number;
  @Column({ type: 'integer', default: 0 }) minutesSaturday!: number;
  @Column({ type: 'integer', default: 0 }) minutesNight!: number;
  @Column({ type: 'integer', default: 0 }) minutesDay!: number;
  @Column({ type: 'integer', default: 0 }) minutesUnsocial!: number;
  @Column({ type: 'integer', default: 0 }) minutesCore!: number;
}

/** The property holding each band's minutes. */
export const BAND_MINUTES_PROPERTY: Record<Band, keyof ShiftMinutesColumns> = {
  bank_holiday: 'minutesBankHoliday',
  sunday: 'minutesSunday',
  saturday: 'minutesSaturday',
  night: 'minutesNight',
  day: 'minutesDay',
  unsocial: 'minutesUnsocial',
  core: 'minutesCore',
};

/** The SQL column holding a band's minutes: `minutes_<band>`. */
export const bandMinutesColumn = (band: Band): string => `minutes_${band}`;

export function toShiftMinutesColumns(elapsed: number, paid: number, bandMinutes: BandValues): ShiftMinutesColumns {
  const columns = new ShiftMinutesColumns();
  columns.elapsedMinutes = elapsed;
  columns.paidMinutes = paid;
  for (const band of ALL_BANDS) columns[BAND_MINUTES_PROPERTY[band]] = bandMinutes[band] ?? 0;
  return columns;
}

/** Band minutes as the API shows them: bands the shift does not touch are left out. */
export function fromShiftMinutesColumns(columns: ShiftMinutesColumns): BandValues {
  const values: BandValues = {};
  for (const band of ALL_BANDS) {
    const minutes = columns[BAND_MINUTES_PROPERTY[band]];
    if (minutes > 0) values[band] = minutes;
  }
  return values;
}
