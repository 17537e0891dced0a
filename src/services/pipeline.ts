/**
 * The stage handlers: crawl → normalize → dedup → extract → aggregate.
 * Thin orchestration over repositories (SQL) and pure domain code; every handler is idempotent,
 * throws UnrecoverableError for bad input and records what it skipped.
 */
import { createHash } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import type { Config } from '../config';
import { withDbRetry, type Db } from '../db/client';
import { compare, signature, type DedupRecord } from '../domain/dedup';
import { localityOf } from '../domain/dedup/from-normalized';
import { candidatePhrases, classifyFunction, extractSkills, loadTaxonomies } from '../domain/extract';
import { normalizePosting, stripPersonalData } from '../domain/normalize';
import type { RawPosting } from '../domain/types';
import * as crawlRepo from '../repositories/crawl.repo';
import * as matchRepo from '../repositories/match.repo';
import * as seriesRepo from '../repositories/series.repo';
import * as vacRepo from '../repositories/vacancy.repo';
import { jobId, parseJob, type Enqueuer, type Stage } from '../queue/stages';
import type { Handlers } from '../queue/inprocess';
import { AGGREGATE_VERSION } from '../versions';
import { crawlSource, type CrawlStats } from '../../crawlers/crawl';
import type { SourceConfig } from '../../crawlers/sources';
import { canonicalizeUrl } from '../../crawlers/extract/url';

export type Logger = (msg: string) => void;

export interface PipelineDeps {
  db: Db;
  queue: Enqueuer;
  cfg: Pick<Config, 'USER_AGENT' | 'CLOSE_AFTER_MISSED_RUNS' | 'CHROMIUM_PATH' | 'RAW_PAYLOAD_RETENTION_DAYS' | 'REPOST_WINDOW_DAYS'>;
  sources: Map<string, SourceConfig>;
  log?: Logger;
  /** Injected for tests of the bookkeeping; defaults to the real Crawlee crawler. */
  crawl?: typeof crawlSource;
  now?: () => Date;
}

/**
 * Stable hash of a posting's content (what the source published), independent of when it was fetched and of
 * the URL it was found at (the URL is identity, kept in the source key, not content).
 */
export function contentHash(p: RawPosting): string {
  const { sourceId: _s, url: _u, ...rest } = p;
  const keys = Object.keys(rest).sort();
  const stable = JSON.stringify(keys.map((k) => [k, (rest as Record<string, unknown>)[k] ?? null]));
  return createHash('sha256').update(stable).digest('hex');
}

export function sourceKeyOf(p: RawPosting): string {
  return p.externalId ? `id:${p.externalId}` : `url:${canonicalizeUrl(p.url)}`;
}

export function makeHandlers(deps: PipelineDeps): Handlers {
  const { db, queue } = deps;
  const log = deps.log ?? (() => {});
  const now = deps.now ?? (() => new Date());
  const crawl = deps.crawl ?? crawlSource;
  const dbRetryLog = (e: Error, attempt: number) => log(`database unavailable (${e.message}); retry ${attempt}`);

  const handlers: Handlers = {
    async crawl(data) {
      const job = parseJob('crawl', data);
      const source = deps.sources.get(job.sourceId);
      if (!source) throw new UnrecoverableError(`unknown source: ${job.sourceId}`);
      const startedAt = now();
      const runId = await crawlRepo.startRun(db, source.id, job.trigger);
      const totals: crawlRepo.RunTotals = {
        pagesFetched: 0, postingsFound: 0, postingsNew: 0, postingsUpdated: 0, postingsUnchanged: 0, postingsClosed: 0, errors: 0,
      };
      let status = 'ok';
      let message: string | undefined;
      let stats: CrawlStats | undefined;
      try {
        stats = await crawl(source, {
          userAgent: deps.cfg.USER_AGENT,
          maxRequests: job.maxRequests,
          browserPath: deps.cfg.CHROMIUM_PATH,
          // A database restart in the middle of a crawl must not lose the postings fetched meanwhile.
          onPosting: async (p, payload) => {
            totals.postingsFound++;
            const r = await withDbRetry(() => ingestPosting(p, payload, runId), { onRetry: dbRetryLog });
            totals[r]++;
          },
          onPageError: async (url, error) => {
            totals.errors++;
            await withDbRetry(() => crawlRepo.recordError(db, { runId, sourceId: source.id, stage: 'crawl', url, error }), { onRetry: dbRetryLog });
          },
        });
        totals.pagesFetched = stats.pagesFetched;
        if (stats.pagesFetched === 0) {
          status = 'failed';
          message = 'no page could be fetched';
        } else if (totals.errors > 0) status = 'partial';
      } catch (e) {
        status = 'failed';
        message = (e as Error).message;
        totals.errors++;
        await crawlRepo.recordError(db, { runId, sourceId: source.id, stage: 'crawl', error: message });
      }
      // Close vacancies that were not seen, but only after a healthy crawl whose yield did not collapse.
      if (status !== 'failed') {
        const prev = await crawlRepo.recentYields(db, source.id, 5, runId);
        const med = median(prev);
        if (crawlRepo.isYieldDrop(totals.postingsFound, med)) {
          status = 'partial';
          message = `yield drop: ${totals.postingsFound} postings vs median ${med} of the previous runs; nothing closed`;
        } else {
          totals.postingsClosed = await vacRepo.closeMissing(db, source.id, startedAt, deps.cfg.CLOSE_AFTER_MISSED_RUNS);
        }
        await vacRepo.refreshClusters(db, { sourceId: source.id });
      }
      await crawlRepo.finishRun(db, runId, status, totals, message);
      await crawlRepo.applyRetention(db, deps.cfg.RAW_PAYLOAD_RETENTION_DAYS);
      await queue.enqueue('aggregate', { reason: `crawl ${source.id}` }, jobId.aggregate(now()));
      log(
        `crawl ${source.id}: ${status} — pages ${totals.pagesFetched}, postings ${totals.postingsFound} ` +
          `(new ${totals.postingsNew}, updated ${totals.postingsUpdated}, unchanged ${totals.postingsUnchanged}, closed ${totals.postingsClosed}), errors ${totals.errors}` +
          (message ? ` — ${message}` : ''),
      );
      return { runId, status, ...totals };
    },

    async normalize(data) {
      const job = parseJob('normalize', data);
      const raw = await crawlRepo.getRawPosting(db, job.rawPostingId);
      if (!raw) throw new UnrecoverableError(`raw posting ${job.rawPostingId} not found`);
      const posting = raw.posting as RawPosting;
      if (!posting || typeof posting.title !== 'string' || !posting.title.trim())
        throw new UnrecoverableError(`raw posting ${raw.id} has no title`);
      const n = normalizePosting(posting, { now: raw.fetchedAt });
      const v = await vacRepo.upsertVacancy(db, {
        sourceId: raw.sourceId,
        sourceKey: raw.sourceKey,
        externalId: posting.externalId ?? null,
        url: raw.url,
        rawPostingId: raw.id,
        contentHash: raw.contentHash,
        seenAt: raw.fetchedAt,
        n,
        locality: localityOf(posting, n.geo?.gemeenteCode ?? null),
      });
      if (n.issues.length) log(`normalize ${raw.sourceId} ${raw.url}: ${n.issues.join(', ')}`);
      if (v.clusterId === null) await queue.enqueue('dedup', { vacancyId: v.id }, jobId.dedup(v.id));
      else {
        await vacRepo.refreshClusters(db, { clusterIds: [v.clusterId] });
        await queue.enqueue('extract', { vacancyId: v.id }, jobId.extract(v.id, raw.contentHash, loadTaxonomies().version));
      }
      return { vacancyId: v.id };
    },

    async dedup(data) {
      const job = parseJob('dedup', data);
      const result = await vacRepo.withDedupLock(db, async (tx) => {
        const v = await vacRepo.getVacancy(tx, job.vacancyId);
        if (!v) throw new UnrecoverableError(`vacancy ${job.vacancyId} not found`);
        if (v.clusterId !== null) return { vacancy: v, clusterId: v.clusterId, method: 'already' };
        const rec = toDedupRecord(v);
        const sig = signature(rec);
        await vacRepo.replaceDedupKeys(tx, v.id, [...sig.exactKeys, ...sig.bandKeys]);
        const cands = (await vacRepo.getVacancies(tx, await vacRepo.candidateIds(tx, v.id, [...sig.exactKeys, ...sig.bandKeys])))
          .filter((c) => c.clusterId !== null);
        let best: { c: vacRepo.VacancyRow; score: number; reason: string } | null = null;
        for (const c of cands) {
          const cr = toDedupRecord(c);
          const r = compare(rec, cr, sig, signature(cr));
          if (r.same && (!best || r.score > best.score)) best = { c, score: r.score, reason: r.reason };
        }
        if (best) {
          const clusterId = best.c.clusterId!;
          await vacRepo.addMember(tx, {
            vacancyId: v.id, clusterId, method: methodOf(best.reason), score: best.score, matchedVacancyId: best.c.id, reason: best.reason,
          });
          const [cl] = await vacRepo.getClusters(tx, [clusterId]);
          if (cl?.closedAt && v.closedAt === null) await vacRepo.reopenCluster(tx, clusterId);
          await vacRepo.refreshClusters(tx, { clusterIds: [clusterId] });
          return { vacancy: v, clusterId, method: methodOf(best.reason) };
        }
        const fm = await matchRepo.getFunctionMatch(tx, v.id);
        const clusterId = await vacRepo.createCluster(tx, v, { id: fm?.conceptId ?? null, confidence: fm?.confidence ?? null });
        await vacRepo.addMember(tx, { vacancyId: v.id, clusterId, method: 'new', score: 1, matchedVacancyId: null, reason: null });
        return { vacancy: v, clusterId, method: 'new' };
      });
      const v = result.vacancy;
      await queue.enqueue('extract', { vacancyId: v.id }, jobId.extract(v.id, v.contentHash, loadTaxonomies().version));
      return { clusterId: result.clusterId, method: result.method };
    },

    async extract(data) {
      const job = parseJob('extract', data);
      const v = await vacRepo.getVacancy(db, job.vacancyId);
      if (!v) throw new UnrecoverableError(`vacancy ${job.vacancyId} not found`);
      const tax = loadTaxonomies();
      const fn = classifyFunction(v.title, v.description, tax);
      const skills = extractSkills({ title: v.title, description: v.description, language: v.language }, tax);
      const cands = candidatePhrases(v.description, skills);
      await matchRepo.replaceMatches(db, v.id, tax.version, fn, skills, cands);
      await vacRepo.setClusterFunction(db, v.id, fn.conceptId, fn.confidence);
      await queue.enqueue('aggregate', { reason: 'extract' }, jobId.aggregate(now()));
      return { functionId: fn.conceptId, skills: skills.length };
    },

    async aggregate(data) {
      parseJob('aggregate', data);
      const tax = loadTaxonomies();
      await matchRepo.ensureTaxonomyLoaded(db, tax.version, [...tax.functions, ...tax.skills]);
      const week = await seriesRepo.rebuildSeries(db, 'week', { code: AGGREGATE_VERSION, taxonomy: tax.version });
      const month = await seriesRepo.rebuildSeries(db, 'month', { code: AGGREGATE_VERSION, taxonomy: tax.version });
      log(`aggregate: ${week.vacancyRows + month.vacancyRows} vacancy series rows, ${week.skillRows + month.skillRows} skill series rows`);
      return { week, month };
    },
  };

  /** Store a fetched posting; returns how it counts in the crawl run. */
  async function ingestPosting(
    p: RawPosting,
    payload: string,
    runId: number,
  ): Promise<'postingsNew' | 'postingsUpdated' | 'postingsUnchanged'> {
    const hash = contentHash(p);
    const sourceKey = sourceKeyOf(p);
    // The stored posting (kept for reprocessing, unlike the raw payload) holds no contact names, e-mail addresses or
    // phone numbers; the hash is of what the source published, so change tracking is unaffected.
    const stored: RawPosting = { ...p, description: stripPersonalData(p.description) };
    const r = await crawlRepo.insertRawPosting(db, {
      sourceId: p.sourceId, sourceKey, url: canonicalizeUrl(p.url), contentHash: hash, posting: stored, payload, runId,
    });
    if (r.vacancyId !== null) await vacRepo.markSeen(db, r.vacancyId, now());
    if (r.vacancyId !== null && r.vacancyHash === hash) return 'postingsUnchanged';
    // New content (or a version whose normalization never completed): (re)normalize.
    await queue.enqueue('normalize', { rawPostingId: r.rawPostingId }, jobId.normalize(r.rawPostingId));
    return r.vacancyId === null ? 'postingsNew' : 'postingsUpdated';
  }

  // A database restart or dropped connection in the middle of a stage: the handlers are idempotent (their writes are
  // transactional or upserts, their job ids deterministic), so run the job again once the database answers, inside
  // the same job, instead of spending its few BullMQ attempts on an outage. The crawl retries its own writes.
  for (const stage of ['normalize', 'dedup', 'extract', 'aggregate'] as const) {
    const h = handlers[stage] as (d: unknown) => Promise<unknown>;
    (handlers as Record<string, (d: unknown) => Promise<unknown>>)[stage] = (d: unknown) =>
      withDbRetry(() => h(d), { maxMs: 90_000, onRetry: (e, n) => log(`${stage}: database unavailable (${e.message}); retry ${n}`) });
  }
  return handlers;
}

function methodOf(reason: string): string {
  const m = /^(exact|near|meta)/.exec(reason);
  return m ? m[1] : 'meta';
}

export function toDedupRecord(v: vacRepo.VacancyRow): DedupRecord {
  return {
    id: String(v.id),
    sourceId: v.sourceId,
    externalId: v.externalId,
    url: v.url,
    titleNormalized: v.titleNormalized,
    employerNormalized: v.employerNormalized,
    realEmployer: v.realEmployer,
    gemeenteCode: v.gemeenteCode,
    locality: v.locality,
    isIntermediary: v.isIntermediary,
    description: v.description,
    hoursMin: v.hoursMin,
    hoursMax: v.hoursMax,
    datePosted: v.datePosted,
    seenAt: v.firstSeen.toISOString(),
    closedAt: v.closedAt ? v.closedAt.toISOString() : null,
  };
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export type { Stage };
