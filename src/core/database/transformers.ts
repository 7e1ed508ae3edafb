import type { ValueTransformer } from 'typeorm';

/**
 * `bigint` pence to a JavaScript number. Amounts stay far below 2^53 pence (£90 trillion), and
 * the conversion refuses anything that would lose precision rather than round it silently.
 */
export const penceTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => {
    if (value === null || value === undefined) return value;
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed)) throw new RangeError(`pence value ${value} is outside the safe integer range`);
    return parsed;
  },
};

/** `numeric` ratios (not money) to a number. */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? value : Number(value)),
};
