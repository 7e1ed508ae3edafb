import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { InvalidInputError } from '../errors/domain-errors.js';
import { toInvalidInput } from '../errors/validation.js';

/** Validates a plain object against a DTO class exactly as the global ValidationPipe would. */
export async function validateInput<T extends object>(type: new () => T, plain: unknown): Promise<T> {
  // class-validator reports an array or a scalar as one error naming no field.
  if (plain !== undefined && plain !== null && (typeof plain !== 'object' || Array.isArray(plain))) {
    throw new InvalidInputError('The body must be a JSON object', [
      { field: 'body', message: 'must be a JSON object' },
    ]);
  }
  const instance = plainToInstance(type, plain ?? {});
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw toInvalidInput(errors);
  return instance;
}
