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

  it('takes e-mail settings: an smtp(s) URL, a From with or without a name, and refuses anything else', () => {
    const config = loadAppConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'Rota <rota@example.nhs.uk>' });
    expect(config).toMatchObject({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'Rota <rota@example.nhs.uk>' });
    expect(loadAppConfig({}).SMTP_URL).toBeUndefined();
    expect(loadAppConfig({ MAIL_FROM: 'alerts@example.nhs.uk' }).MAIL_FROM).toBe('alerts@example.nhs.uk');
    for (const [name, value] of [
      ['SMTP_URL', 'http://mail.example.org'],
      ['MAIL_FROM', 'not an address'],
      ['MAIL_FROM', 'Rota <rota@example.nhs.uk>\r\nBcc: everyone@example.org'],
      ['EMAIL_MAX_ATTEMPTS', '0'],
    ]) {
      expect(() => loadAppConfig({ [name!]: value })).toThrow(name);
    }
  });

  it('wants its own From in production once e-mail is on', () => {
    const production = {
      NODE_ENV: 'production',
      ALERTS_SECRET_KEY: 'ab'.repeat(32),
      SMTP_URL: 'smtps://mail.example.org',
    };
    expect(() => loadAppConfig(production)).toThrow('MAIL_FROM');
    expect(() => loadAppConfig({ ...production, MAIL_FROM: 'Fairshift <fairshift@example.nhs.uk>' })).not.toThrow();
  });
});
