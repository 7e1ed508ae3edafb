import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but not sent as null: unlike @IsOptional, null still goes through the
 * field's other validators (and fails them), so it never reaches a NOT NULL column.
 */
export const Omittable = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
