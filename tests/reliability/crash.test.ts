/**
 * Crash safety on the real Redis and Postgres: a `vacatures worker` process is SIGKILLed in the middle of a crawl
 * and, separately, in the middle of extraction. After a restart every job completes exactly once in effect: the
 * database equals an uninterrupted in-process run of the same sources (no missing vacancy, no duplicate rows).
 * A poison job ends in BullMQ's failed set with its error instead of looping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { rows, sql } from '../../src/db/client';
import { BullQueues } from '../../src/queue/bullmq';
import { createApp, runOnce } from '../../src/services/app';
import { startPipelineWorkers } from '../../workers/index';
import { demoSources } from '../../crawlers/replica/sources';
import { startReplica, type Replica } from '../../crawlers/replica/server';
import { freshPostgres, TEST_REDIS_URL, uniquePrefix, type TestDb } from '../helpers/db';
import {
  expectSameAsReference, pipelineSnapshot, referenceRun, spawnWorker, stopWorker, waitFor, waitIdle, writeSourcesFile,
} from '../helpers/pipeline';

let replica: Replica;
let ref: Record<string, unknown>;
let refDb: TestDb;
const dbs: TestDb[] = [];

beforeAll(async () => {
  // Latency makes a crawl last long enough to be killed in the middle of it.
  replica = await startReplica({ port: 0, latencyMs: 120 });
  refDb = await freshPostgres();
  ref = await referenceRun(refDb.url, demoSources(replica.baseUrl));
  expect(ref.vacancies).toBe(replica.vacancies.length);
}, 240_000);

afterAll(async () => {
  await replica?.close();
  await refDb?.drop();
  for (const d of dbs) await d.drop();
});

async function setup(tag: string) {
  const t = await freshPostgres();
  dbs.push(t);
  const sources = demoSources(replica.baseUrl);
  const prefix = uniquePrefix(tag);
  const env = {
    DATABASE_URL: t.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, SOURCES_FILE: writeSourcesFile(sources),
    WORKER_LOCK_MS: '2000', AGGREGATE_DELAY_MS: '300',
  };
  const cfg = loadConfig({ ...process.env, ...env });
  const producer = await createApp({ cfg, sources, log: () => {} });
  return { t, env, producer, q: producer.queue as BullQueues };
}

describe('SIGKILL of a worker process', () => {
  it('during a crawl: the crawl is taken over after restart and the result equals an uninterrupted run', { timeout: 300_000 }, async () => {
    const { env, producer, q, t } = await setup('kill-crawl');
    try {
      const a = spawnWorker(env);
      await runOnce(producer, { trigger: 'test' });
      // Kill while crawls are running and some (not all) postings are stored.
      await waitFor('postings to arrive', async () => {
        const [r] = await rows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from raw_postings`);
        const c = await q.counts();
        return r.n >= 5 && (c.crawl.active ?? 0) > 0;
      }, 120_000, 50);
      a.child.kill('SIGKILL');
      await a.exited;
      const [mid] = await rows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from raw_postings`);
      expect(mid.n).toBeLessThan(replica.vacancies.length);

      const b = spawnWorker(env);
      try {
        const counts = await waitIdle(q, 1, 240_000);
        for (const s of Object.values(counts)) expect(s.failed ?? 0).toBe(0);
      } finally {
        expect(await stopWorker(b)).toBe(0); // graceful shutdown on SIGTERM
      }
      expectSameAsReference(await pipelineSnapshot(t.handle.db), ref);
      // The interrupted run is marked, not left "running" forever.
      const runs = await rows<{ status: string; n: number }>(t.handle.db, sql`select status, count(*)::int as n from crawl_runs group by 1`);
      expect(runs.find((r) => r.status === 'running')).toBeUndefined();
    } finally {
      await producer.close();
    }
  });

  it('during extraction: the remaining extractions complete once after restart', { timeout: 300_000 }, async () => {
    const { env, producer, q, t } = await setup('kill-extract');
    try {
      // Stage 1: crawl → normalize → dedup only; extraction jobs pile up.
      const a = spawnWorker(env, ['--stages', 'crawl,normalize,dedup']);
      await runOnce(producer, { trigger: 'test' });
      await waitFor('all extraction jobs to be queued', async () => {
        const c = await q.counts();
        const upstream = ['crawl', 'normalize', 'dedup'] as const;
        return upstream.every((s) => (c[s].waiting ?? 0) + (c[s].active ?? 0) + (c[s].delayed ?? 0) === 0) && (c.extract.waiting ?? 0) >= replica.vacancies.length;
      }, 180_000, 250);
      await stopWorker(a);
      // Stage 2: an extract-only worker, killed after a few extractions.
      const b = spawnWorker(env, ['--stages', 'extract', '--concurrency', '1']);
      await waitFor('some extractions', async () => ((await q.counts()).extract.completed ?? 0) >= 5, 120_000, 20);
      b.child.kill('SIGKILL');
      await b.exited;
      const done = (await q.counts()).extract.completed ?? 0;
      expect(done).toBeLessThan(replica.vacancies.length);
      // Stage 3: restart everything.
      const c = spawnWorker(env);
      try {
        const counts = await waitIdle(q, 1, 240_000);
        expect(counts.extract.failed ?? 0).toBe(0);
        expect(counts.extract.completed).toBeGreaterThanOrEqual(replica.vacancies.length);
      } finally {
        await stopWorker(c);
      }
      expectSameAsReference(await pipelineSnapshot(t.handle.db), ref);
    } finally {
      await producer.close();
    }
  });
});

describe('poison jobs', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshPostgres();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('end in the failed set with their error after one attempt, and are recorded', { timeout: 60_000 }, async () => {
    const prefix = uniquePrefix('poison');
    const cfg = loadConfig({ ...process.env, DATABASE_URL: t.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix });
    const w = await startPipelineWorkers(cfg, { log: () => {}, sources: [] });
    const q = new BullQueues(TEST_REDIS_URL, prefix);
    try {
      await q.queues.normalize.add('normalize', { rawPostingId: 987654 }, { jobId: 'poison-missing', attempts: 5 });
      await q.queues.dedup.add('dedup', { vacancyId: 'not-a-number' }, { jobId: 'poison-shape', attempts: 5 });
      await q.queues.crawl.add('crawl', { sourceId: 'no-such-source' }, { jobId: 'poison-source', attempts: 5 });
      const failed = await waitFor('poison jobs to fail', async () => {
        const f = [...(await q.queues.normalize.getFailed()), ...(await q.queues.dedup.getFailed()), ...(await q.queues.crawl.getFailed())];
        return f.length === 3 ? f : false;
      }, 30_000);
      for (const j of failed) expect(j.attemptsMade, j.id).toBe(1); // UnrecoverableError: no retry loop
      expect(failed.find((j) => j.id === 'poison-missing')!.failedReason).toMatch(/raw posting 987654 not found/);
      expect(failed.find((j) => j.id === 'poison-shape')!.failedReason).toMatch(/bad dedup job payload/);
      expect(failed.find((j) => j.id === 'poison-source')!.failedReason).toMatch(/unknown source: no-such-source/);
      const errs = await waitFor('errors to be recorded', async () => {
        const e = await rows<{ stage: string; error: string }>(t.handle.db, sql`select stage, error from crawl_errors order by stage`);
        return e.length === 3 ? e : false;
      }, 10_000);
      expect(errs.map((e) => e.stage)).toEqual(['crawl', 'dedup', 'normalize']);
    } finally {
      await q.close();
      await w.close();
    }
  });
});
