import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(normalised)) return true;
  if (['false', '0', 'no', ''].includes(normalised)) return false;
  return value;
};

/**
 * Every setting the api and the worker read, validated at boot. The property names are the
 * environment variable names so that a failure names the variable an operator must fix.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/fairshift';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every BullMQ key; tests give each file its own. */
  @Matches(/^[A-Za-z0-9_{}-]{1,64}$/, { message: 'QUEUE_PREFIX must be 1 to 64 letters, digits, _ - { }' })
  QUEUE_PREFIX = 'fairshift';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'BOOTSTRAP_ADMIN_KEY must be at least 24 characters' })
  @MaxLength(256)
  BOOTSTRAP_ADMIN_KEY?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Serve the API explorer at /docs and /docs-json. */
  @Transform(toBool)
  @IsBoolean()
  DOCS_ENABLED = true;

  /** Largest JSON body accepted, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  JSON_BODY_LIMIT_BYTES = 1024 * 1024;

  /** Largest CSV file `POST /imports/{kind}` accepts, in bytes; larger ones answer 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  IMPORT_MAX_BYTES = 50 * 1024 * 1024;

  /** Grace period for in-flight work on SIGTERM/SIGINT, in milliseconds. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SHUTDOWN_GRACE_MS = 25_000;

  /** Jobs one worker process runs at once (compliance chunks and the rest). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY = 2;

  /** How long a worker's hold on a job lasts without renewal, ms; a crashed worker's jobs return after it. */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  JOB_LOCK_MS = 30_000;

  /** How often workers look for jobs whose worker died (stalled), ms. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  JOB_STALLED_CHECK_MS = 30_000;

  /** How long after a booking, timesheet or card change its compliance is re-checked, ms (debounce). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  RECHECK_DELAY_MS = 5_000;

  /** How often the worker looks for shifts marked for re-check whose signal was lost, ms. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  RECHECK_SWEEP_MS = 60_000;

  /** How often the worker announces the cascade's releases that have come (each within this of its instant), ms. */
  @Transform(toInt)
  @IsInt()
  @Min(200)
  RELEASE_SWEEP_MS = 15_000;

  /** How often the worker raises and expires fill suggestions (at most 15 minutes apart), ms. */
  @Transform(toInt)
  @IsInt()
  @Min(200)
  @Max(900_000)
  SUGGESTION_SWEEP_MS = 900_000;

  /** How often the worker looks for runs whose jobs Redis lost (restarted empty) and starts them again, ms. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  RUN_SWEEP_MS = 60_000;

  /**
   * 32 bytes as 64 hex characters: encrypts webhook signing secrets at rest. Required in
   * production; elsewhere a fixed development key is used.
   */
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'ALERTS_SECRET_KEY must be 64 hex characters (32 bytes)' })
  ALERTS_SECRET_KEY?: string;

  /** Allow plain-http webhook URLs (never in production): for a receiver on a developer's machine. */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_HTTP = false;

  /** Attempts per webhook delivery before it is `failed`. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOK_MAX_ATTEMPTS = 8;

  /** First retry delay of a webhook delivery, ms; doubling each time, with jitter. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  WEBHOOK_RETRY_BASE_MS = 30_000;

  /** How long a webhook receiver has to answer, ms. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** How often the worker re-sends alert events and deliveries a lost signal or crash left behind, ms. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  ALERTS_SWEEP_MS = 30_000;

  /**
   * The SMTP server e-mail alerts go through, e.g. `smtp://user:password@mail.example.nhs.uk:587` or
   * `smtps://…`. Without it e-mail subscriptions are refused (422 EMAIL_NOT_CONFIGURED).
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The From of e-mail alerts: `Name <address>` or an address. Required in production with SMTP_URL. */
  @Matches(/^([^\r\n<>"]{0,100}<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, {
    message: 'MAIL_FROM must be an address or "Name <address>"',
  })
  MAIL_FROM = 'Fairshift <fairshift@localhost>';

  /** Attempts per e-mail delivery before it is `failed` (a permanent 5xx refusal fails it at once). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  EMAIL_MAX_ATTEMPTS = 8;

  /** First retry delay of an e-mail delivery, ms; doubling each time, with jitter. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  EMAIL_RETRY_BASE_MS = 60_000;

  /** When each trust's daily digest is built, cron in Europe/London (it covers the day before). */
  @Matches(/^\S+( \S+){4}$/, { message: 'DIGEST_CRON must be a five-field cron expression' })
  DIGEST_CRON = '0 7 * * *';

  // People's sign-in (docs/rules.md section 13; README "Sign-in").

  /** The service's own address as browsers reach it; the OpenID redirect URI is PUBLIC_URL/auth/callback. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OIDC_ISSUER_URL must be an http(s) URL' })
  OIDC_ISSUER_URL?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  OIDC_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  OIDC_CLIENT_SECRET?: string;

  /** How the client authenticates at the token endpoint. */
  @IsIn(['client_secret_basic', 'client_secret_post'])
  OIDC_TOKEN_AUTH_METHOD: 'client_secret_basic' | 'client_secret_post' = 'client_secret_basic';

  @Matches(/^openid( [\x21-\x7e]+)*$/, { message: 'OIDC_SCOPES must start with openid, separated by spaces' })
  OIDC_SCOPES = 'openid email profile';

  /** The ID-token claim that carries the person's e-mail (Entra ID: email or preferred_username). */
  @Matches(/^[A-Za-z0-9_:./-]{1,100}$/)
  OIDC_EMAIL_CLAIM = 'email';

  /**
   * `claim`: an e-mail binds an invitation only when the token says `email_verified: true`;
   * `provider`: every e-mail this provider gives is verified (a trust's own Entra ID tenant).
   */
  @IsIn(['claim', 'provider'])
  OIDC_EMAIL_VERIFIED: 'claim' | 'provider' = 'claim';

  /** The ID-token claim that lists the person's groups, for OIDC_GROUP_MAP. */
  @Matches(/^[A-Za-z0-9_:./-]{1,100}$/)
  OIDC_GROUPS_CLAIM = 'groups';

  /**
   * Optional JSON: group → grant, e.g. `{"medway-rota": {"role": "rota_manager", "trustIds": ["…"]}}`.
   * A person in a mapped group is let in with the first matching group's role and scope.
   */
  @IsOptional()
  @IsString()
  @MaxLength(65_536)
  OIDC_GROUP_MAP?: string;

  /** Signs the session cookie; required in production by the api, which serves the pages (at least 32 characters). */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters' })
  SESSION_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  SESSION_IDLE_MINUTES = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7 * 24)
  SESSION_ABSOLUTE_HOURS = 12;

  /** The address browsers use: PUBLIC_URL, or this machine's HTTP port. */
  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://localhost:${this.PORT}`).replace(/\/$/, '');
  }
}

function groupMapProblems(map: string | undefined): string[] {
  if (map === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(map);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return [];
  } catch {
    // answered below
  }
  return ['OIDC_GROUP_MAP: must be a JSON object of group → {role, systemId or trustIds, approvalLevel}'];
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Settings without a default (so not among a fresh AppConfig's keys). */
const OPTIONAL_SETTINGS = [
  'BOOTSTRAP_ADMIN_KEY',
  'ALERTS_SECRET_KEY',
  'SMTP_URL',
  'PUBLIC_URL',
  'OIDC_ISSUER_URL',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_GROUP_MAP',
  'SESSION_SECRET',
];

/** Builds and validates the configuration; throws naming every bad setting. */
export function loadAppConfig(environment: Record<string, unknown>): AppConfig {
  const known = Object.keys(new AppConfig());
  const supplied: Record<string, unknown> = {};
  for (const key of [...known, ...OPTIONAL_SETTINGS]) {
    const value = environment[key];
    // An empty variable means "use the default", as in most twelve-factor tools.
    if (value !== undefined && value !== '') supplied[key] = value;
  }
  const config = plainToInstance(AppConfig, supplied, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  const problems = errors.map((error) => {
    const messages = Object.values(error.constraints ?? {});
    return `${error.property}: ${messages.join('; ')}`;
  });
  if (config.NODE_ENV === 'production' && !config.ALERTS_SECRET_KEY) {
    problems.push('ALERTS_SECRET_KEY: required in production (64 hex characters)');
  }
  if (config.NODE_ENV === 'production' && config.WEBHOOK_ALLOW_HTTP) {
    problems.push('WEBHOOK_ALLOW_HTTP: plain-http webhooks are never allowed in production');
  }
  if (config.NODE_ENV === 'production' && config.OIDC_ISSUER_URL?.startsWith('http://')) {
    problems.push('OIDC_ISSUER_URL: a plain-http issuer is never allowed in production');
  }
  if (Boolean(config.OIDC_ISSUER_URL) !== Boolean(config.OIDC_CLIENT_ID)) {
    problems.push('OIDC_ISSUER_URL and OIDC_CLIENT_ID: give both, or neither (no sign-in)');
  }
  if (config.NODE_ENV === 'production' && config.SMTP_URL && !environment.MAIL_FROM) {
    problems.push('MAIL_FROM: required in production when SMTP_URL is set (the From of e-mail alerts)');
  }
  problems.push(...groupMapProblems(config.OIDC_GROUP_MAP));
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}
