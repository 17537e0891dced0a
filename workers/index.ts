/**
 * Worker process for the distributed form: BullMQ workers for the pipeline stages, with graceful
 * shutdown (SIGTERM/SIGINT → worker.close() lets active jobs finish; unfinished ones are picked up again
 * by another worker after their lock expires, and every handler is idempotent).
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Worker } from 'bullmq';
import type { Config } from '../src/config';
import { startWorkers } from '../src/queue/bullmq';
import type { Stage } from '../src/queue/stages';
import * as crawlRepo from '../src/repositories/crawl.repo';
import { createApp, type App } from '../src/services/app';
import type { SourceConfig } from '../crawlers/sources';

function requireRedis(cfg: Pick<Config, 'REDIS_URL'>): asserts cfg is { REDIS_URL: string } {
  if (!cfg.REDIS_URL) throw new Error('REDIS_URL is not set: workers need Redis (without it, `vacatures run` processes in-process)');
}

export interface RunningWorkers {
  app: App;
  workers: Worker[];
  close(): Promise<void>;
}

export async function startPipelineWorkers(
  cfg: Config,
  opts: { stages?: Stage[]; concurrency?: number; log?: (m: string) => void; sources?: SourceConfig[] } = {},
): Promise<RunningWorkers> {
  requireRedis(cfg);
  const log = opts.log ?? ((m: string) => process.stderr.write(m + '\n'));
  const app = await createApp({ cfg, log, sources: opts.sources });
  const workers = startWorkers(app.handlers, {
    url: cfg.REDIS_URL,
    prefix: cfg.QUEUE_PREFIX,
    concurrency: opts.concurrency ?? cfg.WORKER_CONCURRENCY,
    lockMs: cfg.WORKER_LOCK_MS,
    stages: opts.stages,
    onFailed: async (stage, job, e) => {
      log(`✗ ${stage} ${job?.id ?? ''} failed: ${e.message}`);
      await crawlRepo
        .recordError(app.dbh.db, { sourceId: (job?.data as { sourceId?: string })?.sourceId ?? '-', stage, error: `${job?.id}: ${e.message}` })
        .catch(() => {});
    },
  });
  let closed = false;
  return {
    app,
    workers,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(workers.map((w) => w.close()));
      await app.close();
    },
  };
}

/** Start workers and stop them cleanly on SIGTERM/SIGINT. */
export async function runWorkersUntilSignal(cfg: Config, opts: Parameters<typeof startPipelineWorkers>[1] = {}): Promise<void> {
  const log = opts.log ?? ((m: string) => process.stderr.write(m + '\n'));
  guardAgainstDriverRaces(log);
  const running = await startPipelineWorkers(cfg, opts);
  log(`workers started for ${running.workers.length} stages (${running.app.dbh.kind}); SIGTERM/Ctrl-C to stop`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (sig: string) => {
      // A second signal (e.g. Ctrl-C reaching both the supervisor and this process) must not kill active jobs.
      if (stopping) return;
      stopping = true;
      log(`${sig}: finishing active jobs…`);
      void running.close().then(resolve);
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
}

/**
 * postgres.js 3.4.x can throw from a timer when the server drops a connection at the wrong moment
 * (`nextWrite` → `socket.write` on a socket it already released: "Cannot read properties of null (reading 'write')").
 * That connection is gone anyway and its queries are rejected (handlers retry them, see withDbRetry), so this one
 * error must not take the whole worker down. Anything else uncaught is still fatal, as by default.
 */
export function isDriverSocketRace(e: unknown): boolean {
  const err = e as { message?: string; stack?: string } | null;
  return (
    err instanceof TypeError &&
    /reading 'write'/.test(err.message ?? '') &&
    /[\\/]postgres[\\/]src[\\/]connection\.js/.test(err.stack ?? '')
  );
}

let guarded = false;
function guardAgainstDriverRaces(log: (m: string) => void): void {
  if (guarded) return;
  guarded = true;
  process.on('uncaughtException', (e) => {
    if (isDriverSocketRace(e)) {
      log(`database connection lost mid-write (driver race, ignored): ${(e as Error).message}`);
      return;
    }
    process.stderr.write(`fatal: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  });
}

/** Set in the environment of the worker process a supervisor starts. */
export const WORKER_CHILD_ENV = 'VACATURES_WORKER_CHILD';

/**
 * `vacatures worker`: a small supervisor that runs the workers in a child process and starts a new one when it dies
 * (an uncaught error in a driver, out of memory…). Jobs the dead process held are taken over once their locks expire
 * (WORKER_LOCK_MS), and every handler is idempotent, so a restart costs time, not data. SIGTERM/SIGINT are passed on
 * (active jobs finish); if the supervisor itself is killed, the child notices and exits at once.
 */
export async function superviseWorkers(cfg: Pick<Config, 'REDIS_URL'>, opts: { log?: (m: string) => void; maxBackoffMs?: number } = {}): Promise<number> {
  const log = opts.log ?? ((m: string) => process.stderr.write(m + '\n'));
  requireRedis(cfg);
  const maxBackoff = opts.maxBackoffMs ?? 30_000;
  let stopping = false;
  let child: ChildProcess | null = null;
  let backoff = 1000;
  const forward = (sig: NodeJS.Signals) => {
    stopping = true;
    if (child && child.exitCode === null && child.signalCode === null) child.kill(sig);
  };
  process.on('SIGTERM', () => forward('SIGTERM'));
  process.on('SIGINT', () => forward('SIGINT'));
  for (let restarts = 0; ; restarts++) {
    const started = Date.now();
    child = fork(process.argv[1], process.argv.slice(2), {
      env: { ...process.env, [WORKER_CHILD_ENV]: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child!.once('exit', (c, sg) => resolve({ code: c, signal: sg })),
    );
    if (stopping || code === 0) return code ?? 0;
    if (Date.now() - started > 60_000) backoff = 1000; // it ran fine for a while: start over quickly
    log(`worker process ${child.pid} ended (${signal ?? `exit code ${code}`}); starting a new one in ${backoff / 1000} s (restart ${restarts + 1})`);
    await new Promise((r) => setTimeout(r, backoff));
    backoff = Math.min(maxBackoff, backoff * 2);
    if (stopping) return 0;
  }
}

/** In a supervised child: exit at once when the supervisor is gone (killed), like a crash. */
export function exitWithSupervisor(): void {
  if (process.env[WORKER_CHILD_ENV] === '1' && process.send) process.once('disconnect', () => process.exit(1));
}
