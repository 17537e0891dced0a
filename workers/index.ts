/**
 * Worker process for the distributed form: BullMQ workers for the pipeline stages, with graceful
 * shutdown (SIGTERM/SIGINT → worker.close() lets active jobs finish; unfinished ones are picked up again
 * by another worker after their lock expires, and every handler is idempotent).
 */
import type { Worker } from 'bullmq';
import type { Config } from '../src/config';
import { startWorkers } from '../src/queue/bullmq';
import type { Stage } from '../src/queue/stages';
import * as crawlRepo from '../src/repositories/crawl.repo';
import { createApp, type App } from '../src/services/app';
import type { SourceConfig } from '../crawlers/sources';

export interface RunningWorkers {
  app: App;
  workers: Worker[];
  close(): Promise<void>;
}

export async function startPipelineWorkers(
  cfg: Config,
  opts: { stages?: Stage[]; concurrency?: number; log?: (m: string) => void; sources?: SourceConfig[] } = {},
): Promise<RunningWorkers> {
  if (!cfg.REDIS_URL) throw new Error('REDIS_URL is not set: workers need Redis (without it, `vacatures run` processes in-process)');
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
  const running = await startPipelineWorkers(cfg, opts);
  log(`workers started for ${running.workers.length} stages (${running.app.dbh.kind}); SIGTERM/Ctrl-C to stop`);
  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      log(`${sig}: finishing active jobs…`);
      void running.close().then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
