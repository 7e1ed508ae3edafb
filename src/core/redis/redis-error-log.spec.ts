import { describe, expect, it } from '@jest/globals';
import { isConnectionError, RedisErrorLog } from './redis-error-log.js';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED', syscall: 'connect' });

function recorder() {
  const lines: [string, string][] = [];
  const at = (level: string) => (_fields: object, message: string) => void lines.push([level, message]);
  return { lines, logger: { error: at('error'), warn: at('warn'), info: at('info') } };
}

describe('isConnectionError', () => {
  it('knows the errors of a Redis that cannot be reached', () => {
    expect(isConnectionError(refused())).toBe(true);
    expect(isConnectionError(Object.assign(new Error('read ECONNRESET'), { syscall: 'read' }))).toBe(true);
    expect(isConnectionError(new Error('Connection is closed.'))).toBe(true);
    expect(isConnectionError(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
    expect(isConnectionError(new Error('Reached the max retries per request limit (which is 1).'))).toBe(true);
  });

  it('tells them from errors Redis answered', () => {
    expect(isConnectionError(new Error('NOSCRIPT No matching script'))).toBe(false);
    expect(isConnectionError(new Error("ERR unknown command 'client'"))).toBe(false);
    expect(isConnectionError('ECONNREFUSED')).toBe(false);
  });
});

describe('RedisErrorLog', () => {
  it('logs an outage once when it starts and once when it ends, however often ioredis retries', () => {
    const { lines, logger } = recorder();
    const log = new RedisErrorLog(logger, 'alerts worker');

    log.ready();
    for (let attempt = 0; attempt < 5; attempt += 1) log.error(refused());
    log.ready();
    log.ready();
    log.error(refused());

    expect(lines).toEqual([
      ['warn', 'alerts worker: Redis unreachable, reconnecting'],
      ['info', 'alerts worker: Redis reachable again'],
      ['warn', 'alerts worker: Redis unreachable, reconnecting'],
    ]);
  });

  it('logs every other error, during an outage too', () => {
    const { lines, logger } = recorder();
    const log = new RedisErrorLog(logger, 'imports worker');

    log.error(refused());
    log.error(new Error('NOSCRIPT No matching script'));
    log.error(new Error('NOSCRIPT No matching script'));

    expect(lines.map(([level]) => level)).toEqual(['warn', 'error', 'error']);
  });
});
