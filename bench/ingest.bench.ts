/**
 * Ingestion benchmark: generated postings go through the pipeline's own ingestion path — store the raw posting
 * (crawl stage bookkeeping: content hash, source key, raw_postings insert), normalize it and upsert the vacancy row
 * (normalize stage) — on the real Postgres. The limit, measured in the same run on the same rows, is a raw
 * `COPY … FROM STDIN` of the same raw_postings rows into an identically indexed table: ingestion can never beat it.
 * Both run against a throwaway database; sizes: quick 2,000, full 20,000 postings.
 */
import { Writable } from 'node:stream';
import { pipeline as pump } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { BenchRow } from './types';
import { openDb } from '../src/db/client';
import { normalizePosting } from '../src/domain/normalize';
import { generatePostings } from '../src/domain/synth/generate';
import * as crawlRepo from '../src/repositories/crawl.repo';
import * as vacRepo from '../src/repositories/vacancy.repo';
import { contentHash, sourceKeyOf } from '../src/services/pipeline';
import type { RawPosting } from '../src/domain/types';

const PG = process.env.TEST_PG_URL ?? process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function copyEscape(v: string | number | null): string {
  if (v === null) return '\\N';
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export async function run(opts: { quick: boolean; log: (m: string) => void }): Promise<BenchRow[]> {
  const n = opts.quick ? 2000 : 20_000;
  const name = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(PG, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = PG.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const dbh = await openDb({ databaseUrl: url, max: 4 });
  const direct = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const postings: RawPosting[] = [];
    for (const p of generatePostings(n, 11)) {
      const { truthVacancyId: _t, seenAt: _s, ...raw } = p;
      postings.push({ ...raw, sourceId: 'bench' });
    }
    const lines = postings.map((p) => ({ key: sourceKeyOf(p), hash: contentHash(p), json: JSON.stringify(p) }));
    await crawlRepo.upsertSources(dbh.db, [{ id: 'bench', name: 'bench', kind: 'platform', adapter: 'jsonld', config: {}, enabled: true }]);
    const runId = await crawlRepo.startRun(dbh.db, 'bench', 'bench');

    // Limit: raw COPY of the same rows into a table shaped and indexed like raw_postings.
    await direct.unsafe(`create table copy_limit (like raw_postings including defaults including indexes)`);
    let peak = process.memoryUsage().rss;
    const t0 = performance.now();
    const sink = (await direct
      .unsafe(`copy copy_limit (source_id, source_key, url, content_hash, posting, payload, run_id, code_version) from stdin`)
      .writable()) as Writable;
    await pump(
      Readable.from(
        (function* () {
          for (let i = 0; i < postings.length; i++) {
            const l = lines[i];
            yield [
              'bench', l.key, postings[i].url, l.hash, l.json, l.json, runId, 'bench',
            ].map((v) => copyEscape(v as string | number)).join('\t') + '\n';
          }
        })(),
      ),
      sink,
    );
    const copySec = (performance.now() - t0) / 1000;
    const [{ c }] = await direct<{ c: number }[]>`select count(*)::int as c from copy_limit`;
    if (c !== n) throw new Error(`COPY stored ${c} of ${n} rows`);
    peak = Math.max(peak, process.memoryUsage().rss);

    // Measured: the pipeline's ingestion path, one posting at a time as the workers do it.
    const t1 = performance.now();
    const seenAt = new Date('2026-11-01T00:00:00Z');
    for (let i = 0; i < postings.length; i++) {
      const p = postings[i];
      const l = lines[i];
      const r = await crawlRepo.insertRawPosting(dbh.db, {
        sourceId: 'bench', sourceKey: l.key, url: p.url, contentHash: l.hash, posting: p, payload: l.json, runId,
      });
      const norm = normalizePosting(p, { now: seenAt });
      await vacRepo.upsertVacancy(dbh.db, {
        sourceId: 'bench', sourceKey: l.key, externalId: p.externalId ?? null, url: p.url, rawPostingId: r.rawPostingId,
        contentHash: l.hash, seenAt, n: norm,
      });
      if (i % 500 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    const ingestSec = (performance.now() - t1) / 1000;
    const [{ v }] = await direct<{ v: number }[]>`select count(*)::int as v from raw_postings`;
    if (v !== n) throw new Error(`ingestion stored ${v} of ${n} raw postings`);
    const copyRate = n / copySec;
    const ingestRate = n / ingestSec;
    opts.log(`ingest ${n}: ${ingestRate.toFixed(0)} rows/s vs COPY ${copyRate.toFixed(0)} rows/s`);
    return [
      { name: `raw COPY (${n} rows)`, value: copyRate, unit: 'rows/s', note: 'limit: COPY FROM STDIN into an identically indexed raw_postings table' },
      {
        name: `ingestion: raw store + normalize + vacancy upsert (${n} rows)`,
        value: ingestRate,
        unit: 'rows/s',
        limit: copyRate,
        limitName: 'raw COPY',
        ratio: ingestRate / copyRate,
        peakRssMb: peak / 2 ** 20,
        note: 'one posting at a time, as the crawl/normalize handlers do',
      },
    ];
  } finally {
    await direct.end();
    await dbh.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
