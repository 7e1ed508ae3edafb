import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { toInvalidInput } from '../errors/validation.js';

/** Validates a plain object against a DTO class exactly as the global ValidationPipe would. */
export async function validateInput<T extends object>(type: new () => T, plain: unknown): Promise<T> {
  const instance = plainToInstance(type, plain ?? {});
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw toInvalidInput(errors);
  return instance;
}
