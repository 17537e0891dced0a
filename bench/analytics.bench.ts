/**
 * Analytics benchmark on the real Postgres: N generated real vacancies (clusters, canonical postings, function and
 * skill matches; full 1,000,000, quick 20,000), then
 *   - the aggregate stage: rebuildSeries for months and weeks (the lead's series.repo), and
 *   - each query behind the CLI (`trends skill`, with and without --function, `tightness`, `vacancy-rate`,
 *     `emerging`, `export --format csv`), through the same functions the CLI and API call.
 * Limits measured in the same run on the same rows: `COPY (select * from vacancy_clusters) TO STDOUT` (reading every
 * cluster once) for the aggregate and the export, and `select count(*) from vacancy_clusters` (a plain scan) for the
 * queries. Ratio = seconds ÷ limit seconds (how many plain passes over the data the step costs).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline as pump } from 'node:stream/promises';
import postgres from 'postgres';
import type { BenchRow } from './types';
import { openDb } from '../src/db/client';
import { geoData } from '../src/domain/normalize/reference';
import { loadTaxonomies } from '../src/domain/extract';
import { rebuildSeries } from '../src/repositories/series.repo';
import { upsertEmployment, upsertJobSeekers } from '../src/repositories/analytics.repo';
import * as queries from '../src/api/queries';
import { exportAll } from '../src/services/export';

const PG = process.env.TEST_PG_URL ?? process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function time<T>(f: () => Promise<T>): Promise<{ sec: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { sec: (performance.now() - t0) / 1000, value };
}

export async function run(opts: { quick: boolean; log: (m: string) => void }): Promise<BenchRow[]> {
  const n = opts.quick ? 20_000 : 1_000_000;
  const name = `bench_an_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(PG, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = PG.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const dbh = await openDb({ databaseUrl: url, max: 4 });
  const direct = postgres(url, { max: 1, onnotice: () => {} });
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'bench-export-'));
  const tax = loadTaxonomies();
  const tv = tax.version;
  const db = dbh.db;
  let peak = process.memoryUsage().rss;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  try {
    // ─── generate the data in SQL (deterministic pseudo-random from hashes) ───────────────────────
    const gem = [...geoData().gemeenten.values()].filter((g) => ['Groningen', 'Fryslân', 'Drenthe'].includes(g.provincie));
    const fns = ['fn:verzorgende-ig', 'fn:verpleegkundige', 'fn:helpende', 'fn:begeleider-gehandicaptenzorg', 'fn:wijkverpleegkundige', 'fn:zorgassistent'];
    const branch = ['vvt', 'ziekenhuizen', 'vvt', 'gehandicaptenzorg', 'vvt', 'vvt'];
    const skills = tax.skills.filter((s) => s.type === 'skill').slice(0, 30).map((s) => s.id);
    const tg = await time(async () => {
      await direct.unsafe(`create temp table g as select * from (values ${gem.map((g, i) => `(${i}, '${g.code}', '${g.name.replace(/'/g, "''")}', '${g.provincie}', '${g.arbeidsmarktregio.replace(/'/g, "''")}')`).join(',')}) x(i, code, name, prov, amr)`);
      await direct.unsafe(`create temp table f as select * from (values ${fns.map((f, i) => `(${i}, '${f}', '${branch[i]}')`).join(',')}) x(i, id, branch)`);
      await direct.unsafe(`create temp table s as select * from (values ${skills.map((s, i) => `(${i}, '${s}')`).join(',')}) x(i, id)`);
      // h(i, k): a deterministic pseudo-random number in [0, 1) per row and purpose.
      await direct.unsafe(`create or replace function pg_temp.h(i bigint, k int) returns float language sql immutable as
        $$ select ((hashint8(i * 1000 + k)::bigint & 2147483647) % 1000000) / 1000000.0 $$`);
      await direct.unsafe(`create temp table c as
        select i as id, 5000000 + i as vid,
               date '2023-01-01' + (pg_temp.h(i, 1) * 900)::int as opened_on,
               (5 + (-ln(1 - pg_temp.h(i, 2) * 0.999) * 40))::int as dur,
               (pg_temp.h(i, 3) * ${gem.length})::int % ${gem.length} as gi,
               case when pg_temp.h(i, 4) < 0.9 then (pg_temp.h(i, 5) * ${fns.length})::int % ${fns.length} end as fi,
               1 + (pg_temp.h(i, 6) * 3)::int as members, (pg_temp.h(i, 7) < 0.1)::int as reposts
        from generate_series(1, ${n}) i`);
      await direct.unsafe(`insert into vacancies (id, source_id, source_key, url, raw_posting_id, content_hash, title, title_normalized, description,
          employer_name, gemeente_code, gemeente, provincie, arbeidsmarktregio, hours_min, hours_max, branch, language, date_posted,
          first_seen, last_seen, closed_at, cluster_id, normalize_version)
        select c.vid, 'bench', 'k' || c.id, 'https://bench.example/v/' || c.id, c.vid, md5(c.id::text), coalesce(f.id, 'medewerker') || ' ' || c.id,
               coalesce(f.id, 'medewerker'), 'Vacature ' || c.id, 'Zorggroep ' || (c.id % 50), g.code, g.name, g.prov, g.amr,
               24, 32, coalesce(f.branch, 'overig'), 'nl', c.opened_on, c.opened_on + time '08:00', least(c.opened_on + c.dur, date '2025-06-30') + time '08:00',
               case when c.opened_on + c.dur <= date '2025-06-30' then c.opened_on + c.dur + time '12:00' end, c.id, 'bench'
        from c join g on g.i = c.gi left join f on f.i = c.fi`);
      await direct.unsafe(`insert into vacancy_clusters (id, canonical_vacancy_id, title, employer, gemeente_code, gemeente, provincie, arbeidsmarktregio,
          branch, function_id, opened_on, first_seen, last_seen, closed_at, member_count, source_count, repost_count, dedup_version)
        select c.id, c.vid, coalesce(f.id, 'medewerker') || ' ' || c.id, 'Zorggroep ' || (c.id % 50), g.code, g.name, g.prov, g.amr,
               coalesce(f.branch, 'overig'), f.id, c.opened_on, c.opened_on + time '08:00', least(c.opened_on + c.dur, date '2025-06-30') + time '08:00',
               case when c.opened_on + c.dur <= date '2025-06-30' then c.opened_on + c.dur + time '12:00' end, c.members, least(c.members, 2), c.reposts, 'bench'
        from c join g on g.i = c.gi left join f on f.i = c.fi`);
      await direct.unsafe(`insert into function_matches (vacancy_id, taxonomy_version, concept_id, label, method, confidence, code_version)
        select c.vid, '${tv}', f.id, f.id, 'title', 0.9, 'bench' from c join f on f.i = c.fi`);
      // ~3.5 skills per vacancy; skill k has probability 0.25 / (1 + k/6); skill 7 becomes popular from 2025 (emerging).
      await direct.unsafe(`insert into skill_matches (vacancy_id, taxonomy_version, concept_id, label, method, score, span_text, span_start, span_end, code_version)
        select c.vid, '${tv}', s.id, s.id, 'exact', 1, s.id, 0, 1, 'bench' from c cross join s
        where pg_temp.h(c.id * 64 + s.i, 9) < case when s.i = 7 and c.opened_on >= date '2025-01-01' then 0.5 else 0.25 / (1 + s.i / 6.0) end`);
      await direct.unsafe(`analyze`);
    });
    sample();
    const [{ sm }] = await direct<{ sm: number }[]>`select count(*)::int as sm from skill_matches`;
    opts.log(`generated ${n} vacancies, ${sm} skill matches in ${tg.sec.toFixed(1)} s`);
    await upsertJobSeekers(db, ['Groningen', 'Fryslân', 'Drenthe'].map((r) => ({ periodStart: '2025-01-01', regionLevel: 'provincie' as const, region: r, functionId: 'fn:verzorgende-ig', count: 500, source: 'bench' })));
    await upsertEmployment(db, [
      { periodStart: '2025-01-01', regionLevel: 'all', region: '*', branch: '*', employees: 171_800, source: 'bench' },
      { periodStart: '2025-01-01', regionLevel: 'all', region: '*', branch: 'vvt', employees: 56_500, source: 'bench' },
    ]);

    // ─── limits ───────────────────────────────────────────────────────────────────────────────────
    const copy = await time(async () => {
      let bytes = 0;
      const src = await direct.unsafe(`copy (select * from vacancy_clusters) to stdout`).readable();
      await pump(src, new Writable({ write(chunk: Buffer, _e, cb) { bytes += chunk.length; cb(); } }));
      return bytes;
    });
    const count = await time(async () => direct`select count(*)::int as c from vacancy_clusters`);
    if (count.value[0].c !== n) throw new Error(`count(*) = ${count.value[0].c}, expected ${n}`);
    // The scan limit is tiny: take the best of 3 so noise does not make the ratios jump.
    let scanSec = count.sec;
    for (let k = 0; k < 2; k++) scanSec = Math.min(scanSec, (await time(async () => direct`select count(*) from vacancy_clusters`)).sec);
    opts.log(`limits: COPY out ${copy.sec.toFixed(2)} s (${(copy.value / 2 ** 20).toFixed(0)} MB), count(*) ${scanSec.toFixed(3)} s`);

    // ─── measured ─────────────────────────────────────────────────────────────────────────────────
    const out: BenchRow[] = [
      { name: `limit: COPY vacancy_clusters TO STDOUT (${n} rows)`, value: copy.sec, unit: 's' },
      { name: `limit: select count(*) from vacancy_clusters (${n} rows)`, value: scanSec, unit: 's' },
    ];
    const versions = { code: 'bench', taxonomy: tv };
    const agg = await time(async () => {
      const m = await rebuildSeries(db, 'month', versions);
      const w = await rebuildSeries(db, 'week', versions);
      return m.vacancyRows + m.skillRows + w.vacancyRows + w.skillRows;
    });
    sample();
    opts.log(`aggregate (month + week): ${agg.sec.toFixed(2)} s, ${agg.value} series rows`);
    out.push({
      name: `aggregate stage: rebuildSeries month + week (${n} vacancies)`, value: agg.sec, unit: 's', limit: copy.sec,
      limitName: 'COPY of the same clusters', ratio: agg.sec / copy.sec, peakRssMb: peak / 2 ** 20, note: `${agg.value} series rows written`,
    });

    const ctx = { db, taxonomy: tax };
    const cli: [string, () => Promise<unknown>][] = [
      ['trends skill wondzorg --region Fryslân', () => queries.trends(ctx, { skill: 'wondzorg', region: 'Fryslân' })],
      ['trends skill wondzorg --by week --level provincie', () => queries.trends(ctx, { skill: 'wondzorg', by: 'week', level: 'provincie' })],
      ['trends skill wondzorg --function verzorgende-ig', () => queries.trends(ctx, { skill: 'wondzorg', function: 'verzorgende-ig' })],
      ['tightness', () => queries.tightness(ctx, {})],
      ['tightness --function verzorgende-ig --region Fryslân', () => queries.tightness(ctx, { function: 'verzorgende-ig', region: 'Fryslân' })],
      ['vacancy-rate', () => queries.vacancyRate(ctx, {})],
      ['emerging --since 2025-01', () => queries.emerging(ctx, { since: '2025-01' })],
      ['emerging --region Groningen', () => queries.emerging(ctx, { region: 'Groningen' })],
    ];
    for (const [label, f] of cli) {
      const r = await time(f);
      sample();
      opts.log(`${label}: ${r.sec.toFixed(3)} s`);
      out.push({ name: `vacatures ${label}`, value: r.sec, unit: 's', limit: scanSec, limitName: 'count(*) scan', ratio: r.sec / scanSec });
    }
    const ex = await time(() => exportAll(db, { outDir, formats: ['csv'], taxonomy: tax, taxonomyVersion: tv, batchSize: 10_000 }));
    sample();
    if (ex.value.rows !== n) throw new Error(`export wrote ${ex.value.rows} of ${n} rows`);
    opts.log(`export --format csv: ${ex.sec.toFixed(2)} s`);
    out.push({
      name: `vacatures export --format csv (${n} rows)`, value: ex.sec, unit: 's', limit: copy.sec, limitName: 'COPY of the same clusters',
      ratio: ex.sec / copy.sec, peakRssMb: peak / 2 ** 20, note: `${(ex.value.files[0].bytes / 2 ** 20).toFixed(0)} MB, keyset batches of 10,000`,
    });
    return out;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
    await direct.end();
    await dbh.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
