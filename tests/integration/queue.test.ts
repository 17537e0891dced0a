import { Queue, QueueEvents, UnrecoverableError } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { BullQueues, queueName, redisConnection, startWorkers } from '../../src/queue/bullmq';
import { InProcessQueue, type Handlers } from '../../src/queue/inprocess';
import { jobId, parseJob } from '../../src/queue/stages';
import { TEST_REDIS_URL, uniquePrefix } from '../helpers/db';

function recordingHandlers(log: string[], opts: { failExtract?: 'poison' | 'flaky' } = {}): Handlers {
  let flaky = 0;
  return {
    crawl: async (d) => {
      log.push(`crawl:${d.sourceId}`);
    },
    normalize: async (d) => {
      log.push(`normalize:${d.rawPostingId}`);
    },
    dedup: async (d) => {
      log.push(`dedup:${d.vacancyId}`);
    },
    extract: async (d) => {
      if (opts.failExtract === 'poison') throw new UnrecoverableError(`bad vacancy ${d.vacancyId}`);
      if (opts.failExtract === 'flaky' && flaky++ < 1) throw new Error('transient');
      log.push(`extract:${d.vacancyId}`);
    },
    aggregate: async () => {
      log.push('aggregate');
    },
  };
}

describe('job payloads and ids', () => {
  it('reject bad payloads as unrecoverable and make deterministic ids', () => {
    expect(() => parseJob('normalize', { rawPostingId: 'x' })).toThrow(UnrecoverableError);
    expect(parseJob('crawl', { sourceId: 'a' })).toEqual({ sourceId: 'a', trigger: 'cli' });
    const t = new Date('2026-11-24T10:15:30Z');
    expect(jobId.crawl('zorgbanen', t)).toBe('crawl-zorgbanen-202611241015');
    expect(jobId.extract(5, 'abcdef0123456789', 'fn-1+sk-2')).toBe('extract-5-abcdef012345-fn-1+sk-2');
    expect(jobId.normalize(3)).not.toContain(':');
  });
});

describe('in-process queue', () => {
  it('runs each job id once, downstream stages first, aggregate last', async () => {
    const q = new InProcessQueue();
    const log: string[] = [];
    await q.enqueue('aggregate', { reason: 'x' }, 'agg');
    await q.enqueue('normalize', { rawPostingId: 1 }, 'n1');
    await q.enqueue('normalize', { rawPostingId: 1 }, 'n1');
    await q.enqueue('extract', { vacancyId: 9 }, 'e9');
    const p = await q.drain(recordingHandlers(log));
    expect(log).toEqual(['extract:9', 'normalize:1', 'aggregate']);
    expect(p.normalize.done).toBe(1);
  });

  it('retries transient errors and records poison jobs as failed without looping', async () => {
    const failed: string[] = [];
    const log: string[] = [];
    const q = new InProcessQueue();
    await q.enqueue('extract', { vacancyId: 1 }, 'e1');
    await q.drain(recordingHandlers(log, { failExtract: 'flaky' }), { onFailed: (_s, id) => void failed.push(id) });
    expect(log).toEqual(['extract:1']);
    const q2 = new InProcessQueue();
    await q2.enqueue('extract', { vacancyId: 2 }, 'e2');
    const p = await q2.drain(recordingHandlers([], { failExtract: 'poison' }), { onFailed: (_s, id) => void failed.push(id) });
    expect(failed).toEqual(['e2']);
    expect(p.extract.failed).toBe(1);
  });
});

describe('BullMQ on the real Redis', () => {
  const prefix = uniquePrefix('queue');
  const queues = new BullQueues(TEST_REDIS_URL, prefix);
  afterAll(async () => {
    for (const q of Object.values(queues.queues)) await q.obliterate({ force: true });
    await queues.close();
  });

  it('ignores a second add with the same deterministic job id', async () => {
    await queues.enqueue('normalize', { rawPostingId: 7 }, jobId.normalize(7));
    await queues.enqueue('normalize', { rawPostingId: 7 }, jobId.normalize(7));
    expect(await queues.queues.normalize.getJobCountByTypes('waiting', 'active', 'completed')).toBe(1);
  });

  it('workers process jobs; a poison job ends in the failed set with its error', async () => {
    const log: string[] = [];
    const failedSeen: string[] = [];
    const workers = startWorkers(recordingHandlers(log, { failExtract: 'poison' }), {
      url: TEST_REDIS_URL,
      prefix,
      stages: ['normalize', 'extract'],
      onFailed: (_s, job) => void failedSeen.push(String(job?.id)),
    });
    const events = new QueueEvents(queueName(prefix, 'extract'), { connection: redisConnection(TEST_REDIS_URL) });
    await events.waitUntilReady();
    const failed = new Promise<void>((resolve) => events.on('failed', () => resolve()));
    await queues.enqueue('extract', { vacancyId: 42 }, jobId.extract(42, 'ffffffffffffffff', 'v1'));
    await failed;
    for (let i = 0; i < 50 && !log.includes('normalize:7'); i++) await new Promise((r) => setTimeout(r, 100));
    await Promise.all(workers.map((w) => w.close()));
    await events.close();
    expect(log).toContain('normalize:7');
    const failedJobs = await queues.queues.extract.getFailed();
    expect(failedJobs).toHaveLength(1);
    expect(failedJobs[0].failedReason).toContain('bad vacancy 42');
    expect(failedJobs[0].attemptsMade).toBe(1); // unrecoverable: not retried
    expect(failedSeen).toEqual([failedJobs[0].id]);
  });

  it('registers recurring crawls with upsertJobScheduler', async () => {
    const q = new Queue(queueName(prefix, 'crawl'), { connection: redisConnection(TEST_REDIS_URL) });
    await q.upsertJobScheduler('crawl-x', { pattern: '0 6 * * *', tz: 'Europe/Amsterdam' }, { name: 'crawl', data: { sourceId: 'x' } });
    await q.upsertJobScheduler('crawl-x', { pattern: '0 7 * * *', tz: 'Europe/Amsterdam' }, { name: 'crawl', data: { sourceId: 'x' } });
    const list = await q.getJobSchedulers();
    await q.close();
    expect(list).toHaveLength(1);
    expect(list[0].pattern).toBe('0 7 * * *');
  });
});
