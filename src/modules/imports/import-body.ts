import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { InvalidInputError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../core/errors/domain-errors.js';

export interface ReceivedBody {
  body: Buffer;
  sha256: string;
}

const tooLarge = (limit: number) =>
  new PayloadTooLargeError(`An import file may be at most ${limit} bytes (IMPORT_MAX_BYTES)`);

/**
 * Reads a text/csv request body (no body parser has touched it) up to `limit` bytes, hashing it as
 * it arrives. It stops at the first byte past the limit with 413; Node discards whatever is left.
 */
export async function readCsvBody(request: Request, limit: number): Promise<ReceivedBody> {
  if (!request.is('text/csv')) {
    throw new UnsupportedMediaTypeError('Send the file as text/csv (UTF-8)');
  }
  // A body parser read it already (a path spelled in a way it did not expect): never wait for it.
  if (request.readableEnded) {
    throw new InvalidInputError('The file could not be read: send it to /api/v1/imports/{kind}', [
      { field: 'body', message: 'already read' },
    ]);
  }
  const charset = /charset=([^;]+)/i
    .exec(request.headers['content-type'] ?? '')?.[1]
    ?.trim()
    .toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeError('An import file is UTF-8: send text/csv; charset=utf-8');
  }
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  const { chunks, size, hash } = await collect(request, limit);
  if (size === 0)
    throw new InvalidInputError('The file is empty', [{ field: 'body', message: 'a CSV file with a header' }]);
  return { body: Buffer.concat(chunks, size), sha256: hash };
}

/**
 * Listens rather than iterating: leaving a `for await` destroys the request, and with it the
 * socket the 413 must go out on. Past the limit the rest is drained unread.
 */
function collect(request: Request, limit: number): Promise<{ chunks: Buffer[]; size: number; hash: string }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        request.resume();
        reject(tooLarge(limit));
        return;
      }
      hash.update(chunk);
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve({ chunks, size, hash: hash.digest('hex') });
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const stop = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}
