/**
 * The analyst queries with user input resolved (region names, function/skill ids or labels, periods): one
 * implementation shared by the CLI (`vacatures trends|tightness|emerging|…`) and the HTTP API, so both give the
 * same answers. Parameters arrive as strings (from argv or a query string); bad input throws QueryError.
 */
import type { Db } from '../db/client';
import {
  labelOf,
  parsePeriod,
  REGION_LEVELS,
  resolveConcept,
  resolveRegion,
  knownRegions,
  type RegionLevel,
  type TaxonomyLike,
} from '../analytics/lookup';
import * as repo from '../repositories/analytics.repo';

export class QueryError extends Error {
  readonly status = 400;
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

export interface QueryContext {
  db: Db;
  taxonomy: TaxonomyLike;
}

type Params = Record<string, string | undefined>;

const bad = (e: unknown): never => {
  throw e instanceof QueryError ? e : new QueryError((e as Error).message);
};

function str(p: Params, k: string): string | undefined {
  const v = p[k];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function level(p: Params): RegionLevel | undefined {
  const l = str(p, 'level');
  if (l === undefined) return undefined;
  if (!(REGION_LEVELS as readonly string[]).includes(l)) throw new QueryError(`level must be one of ${REGION_LEVELS.join(', ')}, got "${l}"`);
  return l as RegionLevel;
}

/** Region filter: an explicit region fixes the level; without one, every region of `level` (default `def`). */
function regionOf(p: Params, def: RegionLevel): { level: RegionLevel; region?: string } {
  const r = str(p, 'region');
  const l = level(p);
  if (r === undefined) return { level: l ?? def };
  try {
    const ref = resolveRegion(r, l);
    return ref.level === 'all' ? { level: 'all', region: '*' } : { level: ref.level, region: ref.region };
  } catch (e) {
    return bad(e);
  }
}

function functionOf(ctx: QueryContext, p: Params): string | undefined {
  const f = str(p, 'function');
  if (f === undefined) return undefined;
  if (f === '*' || f === 'all') return '*';
  if (f === 'onbekend') return 'onbekend';
  try {
    return resolveConcept(ctx.taxonomy, f, 'function').id;
  } catch (e) {
    return bad(e);
  }
}

function period(p: Params, k: string): string | undefined {
  const v = str(p, k);
  if (v === undefined) return undefined;
  try {
    return parsePeriod(v);
  } catch (e) {
    return bad(e);
  }
}

function periodType(p: Params): repo.PeriodType {
  const b = str(p, 'by') ?? 'month';
  if (b !== 'month' && b !== 'week') throw new QueryError(`by must be month or week, got "${b}"`);
  return b;
}

function intParam(p: Params, k: string, def: number, min = 0): number {
  const v = str(p, k);
  if (v === undefined) return def;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new QueryError(`${k} must be a whole number ≥ ${min}, got "${v}"`);
  return Number(v);
}

async function taxonomyVersion(ctx: QueryContext): Promise<string> {
  return (await repo.currentTaxonomyVersion(ctx.db)) ?? ctx.taxonomy.version;
}

// ─── the queries ─────────────────────────────────────────────────────────────────────────────────

export interface TrendsResult {
  skill: { id: string; label: string };
  periodType: repo.PeriodType;
  level: RegionLevel;
  region: string | null;
  functionId: string | null;
  rows: repo.TrendRow[];
}

/** Share of new vacancies asking for a skill per period (× region; optionally within one function). */
export async function trends(ctx: QueryContext, p: Params): Promise<TrendsResult> {
  const s = str(p, 'skill');
  if (!s) throw new QueryError('skill is required');
  let skill;
  try {
    skill = resolveConcept(ctx.taxonomy, s, 'skill');
  } catch (e) {
    return bad(e);
  }
  const pt = periodType(p);
  const reg = regionOf(p, 'all');
  const fn = functionOf(ctx, p);
  const q = { skillId: skill.id, periodType: pt, level: reg.level, region: reg.level === 'all' ? '*' : reg.region, from: period(p, 'from'), to: period(p, 'to') };
  const rows =
    fn && fn !== '*'
      ? await repo.skillTrendForFunction(ctx.db, { ...q, functionId: fn, taxonomyVersion: await taxonomyVersion(ctx) })
      : await repo.skillTrend(ctx.db, q);
  return { skill: { id: skill.id, label: skill.prefLabel }, periodType: pt, level: reg.level, region: q.region ?? null, functionId: fn ?? null, rows };
}

export interface TightnessOut {
  asOf: string | null;
  level: RegionLevel;
  rows: (repo.TightnessResult & { functionLabel: string })[];
}

/** UWV ratio + band and Kaplan–Meier open duration per function × region (default level: provincie). */
export async function tightness(ctx: QueryContext, p: Params): Promise<TightnessOut> {
  const reg = regionOf(p, 'provincie');
  const fn = functionOf(ctx, p);
  const r = await repo.queryTightness(ctx.db, {
    level: reg.level,
    region: reg.region,
    functionId: fn,
    asOf: period(p, 'asOf') ?? period(p, 'as-of'),
    horizonDays: intParam(p, 'horizon', 60, 1),
  });
  return { asOf: r.asOf, level: reg.level, rows: r.rows.map((x) => ({ ...x, functionLabel: labelOf(ctx.taxonomy, x.functionId) })) };
}

/** Open vacancies per 1,000 employees per branch × region (default level: all). */
export async function vacancyRate(ctx: QueryContext, p: Params): Promise<{ rows: repo.VacancyRateResult[] }> {
  const reg = regionOf(p, 'all');
  return { rows: await repo.queryVacancyRate(ctx.db, { level: reg.level, region: reg.region, asOf: period(p, 'asOf') }) };
}

/** Emerging skills in [since, until) against the equally long period before (weighted log-odds or z-test). */
export async function emerging(ctx: QueryContext, p: Params): Promise<repo.EmergingResult & { taxonomyVersion: string }> {
  const reg = regionOf(p, 'all');
  const fn = functionOf(ctx, p);
  const method = str(p, 'method') ?? 'logodds';
  if (method !== 'logodds' && method !== 'ztest') throw new QueryError(`method must be logodds or ztest, got "${method}"`);
  const tv = await taxonomyVersion(ctx);
  let r;
  try {
    r = await repo.queryEmerging(ctx.db, {
      taxonomyVersion: tv,
      since: period(p, 'since'),
      until: period(p, 'until'),
      referenceSince: period(p, 'referenceSince'),
      referenceUntil: period(p, 'referenceUntil'),
      level: reg.level,
      region: reg.level === 'all' ? undefined : reg.region,
      functionId: fn === '*' ? undefined : fn,
      minSupport: intParam(p, 'minSupport', 5, 1),
      method,
    });
  } catch (e) {
    if (e instanceof RangeError) bad(e);
    throw e;
  }
  const empty: repo.EmergingResult = { method, recent: { from: '', to: '', vacancies: 0 }, reference: { from: '', to: '', vacancies: 0 }, minSupport: 0, rows: [] };
  const out = r ?? empty;
  const limit = intParam(p, 'limit', 0);
  return { ...out, rows: limit > 0 ? out.rows.slice(0, limit) : out.rows, taxonomyVersion: tv };
}

/** The aggregate series (new, open stock, closed, median open days, repost rate, posting intensity). */
export async function series(ctx: QueryContext, p: Params): Promise<{ rows: repo.SeriesRow[] }> {
  const reg = regionOf(p, 'all');
  const fn = functionOf(ctx, p);
  return {
    rows: await repo.vacancySeries(ctx.db, {
      periodType: periodType(p),
      level: reg.level,
      region: reg.level === 'all' ? '*' : reg.region,
      branch: str(p, 'branch') ?? '*',
      functionId: fn ?? '*',
      from: period(p, 'from'),
      to: period(p, 'to'),
    }),
  };
}

export async function sources(ctx: QueryContext): Promise<{ rows: repo.SourceHealthRow[] }> {
  return { rows: await repo.sourceHealth(ctx.db) };
}

/** What the dashboard needs for its filters: regions, functions and skills present in the data, dates. */
export async function meta(ctx: QueryContext) {
  const tv = await taxonomyVersion(ctx);
  const [fns, skills, regions, obs, range] = await Promise.all([
    repo.functionCounts(ctx.db),
    repo.skillCounts(ctx.db, tv),
    repo.regionCounts(ctx.db),
    repo.observationDate(ctx.db),
    repo.openedRange(ctx.db),
  ]);
  return {
    taxonomyVersion: tv,
    observationDate: obs,
    openedRange: range,
    knownRegions: knownRegions(),
    regions,
    functions: fns.map((f) => ({ ...f, label: labelOf(ctx.taxonomy, f.id) })),
    skills: skills.map((s) => ({ ...s, label: labelOf(ctx.taxonomy, s.id) || s.label })),
  };
}
