/**
 * Wiring: configuration → database → queue (BullMQ when REDIS_URL is set, in-process otherwise) → handlers.
 */
import type { Config } from '../config';
import { openDb, type DbHandle } from '../db/client';
import { BullQueues } from '../queue/bullmq';
import { InProcessQueue, type Progress } from '../queue/inprocess';
import { jobId, STAGES, type Stage } from '../queue/stages';
import * as crawlRepo from '../repositories/crawl.repo';
import { loadSources, type SourceConfig } from '../../crawlers/sources';
import { makeHandlers, type Logger, type PipelineDeps } from './pipeline';

export interface AppOptions {
  cfg: Config;
  sources?: SourceConfig[];
  log?: Logger;
  /** Force the in-process queue even when REDIS_URL is set. */
  inProcess?: boolean;
  crawl?: PipelineDeps['crawl'];
}

export interface App {
  cfg: Config;
  dbh: DbHandle;
  sources: Map<string, SourceConfig>;
  mode: 'in-process' | 'bullmq';
  queue: InProcessQueue | BullQueues;
  handlers: ReturnType<typeof makeHandlers>;
  log: Logger;
  close(): Promise<void>;
}

export async function createApp(opts: AppOptions): Promise<App> {
  const { cfg } = opts;
  const log = opts.log ?? ((m: string) => process.stderr.write(m + '\n'));
  const list = opts.sources ?? loadSources(cfg.SOURCES_FILE);
  const dbh = await openDb({ databaseUrl: cfg.DATABASE_URL, pgliteDir: cfg.pgliteDir });
  await crawlRepo.upsertSources(
    dbh.db,
    list.map((s) => ({ id: s.id, name: s.name, kind: s.kind, adapter: s.adapter, config: s, enabled: s.enabled })),
  );
  const useBull = !!cfg.REDIS_URL && !opts.inProcess;
  const queue = useBull ? new BullQueues(cfg.REDIS_URL!, cfg.QUEUE_PREFIX, cfg.AGGREGATE_DELAY_MS) : new InProcessQueue();
  const sources = new Map(list.map((s) => [s.id, s]));
  const handlers = makeHandlers({ db: dbh.db, queue, cfg, sources, log, crawl: opts.crawl });
  return {
    cfg,
    dbh,
    sources,
    mode: useBull ? 'bullmq' : 'in-process',
    queue,
    handlers,
    log,
    async close() {
      if (queue instanceof BullQueues) await queue.close();
      await dbh.close();
    },
  };
}

export function formatProgress(p: Progress): string {
  return STAGES.map((s) => `${s} ${p[s].done}${p[s].failed ? `/${p[s].failed}✗` : ''}${p[s].pending ? ` (+${p[s].pending})` : ''}`).join(' · ');
}

export interface RunResult {
  mode: App['mode'];
  sources: string[];
  progress?: Progress;
}

/**
 * Crawl the given sources once and process everything they yield.
 * In-process: runs to completion here. BullMQ: enqueues the crawls for the workers.
 */
export async function runOnce(app: App, opts: { sourceIds?: string[]; maxRequests?: number; trigger?: string; progress?: boolean } = {}): Promise<RunResult> {
  const ids = opts.sourceIds?.length ? opts.sourceIds : [...app.sources.values()].filter((s) => s.enabled).map((s) => s.id);
  for (const id of ids) if (!app.sources.has(id)) throw new Error(`unknown source "${id}" (see: vacatures sources list)`);
  const slot = new Date();
  for (const id of ids) {
    const data = { sourceId: id, trigger: opts.trigger ?? 'cli', maxRequests: opts.maxRequests };
    // In-process runs are explicit: a second run in the same minute must still crawl.
    const jid = app.queue instanceof InProcessQueue ? `${jobId.crawl(id, slot)}-${Date.now()}` : jobId.crawl(id, slot);
    await app.queue.enqueue('crawl', data, jid);
  }
  if (app.queue instanceof BullQueues) return { mode: app.mode, sources: ids };
  if (!ids.length) await app.queue.enqueue('aggregate', { reason: 'run' }, jobId.aggregate(slot));
  const progress = await app.queue.drain(app.handlers, {
    onFailed: async (stage: Stage, id, data, err) => {
      app.log(`✗ ${stage} job ${id} failed: ${err.message}`);
      await crawlRepo.recordError(app.dbh.db, {
        sourceId: (data as { sourceId?: string }).sourceId ?? '-',
        stage,
        error: `${id}: ${err.message}`,
      });
    },
    onProgress: opts.progress === false ? undefined : (p) => app.log(`  … ${formatProgress(p)}`),
    progressEveryMs: 2000,
  });
  return { mode: app.mode, sources: ids, progress };
}
