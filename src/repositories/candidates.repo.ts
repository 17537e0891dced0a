/** SQL for new-skill candidates (skill_candidate_sightings) used by `vacatures taxonomy candidates`. */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';

export interface CandidateSightingRow {
  phrase: string;
  /** Distinct vacancies in which the phrase was sighted (in the selected months / taxonomy version). */
  vacancies: number;
  /** Distinct months (YYYY-MM of date posted, else first seen) with a sighting. */
  monthCount: number;
  firstMonth: string;
  lastMonth: string;
  /** Vacancies per month. */
  months: Record<string, number>;
}

export interface CandidateQuery {
  /** Minimum number of distinct vacancies (default 2). */
  minCount?: number;
  /** Only sightings in vacancies posted (or first seen) in or after this month, "YYYY-MM". */
  since?: string | null;
  /** Only sightings made with this taxonomy version (null = all versions). */
  taxonomyVersion?: string | null;
  limit?: number;
}

/** Unmatched requirement-section phrases that recur over vacancies, most frequent first. */
export async function candidateSightings(db: Db, q: CandidateQuery = {}): Promise<CandidateSightingRow[]> {
  const minCount = Math.max(1, Math.floor(q.minCount ?? 2));
  const limit = Math.max(1, Math.floor(q.limit ?? 100));
  if (q.since != null && !/^\d{4}-(0[1-9]|1[0-2])$/.test(q.since)) throw new Error(`--since must be YYYY-MM, got "${q.since}"`);
  const sinceDate = q.since ? `${q.since}-01` : null;
  const version = q.taxonomyVersion ?? null;
  const r = await rows<{ phrase: string; vacancies: number; month_count: number; first_month: string; last_month: string; months: Record<string, number> }>(
    db,
    sql`with s as (
          select c.phrase, c.vacancy_id,
                 to_char(coalesce(v.date_posted, v.first_seen::date), 'YYYY-MM') as m
          from skill_candidate_sightings c
          join vacancies v on v.id = c.vacancy_id
          where (${version}::text is null or c.taxonomy_version = ${version}::text)
            and (${sinceDate}::date is null or coalesce(v.date_posted, v.first_seen::date) >= ${sinceDate}::date)
        ), pm as (
          select phrase, m, count(distinct vacancy_id)::int as n from s group by phrase, m
        ), tot as (
          select phrase, count(distinct vacancy_id)::int as vacancies from s group by phrase
        )
        select pm.phrase, tot.vacancies, count(*)::int as month_count, min(pm.m) as first_month, max(pm.m) as last_month,
               jsonb_object_agg(pm.m, pm.n) as months
        from pm join tot using (phrase)
        group by pm.phrase, tot.vacancies
        having tot.vacancies >= ${minCount}
        order by tot.vacancies desc, pm.phrase
        limit ${limit}`,
  );
  return r.map((x) => ({
    phrase: x.phrase,
    vacancies: x.vacancies,
    monthCount: x.month_count,
    firstMonth: x.first_month,
    lastMonth: x.last_month,
    months: x.months,
  }));
}
