/**
 * Every BullMQ queue and job name, in one place. Queue names carry no prefix: the prefix
 * (QUEUE_PREFIX) separates deployments and test files.
 */
export const QUEUES = {
  compliance: 'compliance',
  alerts: 'alerts',
  imports: 'imports',
  releases: 'releases',
  suggestions: 'suggestions',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QUEUES);

/** The one flow producer: a parent job waiting on its children (a compliance run and its chunks). */
export const FLOW_PRODUCER = 'flows';

/** Job names on the compliance queue. */
export const COMPLIANCE_JOBS = {
  /** A run's parent: completes the run when its last chunk has finished. */
  run: 'run',
  /** One trust and one week of a run. */
  chunk: 'chunk',
  /** Started by a system's nightly scheduler: creates and starts the night's run. */
  nightly: 'nightly',
  /** Checks the shifts marked for re-check after a change (debounced; also swept every RECHECK_SWEEP_MS). */
  recheck: 'recheck',
  /** A rate card was published: starts runs over the dates it governs. */
  cardPublished: 'card-published',
  /** Brings the nightly schedulers in line with the systems' settings. */
  syncSchedules: 'sync-schedules',
  /** Starts again the runs whose jobs Redis lost (swept every RUN_SWEEP_MS). */
  resumeRuns: 'resume-runs',
} as const;

/** Job names on the alerts queue. */
export const ALERT_JOBS = {
  /** Fans undispatched outbox events out to deliveries on every channel (webhooks, e-mail). */
  dispatch: 'dispatch',
  /** One delivery to one webhook (retried with backoff). */
  deliver: 'deliver',
  /** One e-mail to one address (retried with backoff). */
  deliverEmail: 'deliver-email',
  /** A trust's daily digest. */
  digest: 'digest',
  /** Re-sends what a lost signal or a crash left behind. */
  sweep: 'sweep',
  /** Brings the digest schedulers in line with the trusts. */
  syncSchedules: 'sync-schedules',
} as const;

/** Job names on the imports queue. */
export const IMPORT_JOBS = {
  /** Parses, validates and applies one uploaded file, whole or not at all. */
  apply: 'apply',
  /** Re-sends imports whose job Redis lost (queued for over a minute). */
  sweep: 'sweep',
} as const;

/** Job names on the releases queue (docs/rules.md section 10a). */
export const RELEASE_JOBS = {
  /** Announces the stages whose release has come (swept every RELEASE_SWEEP_MS). */
  announce: 'announce',
  /** Recomputes the release instants of systems whose cascade setting changed. */
  recompute: 'recompute',
} as const;

/** Job names on the suggestions queue (docs/rules.md section 10b). */
export const SUGGESTION_JOBS = {
  /** Raises and expires fill suggestions (swept every SUGGESTION_SWEEP_MS). */
  sweep: 'sweep',
} as const;
