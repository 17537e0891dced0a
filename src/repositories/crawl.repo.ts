/** SQL for sources, crawl runs, crawl errors and raw postings. */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { crawlErrors, crawlRuns, rawPostings, sources, vacancies } from '../db/schema';
import { CODE_VERSION } from '../versions';

export interface SourceRow {
  id: string;
  name: string;
  kind: string;
  adapter: string;
  config: unknown;
  enabled: boolean;
}

export async function upsertSources(db: Db, list: SourceRow[]): Promise<void> {
  for (const s of list) {
    await db
      .insert(sources)
      .values({ ...s, config: s.config as object })
      .onConflictDoUpdate({
        target: sources.id,
        set: { name: s.name, kind: s.kind, adapter: s.adapter, config: s.config as object, enabled: s.enabled, updatedAt: new Date() },
      });
  }
}

export async function startRun(db: Db, sourceId: string, trigger: string): Promise<number> {
  // A run still marked "running" belongs to a crawl whose worker died; this crawl takes over.
  await db
    .update(crawlRuns)
    .set({ status: 'aborted', message: 'worker stopped before the run finished; taken over by a later run', finishedAt: new Date() })
    .where(and(eq(crawlRuns.sourceId, sourceId), eq(crawlRuns.status, 'running')));
  const [r] = await db
    .insert(crawlRuns)
    .values({ sourceId, trigger, status: 'running', codeVersion: CODE_VERSION })
    .returning({ id: crawlRuns.id });
  return r.id;
}

export interface RunTotals {
  pagesFetched: number;
  postingsFound: number;
  postingsNew: number;
  postingsUpdated: number;
  postingsUnchanged: number;
  postingsClosed: number;
  errors: number;
}

export async function finishRun(db: Db, runId: number, status: string, totals: RunTotals, message?: string): Promise<void> {
  await db
    .update(crawlRuns)
    .set({ ...totals, status, message: message ?? null, finishedAt: new Date() })
    .where(eq(crawlRuns.id, runId));
}

export async function recordError(
  db: Db,
  e: { runId?: number | null; sourceId: string; stage: string; url?: string | null; error: string },
): Promise<void> {
  await db.insert(crawlErrors).values({
    runId: e.runId ?? null,
    sourceId: e.sourceId,
    stage: e.stage,
    url: e.url ?? null,
    error: e.error.slice(0, 2000),
  });
}

/** postings_found of the last `n` finished runs of a source (newest first). */
export async function recentYields(db: Db, sourceId: string, n: number, beforeRunId?: number): Promise<number[]> {
  const conds = [eq(crawlRuns.sourceId, sourceId), sql`${crawlRuns.status} in ('ok','partial')`];
  if (beforeRunId) conds.push(lt(crawlRuns.id, beforeRunId));
  const r = await db
    .select({ found: crawlRuns.postingsFound })
    .from(crawlRuns)
    .where(and(...conds))
    .orderBy(desc(crawlRuns.id))
    .limit(n);
  return r.map((x) => x.found);
}

export interface InsertRawResult {
  rawPostingId: number;
  inserted: boolean;
  /** Whether a vacancy row for this source key already exists, and with which content hash. */
  vacancyId: number | null;
  vacancyHash: string | null;
}

/** Store one fetched posting version; unchanged content (same hash) is not stored twice. */
export async function insertRawPosting(
  db: Db,
  p: { sourceId: string; sourceKey: string; url: string; contentHash: string; posting: object; payload: string | null; runId: number },
): Promise<InsertRawResult> {
  const ins = await db
    .insert(rawPostings)
    .values({ ...p, codeVersion: CODE_VERSION })
    .onConflictDoNothing()
    .returning({ id: rawPostings.id });
  let rawPostingId: number;
  if (ins.length) rawPostingId = ins[0].id;
  else {
    const [ex] = await db
      .select({ id: rawPostings.id })
      .from(rawPostings)
      .where(and(eq(rawPostings.sourceId, p.sourceId), eq(rawPostings.sourceKey, p.sourceKey), eq(rawPostings.contentHash, p.contentHash)));
    rawPostingId = ex.id;
  }
  const [v] = await db
    .select({ id: vacancies.id, hash: vacancies.contentHash })
    .from(vacancies)
    .where(and(eq(vacancies.sourceId, p.sourceId), eq(vacancies.sourceKey, p.sourceKey)));
  return { rawPostingId, inserted: ins.length > 0, vacancyId: v?.id ?? null, vacancyHash: v?.hash ?? null };
}

export async function getRawPosting(db: Db, id: number) {
  const [r] = await db.select().from(rawPostings).where(eq(rawPostings.id, id));
  return r ?? null;
}

/** Drop raw payloads older than `days` (the extracted posting JSON stays for reprocessing). */
export async function applyRetention(db: Db, days: number): Promise<number> {
  if (days <= 0) return 0;
  const r = await rows<{ n: number }>(
    db,
    sql`with u as (update raw_postings set payload = null
        where payload is not null and fetched_at < now() - make_interval(days => ${days}) returning 1)
        select count(*)::int as n from u`,
  );
  return r[0]?.n ?? 0;
}

export interface SourceStatusRow {
  sourceId: string;
  runs: number;
  lastRunAt: string | null;
  lastStatus: string | null;
  lastFound: number | null;
  medianFound: number | null;
  lastErrors: number | null;
  openVacancies: number;
  errors7d: number;
  /** FAILED (last run fetched nothing), YIELD DROP (last run found < half the median of the 5 before), or ''. */
  flag: string;
}

/** A run finding fewer than this share of the recent median is a sudden yield drop (layout change?). */
export const YIELD_DROP_RATIO = 0.5;
/** …but only when the recent median is at least this large (1 → 0 postings is noise, not a layout change). */
export const YIELD_DROP_MIN_MEDIAN = 4;

/** True when `found` is a sudden drop against the recent median (the crawl then closes nothing). */
export function isYieldDrop(found: number, median: number | null): boolean {
  return median !== null && median >= YIELD_DROP_MIN_MEDIAN && found < median * YIELD_DROP_RATIO;
}

export function statusFlag(s: Pick<SourceStatusRow, 'lastStatus' | 'lastFound' | 'medianFound'>): string {
  if (s.lastStatus === 'failed') return 'FAILED';
  if (s.lastFound !== null && isYieldDrop(s.lastFound, s.medianFound)) return 'YIELD DROP';
  return '';
}

export async function sourceStatus(db: Db): Promise<SourceStatusRow[]> {
  const list = await rows<Omit<SourceStatusRow, 'flag'>>(
    db,
    sql`with last as (
          select distinct on (source_id) source_id, started_at, status, postings_found, errors
          from crawl_runs order by source_id, id desc),
        prev as (
          select source_id, percentile_cont(0.5) within group (order by postings_found) as med, count(*) as n
          from (select source_id, postings_found, row_number() over (partition by source_id order by id desc) as rn
                from crawl_runs where status in ('ok','partial')) x
          where rn between 2 and 6 group by source_id),
        cnt as (select source_id, count(*) as runs from crawl_runs group by source_id)
        select s.id as "sourceId", coalesce(cnt.runs,0)::int as runs, last.started_at::text as "lastRunAt",
          last.status as "lastStatus", last.postings_found as "lastFound", prev.med::float as "medianFound",
          last.errors as "lastErrors",
          (select count(*) from vacancies v where v.source_id = s.id and v.closed_at is null)::int as "openVacancies",
          (select count(*) from crawl_errors e where e.source_id = s.id and e.at > now() - interval '7 days')::int as "errors7d"
        from sources s left join last on last.source_id = s.id left join prev on prev.source_id = s.id
        left join cnt on cnt.source_id = s.id
        order by s.id`,
  );
  return list.map((s) => ({ ...s, flag: statusFlag(s) }));
}
