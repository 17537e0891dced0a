/** SQL for normalized vacancies, dedup keys and clusters. */
import { and, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { clusterMembers, vacancies, vacancyClusters, vacancyDedupKeys } from '../db/schema';
import type { NormalizedPosting } from '../domain/types';
import { DEDUP_VERSION, NORMALIZE_VERSION } from '../versions';

export type VacancyRow = typeof vacancies.$inferSelect;
export type ClusterRow = typeof vacancyClusters.$inferSelect;

export async function upsertVacancy(
  db: Db,
  v: {
    sourceId: string;
    sourceKey: string;
    externalId: string | null;
    url: string;
    rawPostingId: number;
    contentHash: string;
    seenAt: Date;
    n: NormalizedPosting;
    locality?: string | null;
  },
): Promise<{ id: number; created: boolean; clusterId: number | null }> {
  const n = v.n;
  const fields = {
    url: v.url,
    externalId: v.externalId,
    rawPostingId: v.rawPostingId,
    contentHash: v.contentHash,
    title: n.title,
    titleNormalized: n.titleNormalized,
    description: n.description,
    employerName: n.employerName,
    employerNormalized: n.employerNormalized,
    isIntermediary: n.isIntermediary,
    realEmployer: n.realEmployer,
    gemeenteCode: n.geo?.gemeenteCode ?? null,
    locality: v.locality ?? null,
    gemeente: n.geo?.gemeente ?? null,
    provincie: n.geo?.provincie ?? null,
    corop: n.geo?.corop ?? null,
    arbeidsmarktregio: n.geo?.arbeidsmarktregio ?? null,
    hoursMin: n.hoursMin,
    hoursMax: n.hoursMax,
    salaryMin: n.salaryMin,
    salaryMax: n.salaryMax,
    salaryScale: n.salaryScale,
    educationLevel: n.educationLevel,
    contractType: n.contractType,
    bigRequired: n.bigRequired,
    branch: n.branch,
    language: n.language,
    datePosted: n.datePosted,
    validThrough: n.validThrough,
    issues: n.issues,
    normalizeVersion: NORMALIZE_VERSION,
  };
  const [r] = await db
    .insert(vacancies)
    .values({ sourceId: v.sourceId, sourceKey: v.sourceKey, ...fields, firstSeen: v.seenAt, lastSeen: v.seenAt })
    .onConflictDoUpdate({
      target: [vacancies.sourceId, vacancies.sourceKey],
      set: {
        ...fields,
        lastSeen: sql`greatest(${vacancies.lastSeen}, excluded.last_seen)`,
        firstSeen: sql`least(${vacancies.firstSeen}, excluded.first_seen)`,
        closedAt: null,
        missedRuns: 0,
      },
      // A late job for an older version must not overwrite newer content.
      setWhere: sql`${vacancies.rawPostingId} <= excluded.raw_posting_id`,
    })
    .returning({ id: vacancies.id, clusterId: vacancies.clusterId });
  if (r) return { id: r.id, created: r.clusterId === null, clusterId: r.clusterId };
  const [ex] = await db
    .select({ id: vacancies.id, clusterId: vacancies.clusterId })
    .from(vacancies)
    .where(and(eq(vacancies.sourceId, v.sourceId), eq(vacancies.sourceKey, v.sourceKey)));
  return { id: ex.id, created: false, clusterId: ex.clusterId };
}

export async function getVacancy(db: Db, id: number): Promise<VacancyRow | null> {
  const [r] = await db.select().from(vacancies).where(eq(vacancies.id, id));
  return r ?? null;
}

export async function getVacancies(db: Db, ids: number[]): Promise<VacancyRow[]> {
  if (!ids.length) return [];
  return db.select().from(vacancies).where(inArray(vacancies.id, ids));
}

/** A sighting of unchanged content: bump last_seen and reopen if it had been closed. */
export async function markSeen(db: Db, vacancyId: number, at: Date): Promise<void> {
  await db
    .update(vacancies)
    .set({ lastSeen: sql`greatest(${vacancies.lastSeen}, ${at.toISOString()}::timestamptz)`, missedRuns: 0, closedAt: null })
    .where(eq(vacancies.id, vacancyId));
}

/**
 * After a healthy crawl: vacancies of the source not seen in this run get one more missed run;
 * those that reach `closeAfter` are closed at their last sighting. Returns the number closed.
 */
export async function closeMissing(db: Db, sourceId: string, runStartedAt: Date, closeAfter: number): Promise<number> {
  await db
    .update(vacancies)
    .set({ missedRuns: sql`${vacancies.missedRuns} + 1` })
    .where(and(eq(vacancies.sourceId, sourceId), lt(vacancies.lastSeen, runStartedAt), sql`${vacancies.closedAt} is null`));
  const closed = await db
    .update(vacancies)
    .set({ closedAt: sql`${vacancies.lastSeen}` })
    .where(and(eq(vacancies.sourceId, sourceId), sql`${vacancies.closedAt} is null`, sql`${vacancies.missedRuns} >= ${closeAfter}`))
    .returning({ id: vacancies.id });
  return closed.length;
}

/** Recompute cluster dates/counts from their members (after sightings or closes). */
export async function refreshClusters(db: Db, opts: { sourceId?: string; clusterIds?: number[] } = {}): Promise<void> {
  const filter = opts.clusterIds?.length
    ? sql`c.id in (${sql.join(opts.clusterIds.map((i) => sql`${i}`), sql`, `)})`
    : opts.sourceId
      ? sql`c.id in (select cluster_id from vacancies where source_id = ${opts.sourceId} and cluster_id is not null)`
      : sql`true`;
  await db.execute(sql`
    update vacancy_clusters c set
      first_seen = m.first_seen, last_seen = m.last_seen,
      closed_at = case when m.open_members > 0 then null else m.closed_at end,
      opened_on = least(c.opened_on, m.opened_on),
      member_count = m.members, source_count = m.sources, updated_at = now()
    from (
      select cluster_id, min(first_seen) as first_seen, max(last_seen) as last_seen, max(closed_at) as closed_at,
        count(*) filter (where closed_at is null) as open_members, count(*)::int as members,
        count(distinct source_id)::int as sources,
        min(least(coalesce(date_posted, first_seen::date), first_seen::date)) as opened_on
      from vacancies where cluster_id is not null group by cluster_id
    ) m
    where m.cluster_id = c.id and ${filter}`);
}

export async function replaceDedupKeys(db: Db, vacancyId: number, keys: string[]): Promise<void> {
  await db.delete(vacancyDedupKeys).where(eq(vacancyDedupKeys.vacancyId, vacancyId));
  const uniq = [...new Set(keys)];
  if (uniq.length) await db.insert(vacancyDedupKeys).values(uniq.map((key) => ({ key, vacancyId }))).onConflictDoNothing();
}

/** Vacancies sharing at least one dedup key with the given keys, most shared keys first. */
export async function candidateIds(db: Db, vacancyId: number, keys: string[], limit = 200): Promise<number[]> {
  if (!keys.length) return [];
  const r = await db
    .select({ id: vacancyDedupKeys.vacancyId, n: sql<number>`count(*)::int` })
    .from(vacancyDedupKeys)
    .where(and(inArray(vacancyDedupKeys.key, [...new Set(keys)]), ne(vacancyDedupKeys.vacancyId, vacancyId)))
    .groupBy(vacancyDedupKeys.vacancyId)
    .orderBy(sql`count(*) desc`)
    .limit(limit);
  return r.map((x) => x.id);
}

export async function getClusters(db: Db, ids: number[]): Promise<ClusterRow[]> {
  if (!ids.length) return [];
  return db.select().from(vacancyClusters).where(inArray(vacancyClusters.id, ids));
}

export async function createCluster(db: Db, v: VacancyRow, fn: { id: string | null; confidence: number | null }): Promise<number> {
  const [c] = await db
    .insert(vacancyClusters)
    .values({
      canonicalVacancyId: v.id,
      title: v.title,
      employer: v.realEmployer ?? v.employerName,
      gemeenteCode: v.gemeenteCode,
      gemeente: v.gemeente,
      provincie: v.provincie,
      arbeidsmarktregio: v.arbeidsmarktregio,
      branch: v.branch,
      functionId: fn.id,
      functionConfidence: fn.confidence,
      openedOn: (v.datePosted && v.datePosted < isoDate(v.firstSeen) ? v.datePosted : isoDate(v.firstSeen)),
      firstSeen: v.firstSeen,
      lastSeen: v.lastSeen,
      closedAt: v.closedAt,
      dedupVersion: DEDUP_VERSION,
    })
    .returning({ id: vacancyClusters.id });
  return c.id;
}

export async function addMember(
  db: Db,
  m: { vacancyId: number; clusterId: number; method: string; score: number; matchedVacancyId: number | null; reason: string | null },
): Promise<void> {
  await db
    .insert(clusterMembers)
    .values({ ...m, dedupVersion: DEDUP_VERSION })
    .onConflictDoUpdate({ target: clusterMembers.vacancyId, set: { ...m, dedupVersion: DEDUP_VERSION } });
  await db.update(vacancies).set({ clusterId: m.clusterId }).where(eq(vacancies.id, m.vacancyId));
}

/** A repost joined a closed cluster: reopen it and count the repost. */
export async function reopenCluster(db: Db, clusterId: number): Promise<void> {
  await db
    .update(vacancyClusters)
    .set({ closedAt: null, repostCount: sql`${vacancyClusters.repostCount} + 1`, updatedAt: new Date() })
    .where(eq(vacancyClusters.id, clusterId));
}

export async function setClusterFunction(db: Db, vacancyId: number, fnId: string | null, confidence: number): Promise<void> {
  await db.execute(sql`
    update vacancy_clusters set function_id = ${fnId}, function_confidence = ${confidence}, updated_at = now()
    where id = (select cluster_id from vacancies where id = ${vacancyId})
      and (canonical_vacancy_id = ${vacancyId} or function_id is null)`);
}

/** Serialize dedup decisions (two duplicates arriving at once must not found two clusters). */
export async function withDedupLock<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7142002)`);
    return fn(tx as unknown as Db);
  }) as Promise<T>;
}

export async function vacancyIdsForReprocess(db: Db, afterId: number, limit: number): Promise<number[]> {
  const r = await rows<{ id: number }>(db, sql`select id::int as id from vacancies where id > ${afterId} order by id limit ${limit}`);
  return r.map((x) => Number(x.id));
}

export function isoDate(d: Date | string): string {
  return (typeof d === 'string' ? new Date(d) : d).toISOString().slice(0, 10);
}
