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
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Builds and validates the configuration; throws naming every bad setting. */
export function loadAppConfig(environment: Record<string, unknown>): AppConfig {
  const known = Object.keys(new AppConfig());
  const supplied: Record<string, unknown> = {};
  for (const key of [...known, 'BOOTSTRAP_ADMIN_KEY']) {
    const value = environment[key];
    // An empty variable means "use the default", as in most twelve-factor tools.
    if (value !== undefined && value !== '') supplied[key] = value;
  }
  const config = plainToInstance(AppConfig, supplied, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigValidationError(
      errors.map((error) => {
        const messages = Object.values(error.constraints ?? {});
        return `${error.property}: ${messages.join('; ')}`;
      }),
    );
  }
  return config;
}
