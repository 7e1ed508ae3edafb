import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError, loadAppConfig } from './app-config.js';

describe('loadAppConfig', () => {
  it('gives working defaults for a laptop when nothing is set', () => {
    const config = loadAppConfig({});
    expect(config).toMatchObject({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/fairshift',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: 3000,
      LOG_LEVEL: 'info',
      QUEUE_PREFIX: 'fairshift',
    });
    expect(config.BOOTSTRAP_ADMIN_KEY).toBeUndefined();
  });

  it('turns numeric and boolean strings from the environment into numbers and booleans', () => {
    const config = loadAppConfig({ PORT: '8080', DOCS_ENABLED: 'false', DATABASE_POOL_SIZE: '4' });
    expect(config.PORT).toBe(8080);
    expect(config.DOCS_ENABLED).toBe(false);
    expect(config.DATABASE_POOL_SIZE).toBe(4);
  });

  it('treats an empty variable as unset', () => {
    expect(loadAppConfig({ PORT: '', BOOTSTRAP_ADMIN_KEY: '' }).PORT).toBe(3000);
  });

  it('names every bad setting in one error', () => {
    const attempt = () =>
      loadAppConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', LOG_LEVEL: 'loud', BOOTSTRAP_ADMIN_KEY: 'short' });
    expect(attempt).toThrow(ConfigValidationError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['DATABASE_URL', 'PORT', 'LOG_LEVEL', 'BOOTSTRAP_ADMIN_KEY']) expect(message).toContain(name);
    }
  });

  it('ignores variables it does not own', () => {
    expect(() => loadAppConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
  });
});
