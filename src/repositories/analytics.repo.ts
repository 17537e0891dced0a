/**
 * SQL for what researchers get: skill trends, tightness, emerging-skill counts, source health, the vacancy
 * list for exports, job-seeker / employment imports, and SQL views for BI tools (`ensureViews`).
 *
 * Every value reaches SQL as a bound parameter; the only SQL built from strings are column choices from
 * fixed maps (region level, period type), never user text.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { employment, jobSeekers } from '../db/schema';
import {
  addMonths,
  durationSummary,
  tightnessRatio,
  twoProportionTest,
  vacanciesPer1000,
  weightedLogOdds,
  type DurationObs,
  type EmergingSkill,
  type ProportionTest,
  type RegionLevel,
  type TightnessBand,
  type TightnessStatus,
} from '../analytics';
import { sourceStatus, type SourceStatusRow } from './crawl.repo';

export type PeriodType = 'week' | 'month';

// ─── Views for BI tools ───────────────────────────────────────────────────────────────────────────

/**
 * Views (idempotent, `create or replace`):
 *  - v_vacancies: one row per real vacancy (cluster) with its canonical posting's fields, the function match
 *    of the newest taxonomy version and the skills of that version (ids, labels, ESCO URIs as arrays).
 *  - v_skill_trends: series_skills with the skill's label.
 *  - v_tightness: per period × region × function: open stock, job seekers (latest import ≤ period),
 *    UWV ratio and band, median open days of the vacancies closed in the period.
 *  - v_vacancy_rate: per period × region × branch: open stock, employees (latest import ≤ period), per 1,000.
 */
export const VIEW_DDL: readonly string[] = [
  `create or replace view v_vacancies as
   select c.id as vacancy_id, c.canonical_vacancy_id, c.title, c.employer, c.gemeente_code, c.gemeente, c.provincie,
          c.arbeidsmarktregio, c.branch, c.function_id, fm.label as function_label, fm.isco as function_isco,
          fm.esco_uri as function_esco_uri, fm.taxonomy_version,
          coalesce(sk.skill_ids, '{}') as skill_ids, coalesce(sk.skill_labels, '{}') as skill_labels,
          coalesce(sk.skill_esco_uris, '{}') as skill_esco_uris,
          v.hours_min, v.hours_max, v.salary_min, v.salary_max, v.salary_scale, v.education_level, v.contract_type,
          v.big_required, v.url, c.opened_on, c.closed_at, c.closed_at is null as is_open, c.first_seen, c.last_seen,
          c.member_count, c.source_count, c.repost_count
   from vacancy_clusters c
   left join vacancies v on v.id = c.canonical_vacancy_id
   left join lateral (select f.label, f.isco, f.esco_uri, f.taxonomy_version from function_matches f
                      where f.vacancy_id = c.canonical_vacancy_id order by f.created_at desc limit 1) fm on true
   left join lateral (select array_agg(m.concept_id order by m.concept_id) as skill_ids,
                             array_agg(m.label order by m.concept_id) as skill_labels,
                             array_remove(array_agg(t.esco order by m.concept_id), null) as skill_esco_uris
                      from skill_matches m
                      left join taxonomy_concepts t on t.id = m.concept_id and t.taxonomy_version = m.taxonomy_version
                      where m.vacancy_id = c.canonical_vacancy_id
                        and m.taxonomy_version = coalesce(fm.taxonomy_version,
                              (select m2.taxonomy_version from skill_matches m2 where m2.vacancy_id = c.canonical_vacancy_id
                               order by m2.taxonomy_version desc limit 1))) sk on true`,
  `create or replace view v_skill_trends as
   select s.period_type, s.period_start, s.region_level, s.region, s.skill_id,
          coalesce(t.pref_label, s.skill_id) as skill_label, s.vacancies_with_skill, s.vacancies_total, s.share,
          s.taxonomy_version, s.computed_at
   from series_skills s
   left join taxonomy_concepts t on t.id = s.skill_id and t.taxonomy_version = s.taxonomy_version`,
  `create or replace view v_tightness as
   select s.period_type, s.period_start, s.region_level, s.region, s.function_id,
          coalesce(t.pref_label, s.function_id) as function_label, s.open_stock, s.new_vacancies, s.closed,
          s.median_open_days, js.count as job_seekers, js.period_start as job_seekers_period,
          case when js.count > 0 then s.open_stock::float / js.count end as ratio,
          case when js.count is null then null
               when js.count = 0 then case when s.open_stock > 0 then 'zeer krap' end
               when s.open_stock::float / js.count >= 4 then 'zeer krap'
               when s.open_stock::float / js.count >= 1.5 then 'krap'
               when s.open_stock::float / js.count >= 0.67 then 'gemiddeld'
               when s.open_stock::float / js.count >= 0.25 then 'ruim'
               else 'zeer ruim' end as band
   from series_vacancies s
   left join taxonomy_concepts t on t.id = s.function_id and t.taxonomy_version = s.taxonomy_version
   left join lateral (select j.count, j.period_start from job_seekers j
                      where j.region_level = s.region_level and j.region = s.region and j.function_id = s.function_id
                        and j.period_start <= s.period_start
                      order by j.period_start desc limit 1) js on true
   where s.branch = '*'`,
  `create or replace view v_vacancy_rate as
   select s.period_type, s.period_start, s.region_level, s.region, s.branch, s.open_stock, s.new_vacancies,
          e.employees, e.period_start as employment_period,
          case when e.employees > 0 then s.open_stock * 1000.0 / e.employees end as open_per_1000_employees
   from series_vacancies s
   left join lateral (select x.employees, x.period_start from employment x
                      where x.region_level = s.region_level and x.region = s.region and x.branch = s.branch
                        and x.period_start <= s.period_start
                      order by x.period_start desc limit 1) e on true
   where s.function_id = '*'`,
];

export async function ensureViews(db: Db): Promise<void> {
  for (const ddl of VIEW_DDL) await db.execute(sql.raw(ddl));
}

// ─── helpers ──────────────────────────────────────────────────────────────────────────────────────

function regionExpr(level: RegionLevel, alias = 'c'): SQL {
  const a = sql.raw(alias);
  if (level === 'all') return sql`'*'`;
  if (level === 'provincie') return sql`coalesce(${a}.provincie, 'onbekend')`;
  return sql`coalesce(${a}.arbeidsmarktregio, 'onbekend')`;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Taxonomy version of the newest aggregate (else of the newest function match); null on an empty database. */
export async function currentTaxonomyVersion(db: Db): Promise<string | null> {
  const [r] = await rows<{ v: string | null }>(
    db,
    sql`select coalesce((select taxonomy_version from series_skills order by computed_at desc limit 1),
                        (select taxonomy_version from series_vacancies order by computed_at desc limit 1),
                        (select taxonomy_version from function_matches order by created_at desc limit 1)) as v`,
  );
  return r?.v ?? null;
}

/** The observation date: the newest sighting or close in the data (YYYY-MM-DD), or null on an empty database. */
export async function observationDate(db: Db): Promise<string | null> {
  const [r] = await rows<{ d: string | null }>(
    db,
    sql`select greatest(max(last_seen::date), max(closed_at::date))::text as d from vacancy_clusters`,
  );
  return r?.d ?? null;
}

// ─── trends ───────────────────────────────────────────────────────────────────────────────────────

export interface TrendQuery {
  skillId: string;
  periodType: PeriodType;
  level: RegionLevel;
  /** One region, or undefined for every region of the level. */
  region?: string;
  from?: string;
  to?: string;
}

export interface TrendRow {
  periodStart: string;
  regionLevel: string;
  region: string;
  skillId: string;
  vacanciesWithSkill: number;
  vacanciesTotal: number;
  share: number;
}

/**
 * Share of new vacancies asking for a skill per period × region. Periods with vacancies but without the skill
 * are included with share 0 (totals come from series_vacancies, all branches and functions).
 */
export async function skillTrend(db: Db, q: TrendQuery): Promise<TrendRow[]> {
  const r = await rows<Record<string, unknown>>(
    db,
    sql`select v.period_start::text as "periodStart", v.region_level as "regionLevel", v.region,
               ${q.skillId}::text as "skillId", coalesce(s.vacancies_with_skill, 0)::int as "vacanciesWithSkill",
               v.new_vacancies::int as "vacanciesTotal",
               case when v.new_vacancies > 0 then coalesce(s.vacancies_with_skill, 0)::float / v.new_vacancies else 0 end as share
        from series_vacancies v
        left join series_skills s on s.period_type = v.period_type and s.period_start = v.period_start
          and s.region_level = v.region_level and s.region = v.region and s.skill_id = ${q.skillId}
        where v.period_type = ${q.periodType} and v.region_level = ${q.level} and v.branch = '*' and v.function_id = '*'
          and v.new_vacancies > 0
          ${q.region !== undefined ? sql`and v.region = ${q.region}` : sql``}
          ${q.from ? sql`and v.period_start >= ${q.from}::date` : sql``}
          ${q.to ? sql`and v.period_start < ${q.to}::date` : sql``}
        order by v.region, v.period_start`,
  );
  return r.map((x) => ({ ...(x as unknown as TrendRow), share: Number(x.share) }));
}

// ─── tightness ────────────────────────────────────────────────────────────────────────────────────

export interface TightnessQuery {
  level: RegionLevel;
  region?: string;
  /** Only this function (full id, e.g. "fn:verzorgende-ig"); "*" = all functions together. */
  functionId?: string;
  /** Observation date (YYYY-MM-DD); default: the newest sighting in the data. */
  asOf?: string;
}

export interface StockRow {
  functionId: string;
  region: string;
  periodStart: string;
  openStock: number;
  medianOpenDaysClosed: number | null;
}

/** Open stock per function × region from the newest monthly series period on or before `asOf`. */
export async function openStock(db: Db, q: TightnessQuery & { asOf: string }): Promise<StockRow[]> {
  return rows<StockRow>(
    db,
    sql`with p as (select max(period_start) as ps from series_vacancies
                   where period_type = 'month' and period_start <= ${q.asOf}::date)
        select s.function_id as "functionId", s.region, s.period_start::text as "periodStart",
               s.open_stock::int as "openStock", s.median_open_days::float as "medianOpenDaysClosed"
        from series_vacancies s, p
        where s.period_type = 'month' and s.period_start = p.ps and s.region_level = ${q.level} and s.branch = '*'
          ${q.region !== undefined ? sql`and s.region = ${q.region}` : sql``}
          ${q.functionId !== undefined ? sql`and s.function_id = ${q.functionId}` : sql``}
        order by s.function_id, s.region`,
  );
}

export interface JobSeekerRow {
  functionId: string;
  region: string;
  periodStart: string;
  count: number;
}

/** Newest imported job-seeker count per function × region on or before `asOf`. */
export async function latestJobSeekers(db: Db, q: TightnessQuery & { asOf: string }): Promise<JobSeekerRow[]> {
  return rows<JobSeekerRow>(
    db,
    sql`select distinct on (function_id, region) function_id as "functionId", region,
               period_start::text as "periodStart", count::int as count
        from job_seekers
        where region_level = ${q.level} and period_start <= ${q.asOf}::date
          ${q.region !== undefined ? sql`and region = ${q.region}` : sql``}
          ${q.functionId !== undefined ? sql`and function_id = ${q.functionId}` : sql``}
        order by function_id, region, period_start desc`,
  );
}

export interface DurationGroupRow {
  functionId: string;
  region: string;
  days: number;
  closed: boolean;
  n: number;
}

/**
 * Open durations of the vacancies opened on or before `asOf`, grouped (function × region × days × closed)
 * for Kaplan–Meier: a vacancy still open at `asOf` (or closed after it) is censored at `asOf − opened_on`.
 */
export async function durationGroups(db: Db, q: TightnessQuery & { asOf: string }): Promise<DurationGroupRow[]> {
  const reg = regionExpr(q.level);
  const fn = sql`coalesce(c.function_id, 'onbekend')`;
  return rows<DurationGroupRow>(
    db,
    sql`select ${fn} as "functionId", ${reg} as region,
               greatest(0, least(coalesce(c.closed_at::date, ${q.asOf}::date), ${q.asOf}::date) - c.opened_on)::int as days,
               (c.closed_at is not null and c.closed_at::date <= ${q.asOf}::date) as closed, count(*)::int as n
        from vacancy_clusters c
        where c.opened_on <= ${q.asOf}::date
          ${q.region !== undefined ? sql`and ${reg} = ${q.region}` : sql``}
          ${q.functionId !== undefined && q.functionId !== '*' ? sql`and ${fn} = ${q.functionId}` : sql``}
        group by 1, 2, 3, 4`,
  );
}

// ─── emerging skills ──────────────────────────────────────────────────────────────────────────────

export interface EmergingQuery {
  taxonomyVersion: string;
  /** [recentFrom, recentTo) and [referenceFrom, referenceTo), by the vacancy's opening date. */
  recentFrom: string;
  recentTo: string;
  referenceFrom: string;
  referenceTo: string;
  level: RegionLevel;
  region?: string;
  functionId?: string;
}

export interface EmergingCountRow {
  skillId: string;
  label: string;
  recent: number;
  reference: number;
  seenBefore: number;
}

/** Vacancies per skill in the two periods (skills of each cluster's canonical posting) and the period totals. */
export async function emergingCounts(
  db: Db,
  q: EmergingQuery,
): Promise<{ items: EmergingCountRow[]; recentVacancies: number; referenceVacancies: number }> {
  const reg = regionExpr(q.level);
  const where = sql`${q.region !== undefined ? sql`and ${reg} = ${q.region}` : sql``}
    ${q.functionId !== undefined ? sql`and coalesce(c.function_id, 'onbekend') = ${q.functionId}` : sql``}`;
  const items = await rows<EmergingCountRow>(
    db,
    sql`select m.concept_id as "skillId", min(m.label) as label,
               count(distinct c.id) filter (where c.opened_on >= ${q.recentFrom}::date and c.opened_on < ${q.recentTo}::date)::int as recent,
               count(distinct c.id) filter (where c.opened_on >= ${q.referenceFrom}::date and c.opened_on < ${q.referenceTo}::date)::int as reference,
               count(distinct c.id) filter (where c.opened_on < ${q.recentFrom}::date)::int as "seenBefore"
        from vacancy_clusters c
        join skill_matches m on m.vacancy_id = c.canonical_vacancy_id and m.taxonomy_version = ${q.taxonomyVersion}
        where c.opened_on < greatest(${q.recentTo}::date, ${q.referenceTo}::date) ${where}
        group by m.concept_id
        order by m.concept_id`,
  );
  const [t] = await rows<{ recent: number; reference: number }>(
    db,
    sql`select count(*) filter (where c.opened_on >= ${q.recentFrom}::date and c.opened_on < ${q.recentTo}::date)::int as recent,
               count(*) filter (where c.opened_on >= ${q.referenceFrom}::date and c.opened_on < ${q.referenceTo}::date)::int as reference
        from vacancy_clusters c where true ${where}`,
  );
  return { items, recentVacancies: t?.recent ?? 0, referenceVacancies: t?.reference ?? 0 };
}

/** First and last opening date in the data (YYYY-MM-DD), null on an empty database. */
export async function openedRange(db: Db): Promise<{ first: string | null; last: string | null }> {
  const [r] = await rows<{ first: string | null; last: string | null }>(
    db,
    sql`select min(opened_on)::text as first, max(opened_on)::text as last from vacancy_clusters`,
  );
  return { first: r?.first ?? null, last: r?.last ?? null };
}

// ─── vacancy rate per branch ──────────────────────────────────────────────────────────────────────

export interface VacancyRateRow {
  branch: string;
  region: string;
  periodStart: string;
  openStock: number;
  employees: number | null;
  employmentPeriod: string | null;
}

/** Open stock per branch × region (newest month ≤ asOf) with the newest employment count ≤ asOf. */
export async function vacancyRateInputs(db: Db, q: { level: RegionLevel; region?: string; asOf: string }): Promise<VacancyRateRow[]> {
  const r = await rows<Record<string, unknown>>(
    db,
    sql`with p as (select max(period_start) as ps from series_vacancies where period_type = 'month' and period_start <= ${q.asOf}::date)
        select s.branch, s.region, s.period_start::text as "periodStart", s.open_stock::int as "openStock",
               e.employees, e.period_start::text as "employmentPeriod"
        from series_vacancies s cross join p
        left join lateral (select x.employees, x.period_start from employment x
                           where x.region_level = s.region_level and x.region = s.region and x.branch = s.branch
                             and x.period_start <= ${q.asOf}::date order by x.period_start desc limit 1) e on true
        where s.period_type = 'month' and s.period_start = p.ps and s.region_level = ${q.level} and s.function_id = '*'
          ${q.region !== undefined ? sql`and s.region = ${q.region}` : sql``}
        order by s.region, s.branch`,
  );
  return r.map((x) => ({ ...(x as unknown as VacancyRateRow), employees: num(x.employees) }));
}

// ─── lists ────────────────────────────────────────────────────────────────────────────────────────

export interface CountRow {
  id: string;
  vacancies: number;
  open: number;
}

/** Vacancy counts per function id (clusters; null function = "onbekend"). */
export async function functionCounts(db: Db): Promise<CountRow[]> {
  return rows<CountRow>(
    db,
    sql`select coalesce(function_id, 'onbekend') as id, count(*)::int as vacancies,
               count(*) filter (where closed_at is null)::int as open
        from vacancy_clusters group by 1 order by 2 desc, 1`,
  );
}

/** Vacancy counts per skill id (skills of the canonical postings, one taxonomy version). */
export async function skillCounts(db: Db, taxonomyVersion: string): Promise<(CountRow & { label: string })[]> {
  return rows<CountRow & { label: string }>(
    db,
    sql`select m.concept_id as id, min(m.label) as label, count(distinct c.id)::int as vacancies,
               count(distinct c.id) filter (where c.closed_at is null)::int as open
        from vacancy_clusters c join skill_matches m on m.vacancy_id = c.canonical_vacancy_id and m.taxonomy_version = ${taxonomyVersion}
        group by 1 order by 3 desc, 1`,
  );
}

/** Vacancy counts per region at each level. */
export async function regionCounts(db: Db): Promise<{ level: RegionLevel; region: string; vacancies: number; open: number }[]> {
  return rows(
    db,
    sql`select 'provincie' as level, coalesce(provincie, 'onbekend') as region, count(*)::int as vacancies,
               count(*) filter (where closed_at is null)::int as open from vacancy_clusters group by 2
        union all
        select 'arbeidsmarktregio', coalesce(arbeidsmarktregio, 'onbekend'), count(*)::int,
               count(*) filter (where closed_at is null)::int from vacancy_clusters group by 2
        order by 1, 3 desc, 2`,
  );
}

// ─── source health ────────────────────────────────────────────────────────────────────────────────

export interface SourceHealthRow extends SourceStatusRow {
  /** "FAILED" (last run failed), "YIELD DROP" (last yield < half the recent median), "NO RUNS" or "". */
  flag: string;
}

export async function sourceHealth(db: Db): Promise<SourceHealthRow[]> {
  const st = await sourceStatus(db);
  return st.map((s) => ({
    ...s,
    medianFound: num(s.medianFound),
    flag:
      s.runs === 0
        ? 'NO RUNS'
        : s.lastStatus === 'failed'
          ? 'FAILED'
          : s.medianFound && s.lastFound !== null && s.lastFound < Number(s.medianFound) * 0.5
            ? 'YIELD DROP'
            : '',
  }));
}

// ─── export rows ──────────────────────────────────────────────────────────────────────────────────

export interface ExportVacancyRow {
  id: number;
  title: string;
  employer: string | null;
  gemeente: string | null;
  gemeenteCode: string | null;
  provincie: string | null;
  arbeidsmarktregio: string | null;
  branch: string;
  functionId: string | null;
  functionLabel: string | null;
  functionIsco: string | null;
  functionEscoUri: string | null;
  skillIds: string[];
  skillLabels: string[];
  hoursMin: number | null;
  hoursMax: number | null;
  salaryMin: number | null;
  salaryMax: number | null;
  salaryScale: string | null;
  educationLevel: string | null;
  contractType: string | null;
  openedOn: string;
  closedAt: string | null;
  validThrough: string | null;
  memberCount: number;
  sourceCount: number;
  url: string | null;
  description: string | null;
}

export interface ExportQuery {
  taxonomyVersion: string;
  /** Vacancies open on or after `since` (opened on/after, or still open / closed on/after). */
  since?: string;
  /** Vacancies opened before `until`. */
  until?: string;
  includeDescription?: boolean;
  /** Keyset pagination: only ids > afterId, at most `limit`. */
  afterId?: number;
  limit?: number;
}

/** One row per real vacancy (cluster), fields of its canonical posting, function and skills of one taxonomy version. */
export async function exportVacancies(db: Db, q: ExportQuery): Promise<ExportVacancyRow[]> {
  // A keyset page is a few thousand index lookups: JIT compilation and parallel workers cost more than they save
  // (measured: 560 ms → 110 ms per 10,000 rows on 200k vacancies), so switch both off for this transaction.
  const r = await db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
    return rows<Record<string, unknown>>(
      tx as unknown as Db,
      sql`select c.id::int as id, c.title, c.employer, c.gemeente, c.gemeente_code as "gemeenteCode", c.provincie,
                 c.arbeidsmarktregio, c.branch, c.function_id as "functionId", f.label as "functionLabel",
                 f.isco as "functionIsco", f.esco_uri as "functionEscoUri",
                 coalesce(sk.ids, '{}') as "skillIds", coalesce(sk.labels, '{}') as "skillLabels",
                 v.hours_min as "hoursMin", v.hours_max as "hoursMax", v.salary_min as "salaryMin", v.salary_max as "salaryMax",
                 v.salary_scale as "salaryScale", v.education_level as "educationLevel", v.contract_type as "contractType",
                 c.opened_on::text as "openedOn", to_char(c.closed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "closedAt",
                 v.valid_through::text as "validThrough", c.member_count as "memberCount", c.source_count as "sourceCount",
                 v.url, ${q.includeDescription ? sql`v.description` : sql`null::text`} as description
          from vacancy_clusters c
          left join vacancies v on v.id = c.canonical_vacancy_id
          left join function_matches f on f.vacancy_id = c.canonical_vacancy_id and f.taxonomy_version = ${q.taxonomyVersion}
          left join lateral (select array_agg(m.concept_id order by m.concept_id) as ids, array_agg(m.label order by m.concept_id) as labels
                             from skill_matches m
                             where m.vacancy_id = c.canonical_vacancy_id and m.taxonomy_version = ${q.taxonomyVersion}) sk on true
          where true
            ${q.since ? sql`and (c.opened_on >= ${q.since}::date or c.closed_at is null or c.closed_at >= ${q.since}::date)` : sql``}
            ${q.until ? sql`and c.opened_on < ${q.until}::date` : sql``}
            ${q.afterId !== undefined ? sql`and c.id > ${q.afterId}` : sql``}
          order by c.id
          ${q.limit !== undefined ? sql`limit ${q.limit}` : sql``}`,
    );
  });
  return r.map((x) => ({
    ...(x as unknown as ExportVacancyRow),
    hoursMin: num(x.hoursMin),
    hoursMax: num(x.hoursMax),
    salaryMin: num(x.salaryMin),
    salaryMax: num(x.salaryMax),
    skillIds: toArray(x.skillIds),
    skillLabels: toArray(x.skillLabels),
  }));
}

/** Postgres text[] as returned by either driver (array, or "{a,b}" literal). */
function toArray(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string' && v.startsWith('{')) {
    const inner = v.slice(1, -1);
    if (!inner) return [];
    return [...inner.matchAll(/"((?:[^"\\]|\\.)*)"|([^,]+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]));
  }
  return [];
}

// ─── imports ──────────────────────────────────────────────────────────────────────────────────────

export interface JobSeekerInput {
  periodStart: string;
  regionLevel: RegionLevel;
  region: string;
  functionId: string;
  count: number;
  source: string;
}

export interface EmploymentInput {
  periodStart: string;
  regionLevel: RegionLevel;
  region: string;
  branch: string;
  employees: number;
  source: string;
}

/** Insert or replace job-seeker counts (key: period × level × region × function), in one transaction. */
export async function upsertJobSeekers(db: Db, list: JobSeekerInput[]): Promise<number> {
  if (!list.length) return 0;
  await db.transaction(async (tx) => {
    for (let i = 0; i < list.length; i += 1000) {
      await tx
        .insert(jobSeekers)
        .values(list.slice(i, i + 1000))
        .onConflictDoUpdate({
          target: [jobSeekers.periodStart, jobSeekers.regionLevel, jobSeekers.region, jobSeekers.functionId],
          set: { count: sql`excluded.count`, source: sql`excluded.source`, importedAt: sql`now()` },
        });
    }
  });
  return list.length;
}

/** Insert or replace employee counts (key: period × level × region × branch), in one transaction. */
export async function upsertEmployment(db: Db, list: EmploymentInput[]): Promise<number> {
  if (!list.length) return 0;
  await db.transaction(async (tx) => {
    for (let i = 0; i < list.length; i += 1000) {
      await tx
        .insert(employment)
        .values(list.slice(i, i + 1000))
        .onConflictDoUpdate({
          target: [employment.periodStart, employment.regionLevel, employment.region, employment.branch],
          set: { employees: sql`excluded.employees`, source: sql`excluded.source`, importedAt: sql`now()` },
        });
    }
  });
  return list.length;
}

// ─── query functions (SQL + the pure statistics of src/analytics) used by the CLI, API and dashboard ────

export interface TightnessResult {
  functionId: string;
  regionLevel: RegionLevel;
  region: string;
  /** Month of the open-stock figure. */
  periodStart: string | null;
  openStock: number;
  jobSeekers: number | null;
  jobSeekersPeriod: string | null;
  ratio: number | null;
  band: TightnessBand | null;
  status: TightnessStatus;
  /** Kaplan–Meier over the vacancies opened up to asOf (still-open ones censored at asOf). */
  vacancies: number;
  closed: number;
  medianOpenDays: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  /** Share still open after `horizonDays` (Kaplan–Meier S(horizon)); null when nobody was followed that long. */
  openAfterHorizon: number | null;
  horizonDays: number;
}

/** Tightness per function × region: UWV ratio (open stock ÷ job seekers) and the Kaplan–Meier open duration. */
export async function queryTightness(
  db: Db,
  q: TightnessQuery & { horizonDays?: number },
): Promise<{ asOf: string | null; rows: TightnessResult[] }> {
  const asOf = q.asOf ?? (await observationDate(db));
  if (!asOf) return { asOf: null, rows: [] };
  const qq = { ...q, asOf };
  const [stock, seekers, durs] = await Promise.all([openStock(db, qq), latestJobSeekers(db, qq), durationGroups(db, qq)]);
  const key = (f: string, r: string) => `${f}\u0000${r}`;
  const groups = new Map<string, { functionId: string; region: string; obs: DurationObs[] }>();
  const touch = (f: string, r: string) => {
    const k = key(f, r);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { functionId: f, region: r, obs: [] }));
    return g;
  };
  const wantAll = q.functionId === '*';
  for (const d of durs) {
    const o = { time: d.days, event: d.closed, count: d.n };
    if (wantAll) touch('*', d.region).obs.push(o);
    else touch(d.functionId, d.region).obs.push(o);
  }
  const stockBy = new Map(stock.map((s) => [key(s.functionId, s.region), s]));
  const seekBy = new Map(seekers.map((s) => [key(s.functionId, s.region), s]));
  for (const s of stock) if (wantAll ? s.functionId === '*' : s.functionId !== '*') touch(s.functionId, s.region);
  const out: TightnessResult[] = [];
  for (const g of groups.values()) {
    const st = stockBy.get(key(g.functionId, g.region));
    const js = seekBy.get(key(g.functionId, g.region));
    const t = tightnessRatio(st?.openStock ?? 0, js ? js.count : null);
    const d = durationSummary(g.obs, { horizonDays: q.horizonDays ?? 60 });
    out.push({
      functionId: g.functionId,
      regionLevel: q.level,
      region: g.region,
      periodStart: st?.periodStart ?? null,
      openStock: st?.openStock ?? 0,
      jobSeekers: t.jobSeekers,
      jobSeekersPeriod: js?.periodStart ?? null,
      ratio: t.ratio,
      band: t.band,
      status: t.status,
      vacancies: d.n,
      closed: d.closed,
      medianOpenDays: d.medianDays,
      medianLower: d.medianLower,
      medianUpper: d.medianUpper,
      openAfterHorizon: d.openAfterHorizon,
      horizonDays: d.horizonDays,
    });
  }
  out.sort((a, b) => a.region.localeCompare(b.region, 'nl') || b.openStock - a.openStock || a.functionId.localeCompare(b.functionId));
  return { asOf, rows: out };
}

export interface EmergingParams {
  taxonomyVersion: string;
  /** Start of the recent period (YYYY-MM-DD); default: three months before `until`. */
  since?: string;
  /** End (exclusive) of the recent period; default: the first day of the month after the newest opening date. */
  until?: string;
  /** Reference period; default: the equally long period just before `since`. */
  referenceSince?: string;
  referenceUntil?: string;
  level: RegionLevel;
  region?: string;
  functionId?: string;
  minSupport?: number;
  method?: 'logodds' | 'ztest';
  priorScale?: number;
}

export interface EmergingResult {
  method: 'logodds' | 'ztest';
  recent: { from: string; to: string; vacancies: number };
  reference: { from: string; to: string; vacancies: number };
  minSupport: number;
  rows: (EmergingSkill | ProportionTest)[];
}

const addDays = (d: string, n: number) => new Date(Date.parse(d + 'T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86_400_000);

/** Emerging skills between a recent and a reference period (weighted log-odds or two-proportion z-test). */
export async function queryEmerging(db: Db, p: EmergingParams): Promise<EmergingResult | null> {
  const range = await openedRange(db);
  // Default end: the first day of the month after the newest opening date (whole months compare with whole months).
  const until = p.until ?? (range.last ? addMonths(`${range.last.slice(0, 7)}-01`, 1) : null);
  if (!until) return null;
  const since = p.since ?? addMonths(`${addDays(until, -1).slice(0, 7)}-01`, -2);
  if (since >= until) throw new RangeError(`the recent period is empty: since ${since} is not before until ${until}`);
  const referenceUntil = p.referenceUntil ?? since;
  // Whole months stay whole months (Jan–Mar before Apr–Jun), otherwise the same number of days.
  const isMonthStart = (d: string) => d.endsWith('-01');
  const months = (Number(until.slice(0, 4)) - Number(since.slice(0, 4))) * 12 + Number(until.slice(5, 7)) - Number(since.slice(5, 7));
  const referenceSince =
    p.referenceSince ??
    (isMonthStart(since) && isMonthStart(until) && isMonthStart(referenceUntil) && months > 0
      ? addMonths(referenceUntil, -months)
      : addDays(referenceUntil, -daysBetween(since, until)));
  if (referenceSince >= referenceUntil) throw new RangeError(`the reference period is empty: ${referenceSince} … ${referenceUntil}`);
  const c = await emergingCounts(db, {
    taxonomyVersion: p.taxonomyVersion,
    recentFrom: since,
    recentTo: until,
    referenceFrom: referenceSince,
    referenceTo: referenceUntil,
    level: p.level,
    region: p.region,
    functionId: p.functionId,
  });
  const minSupport = p.minSupport ?? 5;
  const totals = { recentVacancies: c.recentVacancies, referenceVacancies: c.referenceVacancies };
  const method = p.method ?? 'logodds';
  const rowsOut =
    method === 'ztest'
      ? twoProportionTest(c.items, totals, { minSupport })
      : weightedLogOdds(c.items, totals, { minSupport, priorScale: p.priorScale });
  return {
    method,
    recent: { from: since, to: until, vacancies: c.recentVacancies },
    reference: { from: referenceSince, to: referenceUntil, vacancies: c.referenceVacancies },
    minSupport,
    rows: rowsOut,
  };
}

export interface VacancyRateResult extends VacancyRateRow {
  per1000: number | null;
}

/** Open vacancies per 1,000 employees per branch × region (employment from the imported CSV). */
export async function queryVacancyRate(db: Db, q: { level: RegionLevel; region?: string; asOf?: string }): Promise<VacancyRateResult[]> {
  const asOf = q.asOf ?? (await observationDate(db));
  if (!asOf) return [];
  const r = await vacancyRateInputs(db, { ...q, asOf });
  return r.map((x) => ({ ...x, per1000: vacanciesPer1000(x.openStock, x.employees) }));
}

// ─── skill trend within one function (series_skills has no function dimension) ───────────────────

/**
 * Share of new vacancies of one function asking for a skill, per period × region, computed from the clusters
 * with the same definitions as rebuildSeries (period of the opening date, skills of the canonical posting).
 */
export async function skillTrendForFunction(
  db: Db,
  q: TrendQuery & { functionId: string; taxonomyVersion: string },
): Promise<TrendRow[]> {
  const p = sql.raw(q.periodType === 'week' ? `'week'` : `'month'`);
  const reg = regionExpr(q.level);
  const r = await rows<Record<string, unknown>>(
    db,
    sql`with c as (
          select c.id, c.canonical_vacancy_id, date_trunc(${p}, c.opened_on)::date as ps, ${reg} as region
          from vacancy_clusters c
          where coalesce(c.function_id, 'onbekend') = ${q.functionId}
            ${q.region !== undefined ? sql`and ${reg} = ${q.region}` : sql``}
            ${q.from ? sql`and c.opened_on >= ${q.from}::date` : sql``}
            ${q.to ? sql`and c.opened_on < ${q.to}::date` : sql``})
        select c.ps::text as "periodStart", ${q.level}::text as "regionLevel", c.region, ${q.skillId}::text as "skillId",
               count(*) filter (where exists (select 1 from skill_matches m where m.vacancy_id = c.canonical_vacancy_id
                 and m.taxonomy_version = ${q.taxonomyVersion} and m.concept_id = ${q.skillId}))::int as "vacanciesWithSkill",
               count(*)::int as "vacanciesTotal"
        from c group by c.ps, c.region order by c.region, c.ps`,
  );
  return r.map((x) => {
    const w = Number(x.vacanciesWithSkill);
    const t = Number(x.vacanciesTotal);
    return { ...(x as unknown as TrendRow), vacanciesWithSkill: w, vacanciesTotal: t, share: t > 0 ? w / t : 0 };
  });
}

// ─── vacancy series (as written by the aggregate stage) ──────────────────────────────────────────

export interface SeriesQuery {
  periodType: PeriodType;
  level: RegionLevel;
  region?: string;
  branch?: string;
  functionId?: string;
  from?: string;
  to?: string;
}

export interface SeriesRow {
  periodStart: string;
  regionLevel: string;
  region: string;
  branch: string;
  functionId: string;
  newVacancies: number;
  openStock: number;
  closed: number;
  medianOpenDays: number | null;
  repostRate: number | null;
  postingIntensity: number | null;
}

/** Rows of series_vacancies (default: all branches and functions together). */
export async function vacancySeries(db: Db, q: SeriesQuery): Promise<SeriesRow[]> {
  const r = await rows<Record<string, unknown>>(
    db,
    sql`select period_start::text as "periodStart", region_level as "regionLevel", region, branch, function_id as "functionId",
               new_vacancies as "newVacancies", open_stock as "openStock", closed, median_open_days as "medianOpenDays",
               repost_rate as "repostRate", posting_intensity as "postingIntensity"
        from series_vacancies
        where period_type = ${q.periodType} and region_level = ${q.level}
          and branch = ${q.branch ?? '*'} and function_id = ${q.functionId ?? '*'}
          ${q.region !== undefined ? sql`and region = ${q.region}` : sql``}
          ${q.from ? sql`and period_start >= ${q.from}::date` : sql``}
          ${q.to ? sql`and period_start < ${q.to}::date` : sql``}
        order by region, period_start`,
  );
  return r.map((x) => ({
    ...(x as unknown as SeriesRow),
    newVacancies: Number(x.newVacancies),
    openStock: Number(x.openStock),
    closed: Number(x.closed),
    medianOpenDays: num(x.medianOpenDays),
    repostRate: num(x.repostRate),
    postingIntensity: num(x.postingIntensity),
  }));
}
