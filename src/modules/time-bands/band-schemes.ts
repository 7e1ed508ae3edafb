/**
 * The two pay-band schemes of docs/rules.md section 4, each listed in precedence order: for every
 * minute of a shift the first band that matches wins.
 */
export const BAND_SCHEMES = {
  agenda_for_change: ['bank_holiday', 'sunday', 'saturday', 'night', 'day'],
  medical: ['unsocial', 'core'],
} as const;

export type BandScheme = keyof typeof BAND_SCHEMES;
export type AgendaForChangeBand = (typeof BAND_SCHEMES)['agenda_for_change'][number];
export type MedicalBand = (typeof BAND_SCHEMES)['medical'][number];
export type Band = AgendaForChangeBand | MedicalBand;

export const ALL_BANDS: readonly Band[] = [...BAND_SCHEMES.agenda_for_change, ...BAND_SCHEMES.medical];

/** Minutes (or any per-band value), with bands a shift does not touch left out. */
export type BandValues = Partial<Record<Band, number>>;
