/**
 * Analytics on the real Postgres: the aggregate stage (rebuildSeries) against an independent computation over the
 * seeded clusters, then tightness, skill trends, emerging skills, imports, BI views and exports on the same data.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetReadObjects } from 'hyparquet';
import { rows, sql } from '../../src/db/client';
import { rebuildSeries } from '../../src/repositories/series.repo';
import { ensureViews } from '../../src/repositories/analytics.repo';
import { loadTaxonomies } from '../../src/domain/extract';
import { bandOf, durationSummary } from '../../src/analytics';
import * as queries from '../../src/api/queries';
import { importEmployment, importJobSeekers, ImportError } from '../../src/services/imports';
import { exportAll } from '../../src/services/export';
import { freshPostgres, type TestDb } from '../helpers/db';
import { PERSONAL, seedAnalytics, type SeedCluster, type SeedResult } from '../fixtures/analytics/seed';

let t: TestDb;
let seed: SeedResult;
const tax = loadTaxonomies();
const FIX = path.resolve(__dirname, '../fixtures/analytics');

beforeAll(async () => {
  t = await freshPostgres();
  seed = await seedAnalytics(t.handle.db);
  const versions = { code: 'test', taxonomy: seed.taxonomyVersion };
  await rebuildSeries(t.handle.db, 'month', versions);
  await rebuildSeries(t.handle.db, 'week', versions);
});
afterAll(async () => {
  await t?.drop();
});

// ─── independent reference computation of the series ─────────────────────────────────────────────

const monthOf = (d: string) => `${d.slice(0, 7)}-01`;
function weekOf(d: string): string {
  const x = new Date(d + 'T00:00:00Z');
  return new Date(x.getTime() - ((x.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
}
const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
function nextPeriod(p: string, type: 'month' | 'week'): string {
  const d = new Date(p + 'T00:00:00Z');
  if (type === 'week') return new Date(d.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}
function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Expected {
  newVacancies: number;
  openStock: number;
  closed: number;
  medianOpenDays: number | null;
  repostRate: number | null;
  postingIntensity: number | null;
}

function expectedSeries(clusters: SeedCluster[], type: 'month' | 'week'): Map<string, Expected> {
  const per = type === 'month' ? monthOf : weekOf;
  const lastPs = per(clusters.reduce((m, c) => (c.lastSeen > m ? c.lastSeen : m), ''));
  const groups = new Map<string, SeedCluster[]>();
  for (const c of clusters) {
    for (const [level, region] of [['all', '*'], ['provincie', c.provincie], ['arbeidsmarktregio', c.arbeidsmarktregio]])
      for (const b of ['*', c.branch])
        for (const f of ['*', c.functionId ?? 'onbekend']) {
          const k = `${level}|${region}|${b}|${f}`;
          (groups.get(k) ?? groups.set(k, []).get(k)!).push(c);
        }
  }
  const out = new Map<string, Expected>();
  for (const [k, cs] of groups) {
    let ps = cs.map((c) => per(c.openedOn)).sort()[0];
    let stock = 0;
    for (; ps <= lastPs; ps = nextPeriod(ps, type)) {
      const opened = cs.filter((c) => per(c.openedOn) === ps);
      const closed = cs.filter((c) => c.closedOn && per(c.closedOn) === ps);
      stock += opened.length - closed.length;
      if (!opened.length && !closed.length && stock <= 0) continue;
      out.set(`${ps}|${k}`, {
        newVacancies: opened.length,
        openStock: stock,
        closed: closed.length,
        medianOpenDays: median(closed.map((c) => days(c.openedOn, c.closedOn!))),
        repostRate: opened.length ? opened.filter((c) => c.repostCount > 0).length / opened.length : null,
        postingIntensity: opened.length ? opened.reduce((a, c) => a + c.memberCount, 0) / opened.length : null,
      });
    }
  }
  return out;
}

describe('aggregate stage (rebuildSeries) on real Postgres', () => {
  for (const type of ['month', 'week'] as const) {
    it(`writes the expected ${type}ly vacancy series for every region level × branch × function`, async () => {
      const got = await rows<Record<string, unknown>>(
        t.handle.db,
        sql`select period_start::text as ps, region_level, region, branch, function_id, new_vacancies, open_stock, closed,
                   median_open_days, repost_rate, posting_intensity from series_vacancies where period_type = ${type}`,
      );
      const exp = expectedSeries(seed.clusters, type);
      expect(got.length).toBe(exp.size);
      let checked = 0;
      for (const g of got) {
        const e = exp.get(`${g.ps}|${g.region_level}|${g.region}|${g.branch}|${g.function_id}`);
        expect(e, `unexpected row ${g.ps} ${g.region_level} ${g.region} ${g.branch} ${g.function_id}`).toBeDefined();
        expect(Number(g.new_vacancies)).toBe(e!.newVacancies);
        expect(Number(g.open_stock)).toBe(e!.openStock);
        expect(Number(g.closed)).toBe(e!.closed);
        for (const [col, v] of [['median_open_days', e!.medianOpenDays], ['repost_rate', e!.repostRate], ['posting_intensity', e!.postingIntensity]] as const) {
          if (v === null) expect(g[col]).toBeNull();
          else expect(Number(g[col])).toBeCloseTo(v, 9);
        }
        checked++;
      }
      expect(checked).toBeGreaterThan(100);
    });
  }

  it('adds up: new vacancies over all months = clusters; last open stock = clusters still open', async () => {
    const [r] = await rows<{ n: number; stock: number }>(
      t.handle.db,
      sql`select (select sum(new_vacancies) from series_vacancies where period_type = 'month' and region_level = 'all' and branch = '*' and function_id = '*')::int as n,
                 (select open_stock from series_vacancies where period_type = 'month' and region_level = 'all' and branch = '*' and function_id = '*'
                  order by period_start desc limit 1)::int as stock`,
    );
    expect(r.n).toBe(seed.clusters.length);
    expect(r.stock).toBe(seed.clusters.filter((c) => !c.closedOn).length);
  });

  it('writes skill shares per period × region (vacancies with the skill ÷ new vacancies)', async () => {
    const got = await rows<{ ps: string; region: string; skill: string; n: number; total: number; share: number }>(
      t.handle.db,
      sql`select period_start::text as ps, region, skill_id as skill, vacancies_with_skill as n, vacancies_total as total, share
          from series_skills where period_type = 'month' and region_level = 'provincie'`,
    );
    expect(got.length).toBeGreaterThan(50);
    for (const g of got) {
      const opened = seed.clusters.filter((c) => monthOf(c.openedOn) === g.ps && c.provincie === g.region);
      const withSkill = opened.filter((c) => c.skills.includes(g.skill));
      expect(g.total).toBe(opened.length);
      expect(g.n).toBe(withSkill.length);
      expect(Number(g.share)).toBeCloseTo(withSkill.length / opened.length, 12);
    }
  });
});

describe('queries', () => {
  const ctx = () => ({ db: t.handle.db, taxonomy: tax });

  it('skill trend equals the share computed from the clusters, with and without a function filter', async () => {
    const r = await queries.trends(ctx(), { skill: 'wondzorg', region: 'Friesland' });
    expect(r.skill.id).toBe('skill:wondzorg');
    expect(r.level).toBe('provincie');
    expect(r.rows.length).toBe(12);
    for (const x of r.rows) {
      const opened = seed.clusters.filter((c) => monthOf(c.openedOn) === x.periodStart && c.provincie === 'Fryslân');
      expect(x.vacanciesTotal).toBe(opened.length);
      expect(x.share).toBeCloseTo(opened.filter((c) => c.skills.includes('skill:wondzorg')).length / opened.length, 12);
    }
    const f = await queries.trends(ctx(), { skill: 'wondzorg', region: 'Fryslân', function: 'verzorgende-ig', by: 'month' });
    expect(f.functionId).toBe('fn:verzorgende-ig');
    for (const x of f.rows) {
      const opened = seed.clusters.filter((c) => monthOf(c.openedOn) === x.periodStart && c.provincie === 'Fryslân' && c.functionId === 'fn:verzorgende-ig');
      expect(x.vacanciesTotal).toBe(opened.length);
      expect(x.vacanciesWithSkill).toBe(opened.filter((c) => c.skills.includes('skill:wondzorg')).length);
    }
    await expect(queries.trends(ctx(), { skill: 'wondzorg', region: 'Atlantis' })).rejects.toThrow(/unknown region/);
    await expect(queries.trends(ctx(), { skill: 'no-such-skill-xyz' })).rejects.toBeInstanceOf(queries.QueryError);
  });

  it('imports job seekers and employment (and rejects a bad file as a whole)', async () => {
    const js = await importJobSeekers(t.handle.db, path.join(FIX, 'job-seekers.example.csv'), { taxonomy: tax });
    expect(js.rows).toBe(4);
    const emp = await importEmployment(t.handle.db, path.join(FIX, 'employment-noord-2025q1.example.csv'));
    expect(emp.rows).toBe(2);
    const [e] = await rows<{ total: number; vvt: number }>(
      t.handle.db,
      sql`select (select employees from employment where branch = '*')::int as total, (select employees from employment where branch = 'vvt')::int as vvt`,
    );
    expect(e).toEqual({ total: 171_800, vvt: 56_500 });
    const bad = path.join(mkdtempSync(path.join(os.tmpdir(), 'imp-')), 'bad.csv');
    writeFileSync(bad, 'period_start,region_level,region,function_id,count\n2025-01,provincie,Groningen,verzorgende-ig,10\n2025-13,provincie,Atlantis,verzorgende-ig,-1\n');
    const err = await importJobSeekers(t.handle.db, bad, { taxonomy: tax }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).problems.map((p) => p.line)).toEqual([3]);
    const [n] = await rows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from job_seekers`);
    expect(n.n).toBe(4);
  });

  it('tightness: open stock ÷ imported job seekers in UWV bands, and the Kaplan–Meier open duration', async () => {
    const r = await queries.tightness(ctx(), { function: 'verzorgende-ig' });
    expect(r.asOf).toBe(seed.observationDate);
    const asOf = seed.observationDate;
    for (const prov of ['Fryslân', 'Groningen', 'Drenthe']) {
      const row = r.rows.find((x) => x.region === prov)!;
      expect(row, prov).toBeDefined();
      const cs = seed.clusters.filter((c) => c.functionId === 'fn:verzorgende-ig' && c.provincie === prov);
      // open stock at the end of the newest month = opened and not closed by then
      expect(row.openStock).toBe(cs.filter((c) => !c.closedOn || c.closedOn > asOf).length);
      const seekers = { Fryslân: 120, Groningen: 80, Drenthe: 0 }[prov]!;
      expect(row.jobSeekers).toBe(seekers);
      if (seekers > 0) {
        expect(row.ratio).toBeCloseTo(row.openStock / seekers, 12);
        expect(row.band).toBe(bandOf(row.openStock / seekers));
      } else {
        expect(row.status).toBe('no_job_seekers');
        expect(row.band).toBe('zeer krap');
      }
      const km = durationSummary(cs.map((c) => ({ time: days(c.openedOn, c.closedOn ?? asOf), event: !!c.closedOn })));
      expect(row.vacancies).toBe(cs.length);
      expect(row.closed).toBe(cs.filter((c) => c.closedOn).length);
      expect(row.medianOpenDays).toBe(km.medianDays);
      expect(row.medianLower).toBe(km.medianLower);
    }
    // Fryslân's verzorgende-ig vacancies were generated to stay open longer than elsewhere.
    const fr = r.rows.find((x) => x.region === 'Fryslân')!;
    const gr = r.rows.find((x) => x.region === 'Groningen')!;
    expect(fr.medianOpenDays ?? Infinity).toBeGreaterThan(gr.medianOpenDays ?? 0);
    const noSeekers = await queries.tightness(ctx(), { function: 'helpende' });
    expect(noSeekers.rows.every((x) => x.status === 'missing_job_seekers' && x.band === null)).toBe(true);
  });

  it('vacancies per 1,000 employees per branch uses the imported employment', async () => {
    const r = await queries.vacancyRate(ctx(), {});
    const all = r.rows.find((x) => x.branch === '*')!;
    const vvt = r.rows.find((x) => x.branch === 'vvt')!;
    const open = (f: (c: SeedCluster) => boolean) => seed.clusters.filter((c) => f(c) && !c.closedOn).length;
    expect(all.openStock).toBe(open(() => true));
    expect(all.employees).toBe(171_800);
    expect(all.per1000).toBeCloseTo((all.openStock / 171_800) * 1000, 12);
    expect(vvt.openStock).toBe(open((c) => c.branch === 'vvt'));
    expect(vvt.per1000).toBeCloseTo((vvt.openStock / 56_500) * 1000, 12);
    expect(r.rows.find((x) => x.branch === 'ggz')?.per1000 ?? null).toBeNull();
  });

  it('emerging skills: the jump ranks first, a brand-new skill is flagged, minimum support is applied', async () => {
    const r = await queries.emerging(ctx(), { since: '2025-04', until: '2025-07', minSupport: '5' });
    expect(r.recent).toMatchObject({ from: '2025-04-01', to: '2025-07-01' });
    expect(r.reference).toMatchObject({ from: '2025-01-01', to: '2025-04-01' });
    expect(r.recent.vacancies).toBe(seed.clusters.filter((c) => c.openedOn >= '2025-04-01').length);
    const ids = r.rows.map((x) => x.skillId);
    expect(ids.slice(0, 2).sort()).toEqual(['skill:ecg', 'skill:palliatieve-zorg']);
    const ecg = r.rows.find((x) => x.skillId === 'skill:ecg')!;
    expect(ecg.isNew).toBe(true);
    expect(ecg.reference).toBe(0);
    expect(ecg.z).toBeGreaterThan(1.96);
    const wond = r.rows.find((x) => x.skillId === 'skill:wondzorg')!;
    expect(wond.isNew).toBe(false);
    expect(Math.abs(wond.z)).toBeLessThan(ecg.z);
    expect(r.rows.every((x) => x.recent >= 5)).toBe(true);
    const strict = await queries.emerging(ctx(), { since: '2025-04', until: '2025-07', minSupport: '1000' });
    expect(strict.rows).toEqual([]);
    const z = await queries.emerging(ctx(), { since: '2025-04', until: '2025-07', method: 'ztest' });
    const pz = z.rows.find((x) => x.skillId === 'skill:palliatieve-zorg')!;
    expect('q' in pz && pz.q).toBeLessThan(0.001);
  });

  it('BI views answer the same figures', async () => {
    await ensureViews(t.handle.db);
    await ensureViews(t.handle.db); // idempotent
    const [v] = await rows<{ n: number; with_skills: number }>(
      t.handle.db,
      sql`select count(*)::int as n, count(*) filter (where cardinality(skill_ids) > 0)::int as with_skills from v_vacancies`,
    );
    expect(v.n).toBe(seed.clusters.length);
    expect(v.with_skills).toBe(seed.clusters.filter((c) => c.skills.length).length);
    const tq = await queries.tightness(ctx(), { function: 'verzorgende-ig', region: 'Fryslân' });
    const [vt] = await rows<{ open_stock: number; job_seekers: number; band: string }>(
      t.handle.db,
      sql`select open_stock, job_seekers, band from v_tightness where period_type = 'month' and region_level = 'provincie'
          and region = 'Fryslân' and function_id = 'fn:verzorgende-ig' order by period_start desc limit 1`,
    );
    expect(vt).toEqual({ open_stock: tq.rows[0].openStock, job_seekers: 120, band: tq.rows[0].band });
    const [vr] = await rows<{ per: number }>(
      t.handle.db,
      sql`select open_per_1000_employees::float as per from v_vacancy_rate where period_type = 'month' and region_level = 'all' and branch = 'vvt' order by period_start desc limit 1`,
    );
    const rate = await queries.vacancyRate(ctx(), {});
    expect(vr.per).toBeCloseTo(rate.rows.find((x) => x.branch === 'vvt')!.per1000!, 9);
  });
});

describe('exports', () => {
  it('writes CSV, Parquet and JSON-LD with a manifest, without personal data', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'export-'));
    const m = await exportAll(t.handle.db, {
      outDir: out, formats: ['csv', 'parquet', 'jsonld'], taxonomy: tax, taxonomyVersion: seed.taxonomyVersion,
      since: '2025-01-01', includeDescription: true, batchSize: 50,
    });
    const expected = seed.clusters.filter((c) => c.openedOn >= '2025-01-01' || !c.closedOn || c.closedOn >= '2025-01-01');
    expect(m.rows).toBe(expected.length);
    expect(m.files.map((f) => f.name).sort()).toEqual(['vacancies.csv', 'vacancies.jsonld', 'vacancies.parquet']);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.versions.taxonomy).toBe(seed.taxonomyVersion);
    expect(manifest.period.since).toBe('2025-01-01');
    for (const f of manifest.files) {
      const buf = readFileSync(path.join(out, f.name));
      expect(f.sha256).toBe(createHash('sha256').update(buf).digest('hex'));
      expect(f.bytes).toBe(buf.length);
      expect(f.rows).toBe(expected.length);
    }

    const csv = readFileSync(path.join(out, 'vacancies.csv'), 'utf8');
    expect(csv.trim().split('\n').length).toBe(expected.length + 1);
    const pq = await parquetReadObjects({ file: new Uint8Array(readFileSync(path.join(out, 'vacancies.parquet'))).buffer });
    expect(pq.length).toBe(expected.length);
    const c0 = expected[0];
    const p0 = pq.find((r) => r.vacancy_id === c0.id)!;
    expect(p0.skill_ids).toEqual(c0.skills);
    expect(p0.function_id).toBe(c0.functionId);
    expect(p0.provincie).toBe(c0.provincie);

    const doc = JSON.parse(readFileSync(path.join(out, 'vacancies.jsonld'), 'utf8'));
    expect(doc['@context']['@vocab']).toBe('https://schema.org/');
    expect(doc['@graph'].length).toBe(expected.length);
    const withFn = expected.find((c) => c.functionId === 'fn:verzorgende-ig' && c.skills.includes('skill:wondzorg'))!;
    const jp = doc['@graph'].find((g: { '@id': string }) => g['@id'].endsWith(`:${withFn.id}`));
    expect(jp['@type']).toBe('JobPosting');
    expect(jp.occupationalCategory['@id']).toBe(tax.functionById.get('fn:verzorgende-ig')!.esco);
    expect(jp.occupationalCategory['@id']).toMatch(/^http:\/\/data\.europa\.eu\/esco\/occupation\//);
    const wond = jp.skills.find((s: { termCode: string }) => s.termCode === 'skill:wondzorg');
    expect(wond['@id']).toBe(tax.skillById.get('skill:wondzorg')!.esco);
    expect(wond['@id']).toMatch(/^http:\/\/data\.europa\.eu\/esco\/skill\//);

    // No personal data anywhere, although every stored description and URL carries some.
    for (const f of ['vacancies.csv', 'vacancies.jsonld', 'vacancies.parquet', 'manifest.json']) {
      const text = readFileSync(path.join(out, f)).toString('latin1');
      expect(text, f).not.toContain(PERSONAL.name);
      expect(text, f).not.toContain('Petra');
      expect(text, f).not.toContain(PERSONAL.email);
      expect(text, f).not.toContain('zorgnoord.nl');
      expect(text, f).not.toContain(PERSONAL.phone);
      expect(text.replace(/\D/g, ' '), f).not.toContain(PERSONAL.phoneDigits);
    }
    // The description itself is kept (stripped), proving the scrubber ran on real text.
    expect(pq[0].description).toMatch(/\[contact\].*\[e-mail\].*\[telefoon\]/);
  });

  it('exports only the requested format and period', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'export-'));
    const m = await exportAll(t.handle.db, { outDir: out, formats: ['csv'], taxonomy: tax, taxonomyVersion: seed.taxonomyVersion, until: '2024-09-01' });
    expect(m.files.map((f) => f.name)).toEqual(['vacancies.csv']);
    expect(m.rows).toBe(seed.clusters.filter((c) => c.openedOn < '2024-09-01').length);
    const head = readFileSync(path.join(out, 'vacancies.csv'), 'utf8').split('\n')[0];
    expect(head.split(',')).not.toContain('contact');
    expect(readFileSync(path.join(out, 'vacancies.csv'), 'utf8')).not.toContain('Neem contact');
  });
});
