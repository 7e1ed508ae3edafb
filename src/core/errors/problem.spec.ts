import { describe, expect, it } from '@jest/globals';
import { BadRequestException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ConflictError, InvalidInputError, RuleViolationError } from './domain-errors.js';
import { isUnavailableError, toProblem } from './problem.js';

const queryFailed = (code: string, message = 'failed') =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), { code }));

describe('toProblem', () => {
  it('keeps a domain error’s status, code and field errors', () => {
    const { problem, internal } = toProblem(
      new InvalidInputError('Invalid value for grade', [{ field: 'grade', message: 'unknown grade' }]),
    );
    expect(internal).toBe(false);
    expect(problem).toEqual({
      type: 'urn:fairshift:problem:invalid-input',
      title: 'Invalid input',
      status: 400,
      detail: 'Invalid value for grade',
      errors: [{ field: 'grade', message: 'unknown grade' }],
    });
  });

  it('names the rule a 422 refusal broke', () => {
    const { problem } = toProblem(new RuleViolationError('BANK_FIRST', 'An eligible bank worker exists'));
    expect(problem).toMatchObject({ status: 422, rule: 'BANK_FIRST' });
  });

  it('maps unique and exclusion violations to 409, bad literals to 400', () => {
    expect(toProblem(queryFailed('23505')).problem.status).toBe(409);
    expect(toProblem(queryFailed('23P01')).problem.status).toBe(409);
    expect(toProblem(queryFailed('22P02')).problem.status).toBe(400);
    expect(toProblem(new ConflictError('busy')).problem.status).toBe(409);
  });

  it('maps an unreachable database or Redis to 503', () => {
    expect(
      isUnavailableError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(toProblem(queryFailed('57P01', 'terminating connection due to administrator command')).problem.status).toBe(
      503,
    );
    expect(toProblem(new Error("Stream isn't writeable and enableOfflineQueue options is false")).problem.status).toBe(
      503,
    );
  });

  it('maps Nest HTTP exceptions and body-parser failures to their status', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x')).problem).toMatchObject({
      status: 404,
      detail: 'Cannot GET /x',
    });
    expect(toProblem(new BadRequestException('Validation failed (uuid is expected)')).problem.status).toBe(400);
    expect(
      toProblem(Object.assign(new Error('too large'), { type: 'entity.too.large', status: 413 })).problem.status,
    ).toBe(413);
  });

  it('hides the details of anything unexpected behind a 500 marked internal', () => {
    const { problem, internal } = toProblem(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(internal).toBe(true);
    expect(problem).toMatchObject({ status: 500, detail: 'An unexpected error occurred' });
    expect(JSON.stringify(problem)).not.toContain('undefined');
  });
});
