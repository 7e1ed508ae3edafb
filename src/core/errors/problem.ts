import { HttpException, HttpStatus } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError, type FieldError } from './domain-errors.js';

/** RFC 9457 problem details, as every error leaves the API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const problemType = (code: string): string => `urn:fairshift:problem:${code}`;

const TITLES: Record<number, [code: string, title: string]> = {
  400: ['invalid-input', 'Invalid input'],
  401: ['unauthenticated', 'Missing or invalid API key'],
  403: ['forbidden', 'Not allowed for this role'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  408: ['request-timeout', 'Request timeout'],
  409: ['conflict', 'Conflict with the current state'],
  413: ['payload-too-large', 'Request body too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['rule-violation', 'Refused by a domain rule'],
  429: ['too-many-requests', 'Too many requests'],
  431: ['request-header-fields-too-large', 'Request headers too large'],
  503: ['service-unavailable', 'A dependency is unavailable'],
};

export function generic(status: number, detail: string, errors?: FieldError[]): Problem {
  const [code, title] = TITLES[status] ?? (status >= 500 ? ['internal', 'Internal error'] : ['error', 'Error']);
  return { type: problemType(code), title, status, detail, ...(errors ? { errors } : {}) };
}

// PostgreSQL SQLSTATEs that a client's input can provoke past validation.
const CLIENT_SQLSTATES: Record<string, [number, string]> = {
  '23505': [409, 'A record with the same unique key already exists'],
  '23P01': [409, 'It overlaps an existing record'],
  '23503': [409, 'It refers to a record that does not exist or is still referred to'],
  '22P02': [400, 'A value has the wrong format'],
  '22003': [400, 'A number is out of range'],
  '22007': [400, 'A date or time has the wrong format'],
  '22008': [400, 'A date or time is out of range'],
  '23514': [422, 'A value breaks a database rule'],
  '23502': [400, 'A required value is missing'],
  '40001': [409, 'A concurrent change got in the way; try again'],
  '40P01': [409, 'A concurrent change got in the way; try again'],
};

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** PostgreSQL's SQLSTATE of a failed statement (through TypeORM or straight from pg), else null. */
function databaseErrorCode(error: unknown): string | null {
  if (error instanceof QueryFailedError) return (error.driverError as { code?: string }).code ?? '';
  const raw = error as { code?: unknown; severity?: unknown; name?: unknown };
  if (raw && raw.name === 'error' && typeof raw.code === 'string' && typeof raw.severity === 'string') return raw.code;
  return null;
}

/** True when the error says PostgreSQL or Redis could not be reached, rather than refused the request. */
export function isUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const candidate = error instanceof QueryFailedError ? (error.driverError as Error) : error;
  const code = (candidate as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (UNAVAILABLE_CODES.has(code)) return true;
    // 08xxx connection exceptions, 57P01-57P03 server shutting down or starting up.
    if (/^08...$/.test(code) || /^57P0[123]$/.test(code)) return true;
  }
  const message = candidate.message ?? '';
  return (
    /not currently accepting connections|the database system is (starting up|shutting down)|Connection terminated|connection timeout|timeout exceeded when trying to connect|Connection is closed|enableOfflineQueue|MaxRetriesPerRequest|Reached the max retries/i.test(
      message,
    ) || candidate.name === 'MaxRetriesPerRequestError'
  );
}

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/** Maps anything thrown while serving a request to a problem; `internal` is true for our own bugs. */
export function toProblem(error: unknown): { problem: Problem; internal: boolean } {
  if (error instanceof DomainError) {
    const extra =
      'rule' in error
        ? { ...(error as { extra?: Record<string, unknown> }).extra, rule: (error as { rule: string }).rule }
        : {};
    return {
      problem: {
        type: problemType(error.code),
        title: error.title,
        status: error.status,
        detail: error.detail,
        ...extra,
        ...(error.errors ? { errors: error.errors } : {}),
      },
      internal: false,
    };
  }
  if (isUnavailableError(error)) {
    return {
      problem: generic(503, 'The database or the queue is unavailable; try again shortly'),
      internal: false,
    };
  }
  // TypeORM wraps PostgreSQL's errors; a streamed query (an export) gets pg's own DatabaseError.
  const sqlState = databaseErrorCode(error);
  if (sqlState !== null) {
    const code = sqlState;
    const mapped = CLIENT_SQLSTATES[code];
    if (mapped) return { problem: generic(mapped[0], mapped[1]), internal: false };
    // Class 22 is "data exception": a value the client sent that PostgreSQL cannot store (a NUL, …).
    if (code.startsWith('22')) return { problem: generic(400, 'A value cannot be stored as given'), internal: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? (response as { message: string[] }).message.join('; ')
          : String((response as { message?: unknown }).message ?? error.message);
    if (status >= 500 && status !== 503) {
      return { problem: generic(status, 'An unexpected error occurred'), internal: true };
    }
    return { problem: generic(status, message), internal: false };
  }
  const parserError = error as BodyParserError;
  if (typeof parserError?.type === 'string' && typeof parserError.status === 'number' && parserError.status < 500) {
    const details: Record<string, string> = {
      'entity.parse.failed': 'The body is not valid JSON',
      'entity.too.large': 'The body is larger than the limit',
      'encoding.unsupported': 'The body encoding is not supported',
      'charset.unsupported': 'The body charset is not supported',
      'request.aborted': 'The request was aborted',
      'request.size.invalid': 'The body size does not match Content-Length',
    };
    return {
      problem: generic(parserError.status, details[parserError.type] ?? 'The body could not be read'),
      internal: false,
    };
  }
  return { problem: generic(HttpStatus.INTERNAL_SERVER_ERROR, 'An unexpected error occurred'), internal: true };
}
