import { ParseUUIDPipe } from '@nestjs/common';
import { InvalidInputError } from '../errors/domain-errors.js';

/** A UUID path parameter; anything else is a 400 naming the parameter. */
export const uuidParam = (name: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () =>
      new InvalidInputError(`${name} must be a UUID`, [{ field: name, message: 'must be a UUID' }]),
  });
