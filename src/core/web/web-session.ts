import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import session from 'express-session';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigValidationError } from '../config/app-config.js';

/** What a person's session holds (docs/rules.md section 13). */
export interface PersonSession {
  /** Set once they have signed in. */
  userId?: string;
  /** When they signed in and their last request, ms since the epoch (the absolute and idle limits). */
  signedInAt?: number;
  seenAt?: number;
  /** The token every state-changing form carries. */
  csrfToken?: string;
  /** For the provider's sign-out. */
  idToken?: string;
  /** Between /auth/login and /auth/callback. */
  pendingSignIn?: { codeVerifier: string; state: string; nonce: string; returnTo: string };
  /** A message for the next page (a booking made, a decision recorded). */
  flash?: string;
}

declare module 'express-session' {
  // Merged into express-session's own SessionData.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SessionData extends PersonSession {}
}

/** How stale `seenAt` may be: an idle session may end up to this much before its limit, never after. */
export const SEEN_AT_PRECISION_MS = 60_000;

/** The name of the session cookie. */
export const SESSION_COOKIE = 'fairshift.sid';

/** A development-only secret, so that a local run needs no setup; production must set SESSION_SECRET. */
const DEVELOPMENT_SECRET = 'fairshift-development-session-secret-not-for-production';

/**
 * Sessions in PostgreSQL (table `web_sessions`), so every api process shares them: an httpOnly,
 * SameSite=Lax cookie, Secure in production, that lives as long as the absolute limit
 * (SESSION_ABSOLUTE_HOURS). The idle limit is checked on each request from `seenAt`, which is
 * written at most once a minute (SEEN_AT_PRECISION_MS), so that reading a page costs no write.
 */
@Injectable()
export class WebSessions implements OnModuleDestroy {
  private readonly store: connectPgSimple.PGStore;
  readonly middleware: RequestHandler;

  constructor(@InjectDataSource() dataSource: DataSource, config: AppConfig) {
    // Only the api signs cookies, so only the api needs the secret (a worker or a migration does not).
    if (config.NODE_ENV === 'production' && !config.SESSION_SECRET) {
      throw new ConfigValidationError(['SESSION_SECRET: required in production (at least 32 characters)']);
    }
    const PgStore = connectPgSimple(session);
    // The data source's own pool: sessions need no connections of their own.
    const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
    this.store = new PgStore({
      pool,
      tableName: 'web_sessions',
      createTableIfMissing: false,
      pruneSessionInterval: 15 * 60,
      // Pruning failures (the database away for a moment) are retried at the next interval.
      errorLog: () => undefined,
    });
    this.middleware = session({
      name: SESSION_COOKIE,
      secret: config.SESSION_SECRET ?? DEVELOPMENT_SECRET,
      store: this.store,
      resave: false,
      saveUninitialized: false,
      rolling: false,
      proxy: config.NODE_ENV === 'production' ? true : undefined,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.NODE_ENV === 'production',
        maxAge: config.SESSION_ABSOLUTE_HOURS * 3_600_000,
        path: '/',
      },
    });
  }

  onModuleDestroy(): void {
    this.store.close();
  }
}
