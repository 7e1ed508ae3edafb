import { registerDecorator, type ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';

/** Year 0000 is ISO 8601's 1 BC, which PostgreSQL's dates do not have. */
export const isIsoDate = (value: unknown): value is string =>
  typeof value === 'string' &&
  /^(?!0000)\d{4}-\d{2}-\d{2}$/.test(value) &&
  DateTime.fromISO(value, { zone: 'utc' }).isValid;

/** A calendar date that exists, written YYYY-MM-DD. */
export function IsIsoDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isIsoDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date, YYYY-MM-DD`, ...options },
      validator: { validate: isIsoDate },
    });
}
