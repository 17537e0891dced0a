/** SQL for function and skill matches, skill candidates and taxonomy concepts. */
import { and, eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { functionMatches, skillCandidateSightings, skillMatches, taxonomyConcepts } from '../db/schema';
import type { FunctionMatch, SkillMatch } from '../domain/types';
import { EXTRACT_VERSION } from '../versions';

export async function hasMatches(db: Db, vacancyId: number, taxonomyVersion: string): Promise<boolean> {
  const r = await db
    .select({ id: functionMatches.vacancyId })
    .from(functionMatches)
    .where(and(eq(functionMatches.vacancyId, vacancyId), eq(functionMatches.taxonomyVersion, taxonomyVersion)));
  return r.length > 0;
}

export async function getFunctionMatch(db: Db, vacancyId: number) {
  const [r] = await db
    .select()
    .from(functionMatches)
    .where(eq(functionMatches.vacancyId, vacancyId))
    .orderBy(sql`${functionMatches.createdAt} desc`)
    .limit(1);
  return r ?? null;
}

/** Replace all matches of one vacancy for one taxonomy version (idempotent). */
export async function replaceMatches(
  db: Db,
  vacancyId: number,
  taxonomyVersion: string,
  fn: FunctionMatch,
  skills: SkillMatch[],
  candidates: string[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(functionMatches).where(and(eq(functionMatches.vacancyId, vacancyId), eq(functionMatches.taxonomyVersion, taxonomyVersion)));
    await tx.delete(skillMatches).where(and(eq(skillMatches.vacancyId, vacancyId), eq(skillMatches.taxonomyVersion, taxonomyVersion)));
    await tx
      .delete(skillCandidateSightings)
      .where(and(eq(skillCandidateSightings.vacancyId, vacancyId), eq(skillCandidateSightings.taxonomyVersion, taxonomyVersion)));
    await tx.insert(functionMatches).values({
      vacancyId,
      taxonomyVersion,
      conceptId: fn.conceptId,
      label: fn.label,
      method: fn.method,
      confidence: fn.confidence,
      isco: fn.isco,
      escoUri: fn.escoUri,
      codeVersion: EXTRACT_VERSION,
    });
    const seen = new Set<string>();
    const skillRows = skills
      .filter((s) => !seen.has(s.conceptId) && seen.add(s.conceptId))
      .map((s) => ({
        vacancyId,
        taxonomyVersion,
        conceptId: s.conceptId,
        label: s.label,
        method: s.method,
        score: s.score,
        spanText: s.span.text.slice(0, 500),
        spanStart: s.span.start,
        spanEnd: s.span.end,
        section: s.section,
        codeVersion: EXTRACT_VERSION,
      }));
    if (skillRows.length) await tx.insert(skillMatches).values(skillRows);
    const phrases = [...new Set(candidates.map((c) => c.slice(0, 200)))];
    if (phrases.length)
      await tx.insert(skillCandidateSightings).values(phrases.map((phrase) => ({ vacancyId, taxonomyVersion, phrase }))).onConflictDoNothing();
  });
}

export interface ConceptInput {
  id: string;
  type: string;
  prefLabel: string;
  altLabels: string[];
  parent: string | null;
  esco: string | null;
  isco: string | null;
}

/** Load a taxonomy version into the database once (for SQL views / BI tools). */
export async function ensureTaxonomyLoaded(db: Db, taxonomyVersion: string, concepts: ConceptInput[]): Promise<boolean> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from taxonomy_concepts where taxonomy_version = ${taxonomyVersion}`,
  );
  if (r && r.n >= concepts.length) return false;
  for (let i = 0; i < concepts.length; i += 500) {
    await db
      .insert(taxonomyConcepts)
      .values(concepts.slice(i, i + 500).map((c) => ({ ...c, taxonomyVersion })))
      .onConflictDoNothing();
  }
  return true;
}

export interface CandidateRow {
  phrase: string;
  vacancies: number;
  firstMonth: string;
  lastMonth: string;
  months: Record<string, number>;
}

/** Unmatched requirement phrases recurring over time: candidates for the taxonomy. */
export async function skillCandidates(db: Db, taxonomyVersion: string, minVacancies: number, limit: number): Promise<CandidateRow[]> {
  const r = await rows<{ phrase: string; vacancies: number; first_month: string; last_month: string; months: Record<string, number> }>(
    db,
    sql`with s as (
          select c.phrase, to_char(date_trunc('month', coalesce(v.date_posted, v.first_seen::date)), 'YYYY-MM') as m, count(*)::int as n
          from skill_candidate_sightings c join vacancies v on v.id = c.vacancy_id
          where c.taxonomy_version = ${taxonomyVersion}
          group by 1, 2)
        select phrase, sum(n)::int as vacancies, min(m) as first_month, max(m) as last_month, jsonb_object_agg(m, n) as months
        from s group by phrase having sum(n) >= ${minVacancies}
        order by sum(n) desc, phrase limit ${limit}`,
  );
  return r.map((x) => ({ phrase: x.phrase, vacancies: x.vacancies, firstMonth: x.first_month, lastMonth: x.last_month, months: x.months }));
}
