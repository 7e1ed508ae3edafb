import type { RedisOptions } from 'ioredis';

type RedisUrlOptions = Omit<RedisOptions, 'retryStrategy'> & { retryStrategy: (attempt: number) => number };

/** ioredis options from a redis:// or rediss:// URL (user, password, database number, TLS). */
export function redisOptionsFromUrl(url: string): RedisUrlOptions {
  const parsed = new URL(url);
  const database = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(database ? { db: Number(database) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    // Keep trying to reconnect, but never faster than every 2 s, so an outage ends by itself.
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
  };
}
