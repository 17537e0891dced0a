/**
 * Infrastructure restarts in the middle of a distributed run: Redis (with AOF, as production should run it) and
 * Postgres are restarted while a `vacatures worker` process is crawling. The run completes through reconnects and
 * retries, and the database equals an uninterrupted in-process run. Private servers on random loopback ports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { loadConfig } from '../../src/config';
import { openDb, rows, sql } from '../../src/db/client';
import { BullQueues } from '../../src/queue/bullmq';
import { createApp, runOnce } from '../../src/services/app';
import { demoSources } from '../../crawlers/replica/sources';
import { startReplica, type Replica } from '../../crawlers/replica/server';
import { freshPostgres, TEST_REDIS_URL, uniquePrefix, type TestDb } from '../helpers/db';
import { expectSameAsReference, pipelineSnapshot, referenceRun, spawnWorker, stopWorker, waitFor, waitIdle, writeSourcesFile } from '../helpers/pipeline';
import { freePort, haveClusterTools, PrivateCluster, PrivateRedis } from '../helpers/services';

let replica: Replica;
let ref: Record<string, unknown>;
let refDb: TestDb;

beforeAll(async () => {
  replica = await startReplica({ port: 0, latencyMs: 120 });
  refDb = await freshPostgres();
  ref = await referenceRun(refDb.url, demoSources(replica.baseUrl));
}, 240_000);

afterAll(async () => {
  await replica?.close();
  await refDb?.drop();
});

describe('Redis restart during a run', () => {
  let redis: PrivateRedis;
  let t: TestDb;
  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    t = await freshPostgres();
  });
  afterAll(async () => {
    await redis?.destroy();
    await t?.drop();
  });

  it('is survived: workers reconnect and every job completes once', { timeout: 300_000 }, async () => {
    const sources = demoSources(replica.baseUrl);
    const env = {
      DATABASE_URL: t.url, REDIS_URL: redis.url, QUEUE_PREFIX: uniquePrefix('redis-restart'), SOURCES_FILE: writeSourcesFile(sources),
      WORKER_LOCK_MS: '10000', AGGREGATE_DELAY_MS: '300',
    };
    const cfg = loadConfig({ ...process.env, ...env });
    const producer = await createApp({ cfg, sources, log: () => {} });
    const w = spawnWorker(env);
    try {
      await runOnce(producer, { trigger: 'test' });
      await waitFor('postings to arrive', async () => {
        const [r] = await rows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from raw_postings`);
        return r.n >= 5;
      }, 120_000, 50);
      await redis.stop('SIGKILL');
      await new Promise((r) => setTimeout(r, 1500));
      await redis.start();
      const counts = await waitIdle(producer.queue as BullQueues, 1, 240_000);
      for (const s of Object.values(counts)) expect(s.failed ?? 0).toBe(0);
      expect(w.child.exitCode).toBeNull(); // the worker process survived the outage
    } finally {
      await stopWorker(w);
      await producer.close();
    }
    expectSameAsReference(await pipelineSnapshot(t.handle.db), ref);
  });
});

describe.skipIf(!haveClusterTools)('Postgres restart during a run', () => {
  let cluster: PrivateCluster;
  beforeAll(async () => {
    cluster = new PrivateCluster(await freePort());
    await cluster.create();
    const admin = postgres(cluster.url(), { max: 1, onnotice: () => {} });
    await admin.unsafe('create database vt');
    await admin.end();
  }, 60_000);
  afterAll(() => {
    cluster?.destroy();
  });

  it('is survived: handlers retry until the database is back', { timeout: 300_000 }, async () => {
    const sources = demoSources(replica.baseUrl);
    const env = {
      DATABASE_URL: cluster.url('vt'), REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: uniquePrefix('pg-restart'), SOURCES_FILE: writeSourcesFile(sources),
      WORKER_LOCK_MS: '5000', AGGREGATE_DELAY_MS: '300',
    };
    const cfg = loadConfig({ ...process.env, ...env });
    const producer = await createApp({ cfg, sources, log: () => {} });
    const w = spawnWorker(env);
    const probe = await openDb({ databaseUrl: cluster.url('vt'), max: 1 });
    try {
      await runOnce(producer, { trigger: 'test' });
      await waitFor('postings to arrive', async () => {
        const [r] = await rows<{ n: number }>(probe.db, sql`select count(*)::int as n from raw_postings`);
        return r.n >= 5 && r.n < replica.vacancies.length - 5;
      }, 120_000, 50);
      cluster.restart();
      const counts = await waitIdle(producer.queue as BullQueues, 1, 240_000).catch((e: Error) => {
        throw new Error(`${e.message}\nworker output (tail):\n${w.output().slice(-3000)}`);
      });
      for (const s of Object.values(counts)) expect(s.failed ?? 0).toBe(0);
      expect(w.child.exitCode).toBeNull();
      expectSameAsReference(await pipelineSnapshot(probe.db), ref);
    } finally {
      await stopWorker(w);
      await producer.close();
      await probe.close();
    }
  });
});
