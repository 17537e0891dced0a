/** Helpers for reliability tests: reference runs, database snapshots and waiting for BullMQ to go idle. */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config';
import { rows, sql, type Db } from '../../src/db/client';
import { BullQueues } from '../../src/queue/bullmq';
import type { Stage } from '../../src/queue/stages';
import { createApp, runOnce } from '../../src/services/app';
import type { SourceConfig } from '../../crawlers/sources';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Everything the pipeline derives, as order-independent checksums (ids and timestamps excluded). */
export async function pipelineSnapshot(db: Db) {
  const [r] = await rows<Record<string, number | string | null>>(
    db,
    sql`select
      (select count(*) from vacancies)::int as vacancies,
      (select count(*) from vacancy_clusters)::int as clusters,
      (select count(*) from cluster_members)::int as members,
      (select count(*) from function_matches)::int as function_matches,
      (select count(*) from skill_matches)::int as skill_matches,
      (select count(*) from (select source_id, source_key, content_hash from raw_postings group by 1, 2, 3 having count(*) > 1) d)::int as dup_raw,
      (select md5(string_agg(concat_ws('|', source_id, source_key, content_hash, gemeente_code, hours_min, hours_max, salary_min, branch), ','
         order by source_id, source_key)) from vacancies) as vacancies_sum,
      (select md5(string_agg(k, ',' order by k)) from (
         select string_agg(v.source_id || '/' || v.source_key, '+' order by v.source_id, v.source_key) as k
         from vacancies v group by v.cluster_id) p) as partition_sum,
      (select md5(string_agg(concat_ws('|', v.source_id, v.source_key, f.concept_id, round(f.confidence::numeric, 3)), ',' order by v.source_id, v.source_key))
         from function_matches f join vacancies v on v.id = f.vacancy_id) as functions_sum,
      (select md5(string_agg(concat_ws('|', v.source_id, v.source_key, s.concept_id, s.method, s.span_start), ','
         order by v.source_id, v.source_key, s.concept_id, s.span_start)) from skill_matches s join vacancies v on v.id = s.vacancy_id) as skills_sum,
      (select md5(string_agg(concat_ws('|', period_type, period_start, region_level, region, branch, function_id, new_vacancies, open_stock, closed), ','
         order by period_type, period_start, region_level, region, branch, function_id)) from series_vacancies) as series_sum`,
  );
  return r;
}

/** Run the whole pipeline in-process on `databaseUrl` (the reference a distributed run must equal). */
export async function referenceRun(databaseUrl: string, sources: SourceConfig[]) {
  const cfg = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: '' });
  const app = await createApp({ cfg, sources, inProcess: true, log: () => {} });
  try {
    await runOnce(app, { trigger: 'test', progress: false });
    return await pipelineSnapshot(app.dbh.db);
  } finally {
    await app.close();
  }
}

export function writeSourcesFile(sources: SourceConfig[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vt-sources-'));
  const file = path.join(dir, 'sources.json');
  writeFileSync(file, JSON.stringify(sources, null, 2));
  return file;
}

export interface WorkerProc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `vacatures worker` as a separate OS process (so it can be SIGKILLed). */
export function spawnWorker(env: Record<string, string>, args: string[] = []): WorkerProc {
  const child = spawn(process.execPath, [path.join(ROOT, 'src/cli/bin.mjs'), 'worker', ...args], {
    cwd: ROOT,
    env: { ...process.env, DOTENV_CONFIG_QUIET: 'true', CRAWLEE_LOG_LEVEL: 'ERROR', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const tee = process.env.TEST_WORKER_LOG; // debugging: also append the workers' output to this file
  const take = (d: Buffer) => {
    out += d;
    if (tee) appendFileSync(tee, d);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

export async function stopWorker(w: WorkerProc, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return w.child.exitCode;
  w.child.kill(signal);
  return w.exited;
}

type Counts = Awaited<ReturnType<BullQueues['counts']>>;

export async function waitFor<T>(what: string, fn: () => Promise<T | false | null | undefined>, timeoutMs = 120_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const pending = (c: Counts[Stage]) => (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0);

/** Wait until no stage has pending work and at least `minAggregates` aggregations completed. */
export async function waitIdle(q: BullQueues, minAggregates = 1, timeoutMs = 180_000): Promise<Counts> {
  let stableSince = 0;
  let last: Counts | undefined;
  return waitFor(
    'the pipeline to go idle',
    async () => {
      const c = await q.counts();
      last = c;
      const idle = Object.values(c).every((x) => pending(x) === 0) && (c.aggregate.completed ?? 0) >= minAggregates;
      if (!idle) {
        stableSince = 0;
        return false;
      }
      stableSince ||= Date.now();
      return Date.now() - stableSince > 1500 ? c : false;
    },
    timeoutMs,
    250,
  ).catch((e: Error) => {
    throw new Error(`${e.message}; last queue counts: ${JSON.stringify(last)}`);
  });
}

export function expectSameAsReference(got: Record<string, unknown>, ref: Record<string, unknown>): void {
  expect(got.dup_raw).toBe(0);
  for (const k of ['vacancies', 'clusters', 'members', 'function_matches', 'skill_matches', 'vacancies_sum', 'partition_sum', 'functions_sum', 'skills_sum', 'series_sum'])
    expect(got[k], k).toEqual(ref[k]);
}
