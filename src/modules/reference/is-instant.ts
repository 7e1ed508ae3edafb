import { registerDecorator, type ValidationOptions } from 'class-validator';
import { parseInstant } from '../time-bands/index.js';

/** An instant that exists, ISO 8601 with an offset (`2025-04-04T19:00:00+01:00` or `…Z`). */
export function IsInstant(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO 8601 instant with an offset`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && parseInstant(value) !== null },
    });
}
