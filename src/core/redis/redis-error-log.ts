/** What RedisErrorLog needs of the app's PinoLogger. */
type Log = (fields: object, message: string) => void;

/**
 * Whether an error says Redis could not be reached (refused, reset, timed out, not resolved, the
 * connection closed or not yet open) rather than that Redis refused a command.
 */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // Node's socket and DNS errors: connect ECONNREFUSED, read ECONNRESET, getaddrinfo ENOTFOUND, and
  // ioredis' own connect ETIMEDOUT.
  if (typeof (error as NodeJS.ErrnoException).syscall === 'string') return true;
  return /^Connection is closed|^Stream isn't writeable|max retries per request/i.test(error.message);
}

/**
 * The error log of one Redis client, or of a queue's or worker's connections. ioredis reports
 * every failed attempt to reconnect, so an outage is logged once, as a warning, when it starts, and
 * once more when the connection is ready again. Any other error is logged each time, as an error.
 */
export class RedisErrorLog {
  private away = false;

  constructor(
    private readonly logger: { error: Log; warn: Log; info: Log },
    private readonly subject: string,
    private readonly fields: Record<string, unknown> = {},
  ) {}

  /** For the client's 'error' event. */
  error(error: Error): void {
    if (!isConnectionError(error)) {
      this.logger.error({ ...this.fields, err: error }, `${this.subject} error`);
      return;
    }
    if (this.away) return;
    this.away = true;
    this.logger.warn({ ...this.fields, err: error }, `${this.subject}: Redis unreachable, reconnecting`);
  }

  /** For the client's 'ready' event. */
  ready(): void {
    if (!this.away) return;
    this.away = false;
    this.logger.info(this.fields, `${this.subject}: Redis reachable again`);
  }
}
