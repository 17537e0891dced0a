/**
 * Walking skeleton, end to end on real infrastructure: the bundled replica (two recruitment platforms — one static
 * with JSON-LD, one rendered by JavaScript in Chromium — plus an ATS feed and an XML feed) is crawled with Crawlee,
 * normalized, deduplicated, extracted and aggregated on the real Postgres; once with the in-process queue and once
 * through BullMQ on the real Redis. A vacancy crawled from the replica must appear in the aggregate series with its
 * function and skills.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { rows, sql, type Db } from '../../src/db/client';
import { InProcessQueue } from '../../src/queue/inprocess';
import { createApp, runOnce } from '../../src/services/app';
import { startPipelineWorkers } from '../../workers/index';
import { demoSources } from '../../crawlers/replica/sources';
import { startReplica, type Replica } from '../../crawlers/replica/server';
import { freshPostgres, TEST_REDIS_URL, uniquePrefix, type TestDb } from '../helpers/db';

let replica: Replica;
beforeAll(async () => {
  replica = await startReplica({ port: 0 });
});
afterAll(async () => {
  await replica?.close();
});

async function snapshot(db: Db) {
  const [r] = await rows<Record<string, number | string>>(
    db,
    sql`select (select count(*) from raw_postings)::int as raw,
               (select count(*) from vacancies)::int as vacancies,
               (select count(*) from vacancy_clusters)::int as clusters,
               (select count(*) from cluster_members)::int as members,
               (select count(*) from function_matches)::int as functions,
               (select count(*) from skill_matches)::int as skills,
               (select count(*) from series_vacancies)::int as series_v,
               (select count(*) from series_skills)::int as series_s,
               (select md5(string_agg(concat_ws('|', source_id, source_key, content_hash), ',' order by source_id, source_key)) from vacancies) as vac_sum,
               (select md5(string_agg(concat_ws('|', v.source_key, sm.concept_id, sm.method), ',' order by v.source_key, sm.concept_id, sm.span_start))
                  from skill_matches sm join vacancies v on v.id = sm.vacancy_id) as skill_sum,
               (select md5(string_agg(concat_ws('|', period_type, period_start, region_level, region, branch, function_id, new_vacancies, open_stock), ','
                  order by period_type, period_start, region_level, region, branch, function_id)) from series_vacancies) as series_sum`,
  );
  return r;
}

/** Trace one cross-posted replica vacancy from its raw posting to the monthly series. */
async function traceVacancy(db: Db, title: string) {
  const [v] = await rows<{ id: number; clusterId: number; provincie: string; functionId: string | null; openedOn: string }>(
    db,
    sql`select v.id, v.cluster_id as "clusterId", c.provincie, c.function_id as "functionId", c.opened_on::text as "openedOn"
        from vacancies v join vacancy_clusters c on c.id = v.cluster_id where v.title = ${title} order by v.id limit 1`,
  );
  expect(v, `vacancy "${title}" stored`).toBeDefined();
  const [members] = await rows<{ n: number; sources: number }>(
    db,
    sql`select count(*)::int as n, count(distinct v.source_id)::int as sources from vacancies v where v.cluster_id = ${v.clusterId}`,
  );
  const skills = await rows<{ conceptId: string; method: string; score: number; text: string }>(
    db,
    sql`select concept_id as "conceptId", method, score, span_text as text from skill_matches where vacancy_id = ${v.id}`,
  );
  const [series] = await rows<{ n: number }>(
    db,
    sql`select new_vacancies as n from series_vacancies
        where period_type = 'month' and region_level = 'provincie' and region = ${v.provincie} and branch = '*'
          and function_id = ${v.functionId} and period_start = date_trunc('month', ${v.openedOn}::date)::date`,
  );
  const skillSeries = skills.length
    ? await rows<{ conceptId: string; vacancies: number }>(
        db,
        sql`select skill_id as "conceptId", vacancies_with_skill as vacancies from series_skills
            where period_type = 'month' and region_level = 'provincie' and region = ${v.provincie}
              and skill_id = ${skills[0].conceptId} and period_start = date_trunc('month', ${v.openedOn}::date)::date`,
      )
    : [];
  return { v, members, skills, series, skillSeries };
}

describe('demo replica → series (Postgres, in-process queue)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshPostgres();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('crawls all four sources, merges cross-postings and writes series with function and skills', { timeout: 240_000 }, async () => {
    const cfg = loadConfig({ ...process.env, DATABASE_URL: t.url, REDIS_URL: '' });
    const app = await createApp({ cfg, sources: demoSources(replica.baseUrl), inProcess: true, log: () => {} });
    try {
      const res = await runOnce(app, { trigger: 'test', progress: false });
      expect(res.mode).toBe('in-process');
      expect(res.progress!.crawl.failed).toBe(0);
      const db = app.dbh.db;

      const runs = await rows<{ sourceId: string; status: string; found: number; pages: number }>(
        db,
        sql`select source_id as "sourceId", status, postings_found as found, pages_fetched as pages from crawl_runs order by 1`,
      );
      expect(runs.map((r) => r.sourceId)).toEqual(['demo-noorderlicht', 'demo-wiedenhof', 'demo-wizn', 'demo-zorgbanen']);
      for (const r of runs) {
        expect(r.found, r.sourceId).toBeGreaterThan(0);
        expect(r.status, r.sourceId).toBe(r.sourceId === 'demo-zorgbanen' ? 'partial' : 'ok');
      }
      // Zorgbanen's replica carries one deliberately malformed JSON-LD block: recorded, and the microdata
      // on the same page still yields the posting.
      const errs = await rows<{ url: string; error: string }>(db, sql`select url, error from crawl_errors`);
      expect(errs).toHaveLength(1);
      expect(errs[0].error).toMatch(/malformed JSON-LD/);
      // Every replica vacancy was stored, and the cross-postings collapsed into fewer clusters.
      const s = await snapshot(db);
      expect(s.vacancies).toBe(replica.vacancies.length);
      const expectedUnique = replica.vacancies.filter((v) => v.duplicateOf === null).length;
      expect(Number(s.clusters)).toBeLessThan(Number(s.vacancies));
      expect(Math.abs(Number(s.clusters) - expectedUnique)).toBeLessThanOrEqual(2);

      // A cross-posted vacancy: crawled on one platform, duplicated on another.
      const dup = replica.vacancies.find((v) => v.duplicateOf !== null && v.platform === 'wizn')!;
      const orig = replica.vacancies.find((v) => v.id === dup.duplicateOf)!;
      const tr = await traceVacancy(db, orig.title);
      expect(tr.members.sources).toBeGreaterThanOrEqual(2);
      expect(tr.v.functionId).not.toBeNull();
      expect(tr.skills.length).toBeGreaterThan(0);
      for (const m of tr.skills) {
        expect(m.score).toBeGreaterThan(0);
        expect(m.method).toMatch(/^(exact|alias|stem|compound|fuzzy|english)$/);
        expect(m.text.length).toBeGreaterThan(1);
      }
      expect(tr.series?.n).toBeGreaterThanOrEqual(1);
      expect(tr.skillSeries[0]?.vacancies).toBeGreaterThanOrEqual(1);

      // Every row of the series is stamped with the code and taxonomy versions that made it.
      const [stamps] = await rows<{ n: number }>(
        db,
        sql`select count(*)::int as n from series_vacancies where code_version is null or taxonomy_version is null`,
      );
      expect(stamps.n).toBe(0);

      // Idempotent re-run: the same crawl again changes nothing in the derived tables.
      const res2 = await runOnce(app, { trigger: 'test', progress: false });
      // (the in-process queue's counters are cumulative: nothing new was normalized, deduplicated or extracted)
      expect(res2.progress!.normalize.done).toBe(res.progress!.normalize.done);
      expect(res2.progress!.extract.done).toBe(res.progress!.extract.done);
      const s2 = await snapshot(db);
      expect({ ...s2, raw: 0, series_v: 0 }).toEqual({ ...s, raw: 0, series_v: 0 });
      const [last] = await rows<{ unchanged: number; found: number }>(
        db,
        sql`select sum(postings_unchanged)::int as unchanged, sum(postings_found)::int as found from crawl_runs
            where id in (select max(id) from crawl_runs group by source_id)`,
      );
      expect(last.unchanged).toBe(last.found);

      // Replaying every job of every stage (as after a lost Redis or a bug fix) leaves the database identical.
      const q = app.queue as InProcessQueue;
      const raws = await rows<{ id: number }>(db, sql`select id::int as id from raw_postings order by id`);
      const vacs = await rows<{ id: number }>(db, sql`select id::int as id from vacancies order by id`);
      for (const r of raws) await q.enqueue('normalize', { rawPostingId: r.id }, `replay-normalize-${r.id}`);
      for (const v of vacs) await q.enqueue('dedup', { vacancyId: v.id }, `replay-dedup-${v.id}`);
      for (const v of vacs) await q.enqueue('extract', { vacancyId: v.id, force: true }, `replay-extract-${v.id}`);
      await q.enqueue('aggregate', { reason: 'replay' }, 'replay-aggregate');
      const failures: string[] = [];
      const rp = await q.drain(app.handlers, { onFailed: (stage, id, _d, e) => void failures.push(`${stage} ${id}: ${e.message}`) });
      expect(failures.slice(0, 3)).toEqual([]);
      expect(rp.normalize.failed + rp.dedup.failed + rp.extract.failed + rp.aggregate.failed).toBe(0);
      const s3 = await snapshot(db);
      expect(s3).toEqual(s2);
    } finally {
      await app.close();
    }
    expect(app.queue).toBeInstanceOf(InProcessQueue);
  });
});

describe('demo replica → series (Postgres, BullMQ workers on Redis)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshPostgres();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('gives the same vacancies, clusters and matches as the in-process form', { timeout: 240_000 }, async () => {
    const prefix = uniquePrefix('e2e');
    const cfg = loadConfig({ ...process.env, DATABASE_URL: t.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix });
    const sources = demoSources(replica.baseUrl);
    const producer = await createApp({ cfg, sources, log: () => {} });
    const workers = await startPipelineWorkers(cfg, { log: () => {}, sources });
    try {
      const res = await runOnce(producer, { trigger: 'test' });
      expect(res.mode).toBe('bullmq');
      const q = producer.queue as import('../../src/queue/bullmq').BullQueues;
      // Wait until every stage is idle and an aggregate has completed.
      const deadline = Date.now() + 200_000;
      for (;;) {
        const c = await q.counts();
        const busy = Object.values(c).some((x) => (x.waiting ?? 0) + (x.active ?? 0) + (x.delayed ?? 0) > 0);
        if (!busy && (c.aggregate.completed ?? 0) > 0) break;
        if (Date.now() > deadline) throw new Error(`pipeline did not finish: ${JSON.stringify(c)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      const c = await q.counts();
      for (const s of Object.values(c)) expect(s.failed ?? 0).toBe(0);
      const db = producer.dbh.db;
      const s = await snapshot(db);
      expect(s.vacancies).toBe(replica.vacancies.length);
      const dup = replica.vacancies.find((v) => v.duplicateOf !== null && v.platform === 'wizn')!;
      const orig = replica.vacancies.find((v) => v.id === dup.duplicateOf)!;
      const tr = await traceVacancy(db, orig.title);
      expect(tr.members.sources).toBeGreaterThanOrEqual(2);
      expect(tr.v.functionId).not.toBeNull();
      expect(tr.skills.length).toBeGreaterThan(0);
      expect(tr.series?.n).toBeGreaterThanOrEqual(1);
    } finally {
      await workers.close();
      await producer.close();
    }
  });
});
