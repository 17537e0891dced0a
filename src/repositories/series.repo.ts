/**
 * SQL for the aggregate stage: series recomputed from the vacancy clusters (one row per real vacancy),
 * so every figure can be traced back to postings and recomputed.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';

export type PeriodType = 'week' | 'month';

/**
 * Rebuild series_vacancies and series_skills for one period type, in one transaction (idempotent).
 * Dimensions: region level (all | provincie | arbeidsmarktregio) × branch ('*' = all) × function ('*' = all).
 */
export async function rebuildSeries(
  db: Db,
  periodType: PeriodType,
  versions: { code: string; taxonomy: string },
): Promise<{ vacancyRows: number; skillRows: number }> {
  const step = periodType === 'week' ? sql`interval '1 week'` : sql`interval '1 month'`;
  const p = sql.raw(`'${periodType}'`);
  return db.transaction(async (tx) => {
    await tx.execute(sql`delete from series_vacancies where period_type = ${periodType}`);
    await tx.execute(sql`delete from series_skills where period_type = ${periodType}`);
    const v = await rows<{ n: number }>(
      tx as unknown as Db,
      sql`
      with c as (
        select id, opened_on, closed_at::date as closed_on, (closed_at::date - opened_on) as dur,
               member_count, repost_count, provincie, arbeidsmarktregio, branch,
               coalesce(function_id, 'onbekend') as fn
        from vacancy_clusters),
      d as (
        select c.*, r.level, r.region, b.branch_k, f.fn_k
        from c
        cross join lateral (values ('all', '*'), ('provincie', coalesce(c.provincie, 'onbekend')),
                                   ('arbeidsmarktregio', coalesce(c.arbeidsmarktregio, 'onbekend'))) r(level, region)
        cross join lateral (values ('*'), (c.branch)) b(branch_k)
        cross join lateral (values ('*'), (c.fn)) f(fn_k)),
      opened as (
        select level, region, branch_k, fn_k, date_trunc(${p}, opened_on)::date as ps,
               count(*)::int as n_new, sum(member_count)::float as members,
               count(*) filter (where repost_count > 0)::float as reposted
        from d group by 1, 2, 3, 4, 5),
      closed as (
        select level, region, branch_k, fn_k, date_trunc(${p}, closed_on)::date as ps,
               count(*)::int as n_closed,
               percentile_cont(0.5) within group (order by dur) as median_dur
        from d where closed_on is not null group by 1, 2, 3, 4, 5),
      bounds as (
        select date_trunc(${p}, max(greatest(last_seen::date, coalesce(closed_at::date, last_seen::date))))::date as last_ps
        from vacancy_clusters),
      groups as (select level, region, branch_k, fn_k, min(ps) as first_ps from opened group by 1, 2, 3, 4),
      grid as (
        select g.level, g.region, g.branch_k, g.fn_k, gs::date as ps
        from groups g, bounds b, generate_series(g.first_ps, b.last_ps, ${step}) gs),
      filled as (
        select gr.*, coalesce(o.n_new, 0) as n_new, coalesce(cl.n_closed, 0) as n_closed, cl.median_dur,
               o.members, o.reposted,
               sum(coalesce(o.n_new, 0)) over w - sum(coalesce(cl.n_closed, 0)) over w as stock
        from grid gr
        left join opened o using (level, region, branch_k, fn_k, ps)
        left join closed cl using (level, region, branch_k, fn_k, ps)
        window w as (partition by gr.level, gr.region, gr.branch_k, gr.fn_k order by gr.ps)),
      ins as (
        insert into series_vacancies (period_type, period_start, region_level, region, branch, function_id,
          new_vacancies, open_stock, closed, median_open_days, repost_rate, posting_intensity, code_version, taxonomy_version)
        select ${periodType}, ps, level, region, branch_k, fn_k, n_new, stock::int, n_closed, median_dur,
               case when n_new > 0 then reposted / n_new end, case when n_new > 0 then members / n_new end,
               ${versions.code}, ${versions.taxonomy}
        from filled where n_new > 0 or n_closed > 0 or stock > 0
        returning 1)
      select count(*)::int as n from ins`,
    );
    const s = await rows<{ n: number }>(
      tx as unknown as Db,
      sql`
      with c as (
        select id, canonical_vacancy_id, date_trunc(${p}, opened_on)::date as ps, provincie, arbeidsmarktregio from vacancy_clusters),
      d as (
        select c.*, r.level, r.region from c
        cross join lateral (values ('all', '*'), ('provincie', coalesce(c.provincie, 'onbekend')),
                                   ('arbeidsmarktregio', coalesce(c.arbeidsmarktregio, 'onbekend'))) r(level, region)),
      totals as (select level, region, ps, count(*)::int as total from d group by 1, 2, 3),
      hits as (
        select d.level, d.region, d.ps, m.concept_id, count(distinct d.id)::int as n
        from d join skill_matches m on m.vacancy_id = d.canonical_vacancy_id and m.taxonomy_version = ${versions.taxonomy}
        group by 1, 2, 3, 4),
      ins as (
        insert into series_skills (period_type, period_start, region_level, region, skill_id, vacancies_with_skill,
          vacancies_total, share, code_version, taxonomy_version)
        select ${periodType}, h.ps, h.level, h.region, h.concept_id, h.n, t.total, h.n::float / t.total,
               ${versions.code}, ${versions.taxonomy}
        from hits h join totals t using (level, region, ps)
        returning 1)
      select count(*)::int as n from ins`,
    );
    return { vacancyRows: v[0]?.n ?? 0, skillRows: s[0]?.n ?? 0 };
  }) as Promise<{ vacancyRows: number; skillRows: number }>;
}

export interface FunctionRegionRow {
  functionId: string;
  provincie: string;
  vacancies: number;
  open: number;
}

/** Unique vacancies per function × provincie (all time) and how many are open. */
export async function functionByProvincie(db: Db): Promise<FunctionRegionRow[]> {
  return rows<FunctionRegionRow>(
    db,
    sql`select coalesce(function_id, 'onbekend') as "functionId", coalesce(provincie, 'onbekend') as provincie,
          count(*)::int as vacancies, count(*) filter (where closed_at is null)::int as open
        from vacancy_clusters group by 1, 2 order by 3 desc, 1, 2`,
  );
}

export interface TopSkillRow {
  skillId: string;
  label: string;
  vacancies: number;
  share: number;
}

export async function topSkills(db: Db, taxonomyVersion: string, limit: number): Promise<TopSkillRow[]> {
  return rows<TopSkillRow>(
    db,
    sql`with tot as (select count(*)::float as n from vacancy_clusters)
        select m.concept_id as "skillId", min(m.label) as label, count(distinct c.id)::int as vacancies,
               count(distinct c.id) / nullif((select n from tot), 0) as share
        from vacancy_clusters c join skill_matches m on m.vacancy_id = c.canonical_vacancy_id and m.taxonomy_version = ${taxonomyVersion}
        group by 1 order by 3 desc, 1 limit ${limit}`,
  );
}
