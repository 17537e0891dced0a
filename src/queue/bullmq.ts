/**
 * The distributed form: one BullMQ queue per stage on Redis; workers run the same handlers.
 */
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { STAGES, type Enqueuer, type JobData, type Stage } from './stages';
import type { Handlers } from './inprocess';

export function redisConnection(url: string): ConnectionOptions {
  return { url, maxRetriesPerRequest: null, enableOfflineQueue: true } as ConnectionOptions;
}

export const queueName = (prefix: string, stage: Stage) => `${prefix}-${stage}`;

/** Default: aggregation waits this long after a request so that one run collects a burst of extractions. */
export const AGGREGATE_DELAY_MS = 5000;

/**
 * Per-stage retry policy. A crawl handler records source failures itself and returns; it only throws on
 * infrastructure errors (database gone), so a crawl is retried a few times, slowly (never hammer a source).
 */
const ATTEMPTS: Record<Stage, number> = { crawl: 3, normalize: 5, dedup: 5, extract: 5, aggregate: 3 };
/** Per-job time limits (the crawl has its own request limits and can legitimately run long). */
const JOB_TIMEOUT_MS: Record<Stage, number | null> = { crawl: null, normalize: 180_000, dedup: 180_000, extract: 180_000, aggregate: 30 * 60_000 };

export class BullQueues implements Enqueuer {
  readonly queues: Record<Stage, Queue>;

  constructor(
    readonly url: string,
    readonly prefix = 'vacatures',
    readonly aggregateDelayMs = AGGREGATE_DELAY_MS,
  ) {
    this.queues = Object.fromEntries(
      STAGES.map((s) => [s, new Queue(queueName(prefix, s), { connection: redisConnection(url) })]),
    ) as Record<Stage, Queue>;
  }

  async enqueue<S extends Stage>(stage: S, data: JobData<S>, id: string): Promise<void> {
    if (stage === 'aggregate') {
      // Debounced: while one aggregation waits, further requests are absorbed (it reads the database when it runs);
      // a request that arrives while one is running schedules exactly one more run after it.
      await this.queues.aggregate.add(stage, data, {
        deduplication: { id: `${this.prefix}-aggregate`, keepLastIfActive: true },
        delay: this.aggregateDelayMs,
        attempts: ATTEMPTS.aggregate,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
        removeOnFail: { age: 30 * 24 * 3600 },
      });
      return;
    }
    await this.queues[stage].add(stage, data, {
      jobId: id,
      attempts: ATTEMPTS[stage],
      backoff: { type: 'exponential', delay: stage === 'crawl' ? 15_000 : 1000 },
      removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    });
  }

  async counts(): Promise<Record<Stage, Record<string, number>>> {
    const out = {} as Record<Stage, Record<string, number>>;
    for (const s of STAGES) out[s] = await this.queues[s].getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(STAGES.map((s) => this.queues[s].close()));
  }
}

export interface WorkerOptions {
  url: string;
  prefix?: string;
  concurrency?: number;
  stages?: Stage[];
  /** Job lock duration and stalled-check interval in ms (default 30 s). */
  lockMs?: number;
  onFailed?: (stage: Stage, job: Job | undefined, error: Error) => void | Promise<void>;
}

export function startWorkers(handlers: Handlers, opts: WorkerOptions): Worker[] {
  const stages = opts.stages ?? [...STAGES];
  return stages.map((stage) => {
    const w = new Worker(
      queueName(opts.prefix ?? 'vacatures', stage),
      async (job) => {
        const run = (handlers[stage] as (d: unknown) => Promise<unknown>)(job.data);
        const limit = JOB_TIMEOUT_MS[stage];
        if (!limit) return run;
        // A job that hangs (e.g. on a connection its driver lost) would keep its lock forever: fail it so it is retried.
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${stage} job ${job.id} timed out after ${limit / 1000} s`)), limit);
        });
        try {
          return await Promise.race([run, timeout]);
        } finally {
          clearTimeout(timer);
        }
      },
      {
        connection: redisConnection(opts.url),
        // Crawls are long and few; aggregation must not run twice at once.
        concurrency: stage === 'aggregate' ? 1 : stage === 'crawl' ? Math.max(1, Math.min(2, opts.concurrency ?? 2)) : (opts.concurrency ?? 4),
        // Locks are renewed every lockDuration/2 while the worker lives; a killed worker's job is taken over
        // by another worker once its lock expires (stalled-job check).
        lockDuration: opts.lockMs ?? 30_000,
        stalledInterval: opts.lockMs ?? 30_000,
        maxStalledCount: 2,
      },
    );
    w.on('failed', (job, err) => {
      if (job && job.attemptsMade < (job.opts.attempts ?? 1) && err.name !== 'UnrecoverableError') return;
      void opts.onFailed?.(stage, job, err);
    });
    w.on('error', () => {
      /* connection errors are retried by the worker; avoid crashing on unhandled 'error' */
    });
    return w;
  });
}

export type { JobData };
