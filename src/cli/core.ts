/** Core commands: run, worker, schedule, demo, sources, migrate, reprocess. */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { config, loadConfig, type Config } from '../config';
import { openDb, rows, sql } from '../db/client';
import { BullQueues } from '../queue/bullmq';
import { InProcessQueue } from '../queue/inprocess';
import { jobId } from '../queue/stages';
import * as crawlRepo from '../repositories/crawl.repo';
import * as vacRepo from '../repositories/vacancy.repo';
import { createApp, formatProgress, runOnce } from '../services/app';
import { demoReport, formatDemoReport } from '../services/report';
import { loadTaxonomies } from '../domain/extract';
import { loadSources } from '../../crawlers/sources';
import { demoSources } from '../../crawlers/replica/sources';
import { startReplica } from '../../crawlers/replica/server';
import { printTable, type OutputFormat } from './output';

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];
const err = (m: string) => process.stderr.write(m + '\n');

/** The demo replica's default port: fixed so that re-running the demo sees the same vacancy URLs. */
export const DEMO_PORT = 4173;

export function registerCoreCommands(program: Command): void {
  program
    .command('run')
    .description('crawl the configured sources once and process everything (normalize → dedup → extract → aggregate)')
    .option('-s, --source <ids>', 'only these source ids (comma-separated, repeatable)', collect)
    .option('--max-requests <n>', 'cap pages per source (for a quick look)', (v) => parseInt(v, 10))
    .option('--all', 'also crawl sources marked enabled:false in the registry')
    .addHelpText('after', '\nWith REDIS_URL set the crawls are queued for `vacatures worker`; otherwise they run here.')
    .action(async (opts: { source?: string[]; maxRequests?: number; all?: boolean }) => {
      const cfg = config();
      const all = loadSources(cfg.SOURCES_FILE);
      const list = opts.all ? all.map((s) => ({ ...s, enabled: true })) : all;
      const app = await createApp({ cfg, sources: list });
      try {
        err(`storage: ${app.dbh.kind} (${app.dbh.location}) · queue: ${app.mode}`);
        const enabled = opts.source ?? list.filter((s) => s.enabled).map((s) => s.id);
        if (!enabled.length) err('no enabled sources in the registry (use --source ID or --all); aggregating what is stored');
        const res = await runOnce(app, { sourceIds: enabled, maxRequests: opts.maxRequests });
        if (res.mode === 'bullmq') err(`queued crawls for ${res.sources.length} sources; run \`vacatures worker\` to process them`);
        else err(`done: ${formatProgress(res.progress!)}`);
      } finally {
        await app.close();
      }
    });

  program
    .command('worker')
    .description('start BullMQ workers for the pipeline stages (needs REDIS_URL)')
    .option('--stages <list>', 'comma-separated stages (default: all)', collect)
    .option('-c, --concurrency <n>', 'jobs per stage at once', (v) => parseInt(v, 10))
    .option('--no-supervise', 'run the workers in this process (no supervisor restarting them after a crash)')
    .addHelpText(
      'after',
      '\nBy default a supervisor runs the workers in a child process and starts a new one if it dies; jobs it held are\n' +
        'taken over after WORKER_LOCK_MS. SIGTERM/Ctrl-C lets active jobs finish, then stops.',
    )
    .action(async (opts: { stages?: string[]; concurrency?: number; supervise: boolean }) => {
      const w = await import('../../workers/index');
      if (opts.supervise && process.env[w.WORKER_CHILD_ENV] !== '1') {
        process.exitCode = await w.superviseWorkers(config()); // configuration validated once, before any child starts
        return;
      }
      w.exitWithSupervisor();
      await w.runWorkersUntilSignal(config(), { stages: opts.stages as never, concurrency: opts.concurrency });
      // Workers closed: leave now (the IPC channel to a supervisor and driver timers would keep the process alive).
      process.exit(process.exitCode ?? 0);
    });

  program
    .command('schedule')
    .description("register each enabled source's cron as a BullMQ job scheduler (needs REDIS_URL)")
    .option('--tz <tz>', 'time zone of the cron patterns', 'Europe/Amsterdam')
    .option('--daemon', 're-sync the schedulers with the registry every 10 minutes and keep running')
    .option('--list', 'only list the registered schedulers')
    .action(async (opts: { tz: string; daemon?: boolean; list?: boolean }) => {
      const cfg = config();
      if (!cfg.REDIS_URL) throw new Error('REDIS_URL is not set: schedules live in Redis');
      const { syncSchedules, listSchedules } = await import('../services/schedule');
      const queues = new BullQueues(cfg.REDIS_URL, cfg.QUEUE_PREFIX);
      try {
        if (!opts.list) {
          const sync = async () => {
            const r = await syncSchedules(queues, loadSources(cfg.SOURCES_FILE), opts.tz);
            err(`schedulers: ${r.upserted.length} registered, ${r.removed.length} removed`);
          };
          await sync();
          if (opts.daemon) {
            const t = setInterval(() => void sync().catch((e) => err(`sync failed: ${(e as Error).message}`)), 10 * 60_000);
            await new Promise<void>((resolve) => {
              const stop = () => { clearInterval(t); resolve(); };
              process.once('SIGTERM', stop);
              process.once('SIGINT', stop);
            });
          }
        }
        printTable(await listSchedules(queues), 'table');
      } finally {
        await queues.close();
      }
    });

  program
    .command('demo')
    .description('crawl the bundled offline replica of two recruitment platforms + an employer feed, process everything and print a report')
    .option('--port <n>', 'port for the local replica (fixed, so a re-run sees the same URLs; 0 = any free port)', (v) => parseInt(v, 10), DEMO_PORT)
    .option('--fresh', 'start from an empty demo database')
    .option('--format <fmt>', 'table | json', 'table')
    .option('--serve', 'keep the replica running after the report (Ctrl-C to stop)')
    .addHelpText('after', '\nStorage: DATABASE_URL if set, otherwise PGlite under DATA_DIR/demo (default ./data/demo).')
    .action(async (opts: { port: number; fresh?: boolean; format: string; serve?: boolean }) => {
      const base = config();
      const cfg: Config = base.DATABASE_URL ? base : { ...base, pgliteDir: path.resolve(base.DATA_DIR, 'demo') };
      if (opts.fresh && !base.DATABASE_URL) rmSync(cfg.pgliteDir, { recursive: true, force: true });
      const replica = await startReplica({ port: opts.port }).catch(async (e: NodeJS.ErrnoException) => {
        if (e?.code !== 'EADDRINUSE' || opts.port === 0) throw e;
        // Postings the platforms publish without an id are keyed by URL: on another port a re-run sees them as
        // other postings of the same vacancies (still deduplicated, but as extra rows). Say so.
        err(`port ${opts.port} is in use: serving the replica on a free port instead (use --port to choose one)`);
        return startReplica({ port: 0 });
      });
      err(`replica serving on ${replica.baseUrl}`);
      const app = await createApp({ cfg, sources: demoSources(replica.baseUrl), inProcess: true });
      try {
        err(`storage: ${app.dbh.kind} (${app.dbh.location}) · queue: ${app.mode}`);
        const res = await runOnce(app, { trigger: 'demo' });
        err(`done: ${formatProgress(res.progress!)}`);
        const report = await demoReport(app.dbh.db);
        if (opts.format === 'json') process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        else process.stdout.write(formatDemoReport(report));
        if (!base.DATABASE_URL)
          err('query what the demo stored with --demo-db, e.g. `npx vacatures --demo-db tightness` or `npx vacatures --demo-db api`');
      } finally {
        await app.close();
        if (opts.serve) {
          err(`replica still serving on ${replica.baseUrl} (Ctrl-C to stop)`);
          await new Promise<void>((r) => process.once('SIGINT', () => r()));
        }
        await replica.close();
      }
    });

  const sources = program.command('sources').description('the source registry and crawl health');
  sources
    .command('list')
    .description('list the registered sources (validated)')
    .option('--format <fmt>', 'table | csv | json', 'table')
    .action((opts: { format: OutputFormat }) => {
      const list = loadSources(config().SOURCES_FILE);
      printTable(
        list.map((s) => ({ id: s.id, kind: s.kind, adapter: s.adapter, browser: s.browser, schedule: s.schedule, enabled: s.enabled, verification: s.verification })),
        opts.format,
      );
    });
  sources
    .command('status')
    .description('last run, yield against the recent median (flags sudden drops), open vacancies and errors per source')
    .option('--format <fmt>', 'table | csv | json', 'table')
    .action(async (opts: { format: OutputFormat }) => {
      const cfg = config();
      const dbh = await openDb({ databaseUrl: cfg.DATABASE_URL, pgliteDir: cfg.pgliteDir });
      try {
        const st = await crawlRepo.sourceStatus(dbh.db);
        printTable(
          st.map((s) => ({ ...s })),
          opts.format,
        );
      } finally {
        await dbh.close();
      }
    });

  program
    .command('migrate')
    .description('apply database migrations (the other commands do this too)')
    .action(async () => {
      const cfg = config();
      const dbh = await openDb({ databaseUrl: cfg.DATABASE_URL, pgliteDir: cfg.pgliteDir });
      const [r] = await rows<{ n: number }>(dbh.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      err(`${dbh.kind} (${dbh.location}): ${r?.n ?? 0} migrations applied`);
      await dbh.close();
    });

  program
    .command('reprocess')
    .description('re-run extraction (functions, skills) on stored vacancies, e.g. after a taxonomy change, then re-aggregate')
    .option('--batch <n>', 'vacancies per batch', (v) => parseInt(v, 10), 1000)
    .action(async (opts: { batch: number }) => {
      const cfg = loadConfig();
      const app = await createApp({ cfg, inProcess: true });
      try {
        const q = app.queue as InProcessQueue;
        const tv = loadTaxonomies().version;
        let after = 0;
        let total = 0;
        for (;;) {
          const ids = await vacRepo.vacancyIdsForReprocess(app.dbh.db, after, opts.batch);
          if (!ids.length) break;
          for (const id of ids) await q.enqueue('extract', { vacancyId: id, force: true }, `reprocess-${id}-${tv}`);
          await q.drain(app.handlers, { onProgress: undefined });
          total += ids.length;
          after = ids[ids.length - 1];
          err(`  … ${total} vacancies re-extracted`);
        }
        await q.enqueue('aggregate', { reason: 'reprocess' }, jobId.aggregate(new Date()));
        await q.drain(app.handlers);
        err(`reprocessed ${total} vacancies with taxonomy ${tv}`);
      } finally {
        await app.close();
      }
    });
}
