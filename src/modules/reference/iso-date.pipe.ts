import { Injectable, type PipeTransform } from '@nestjs/common';
import { InvalidInputError } from '../../core/errors/domain-errors.js';
import { isIsoDate } from '../../core/validation/is-iso-date.js';

/** A path segment that must be a calendar date that exists, YYYY-MM-DD. */
@Injectable()
export class IsoDatePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isIsoDate(value)) {
      throw new InvalidInputError(`${value} is not a date (YYYY-MM-DD)`, [
        { field: 'date', message: 'must be YYYY-MM-DD' },
      ]);
    }
    return value;
  }
}
