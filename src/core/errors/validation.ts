import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldError, InvalidInputError } from './domain-errors.js';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      message: constraint === 'whitelistValidation' ? `unknown field ${field}` : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Converts class-validator failures into one 400 problem that names every field. */
export function toInvalidInput(errors: ValidationError[]): InvalidInputError {
  const fieldErrors = flatten(errors);
  const fields = [...new Set(fieldErrors.map((error) => error.field))];
  return new InvalidInputError(`Invalid value for ${fields.join(', ')}`, fieldErrors);
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: toInvalidInput,
  });
}
