/**
 * Crawl logic per request label, shared by the Cheerio (plain HTTP) and Playwright (browser) crawlers.
 *
 * Labels:
 *  - SITEMAP: a sitemap index or urlset → more SITEMAPs / DETAIL pages (vacancy-looking URLs only)
 *  - LIST:    a listing page → DETAIL links + next LIST page (configured selectors, or link heuristics)
 *  - DETAIL:  a vacancy page → postings (JSON-LD/microdata, or CSS selectors for the listing adapter)
 *  - FEED:    an ATS JSON / XML feed page → postings (+ next feed page)
 *
 * The routers are thin: they only obtain the page body (from Cheerio's HTTP response or the rendered DOM)
 * and hand it to CrawlCore.handlePage, so everything below is exercised identically by both crawlers.
 */
import * as cheerio from 'cheerio';
import { createCheerioRouter, createPlaywrightRouter } from 'crawlee';
import type { RawPosting } from '../src/domain/types';
import type { SourceConfig } from './sources';
import { extractAtsItems } from './extract/ats';
import { extractListLinks, extractWithSelectors } from './extract/html';
import { extractJsonLdItems } from './extract/jsonld';
import { canonicalUrlOrNull, resolveLink } from './extract/url';
import { PermanentFetchError } from './http';
import { BrowserNetworkGuard } from './browser-guard';

export type Label = 'SITEMAP' | 'LIST' | 'DETAIL' | 'FEED';
export const LABELS: Label[] = ['SITEMAP', 'LIST', 'DETAIL', 'FEED'];

export interface CrawlStats {
  pagesFetched: number;
  postingsFound: number;
  errors: number;
  robotsBlocked: number;
  durationMs: number;
}

export interface EnqueueRequest {
  url: string;
  label: Label;
  userData?: Record<string, unknown>;
  /** POST feeds (Workday-style): method and JSON body. */
  method?: 'GET' | 'POST';
  payload?: string;
}

export interface PageInput {
  label: Label;
  /** The URL as requested. */
  url: string;
  /** The URL after redirects (defaults to url). */
  loadedUrl?: string;
  body: string;
  userData: Record<string, unknown>;
  /** Request body of a POST feed request. */
  payload?: string;
}

/** Default "is this a vacancy detail page" test: a path segment after vacature(s)/vacancy/job/functie. */
export const DEFAULT_DETAIL_PATTERN = /\/(vacatures?|vacancy|vacancies|jobs?|functies?|werken-bij\/vacatures?)\/[^/?#]+/i;
const PAGINATION_TEXT = /^\s*(volgende|next|»|›|>|volgende pagina|meer vacatures)\s*$/i;

export interface CoreDeps {
  source: SourceConfig;
  stats: CrawlStats;
  onPosting: (p: RawPosting, payload: string) => Promise<void>;
  onPageError: (url: string, error: string) => Promise<void>;
  enqueue: (reqs: EnqueueRequest[]) => Promise<void>;
  log: (msg: string) => void;
  /** Called when the source must be abandoned (too many consecutive failures). */
  stop: (reason: string) => void;
  maxConsecutiveFailures: number;
  maxSitemapDepth?: number;
}

export class CrawlCore {
  private consecutiveFailures = 0;
  private stopped = false;
  private readonly seenPostings = new Set<string>();
  private readonly detailPattern: RegExp;

  constructor(private readonly d: CoreDeps) {
    this.detailPattern = d.source.detailUrlPattern ? new RegExp(d.source.detailUrlPattern, 'i') : DEFAULT_DETAIL_PATTERN;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  isDetailUrl(url: string): boolean {
    try {
      const u = new URL(url);
      return this.detailPattern.test(u.pathname + u.search);
    } catch {
      return false;
    }
  }

  async recordError(url: string, message: string): Promise<void> {
    this.d.stats.errors++;
    try {
      await this.d.onPageError(url, message);
    } catch (e) {
      this.d.log(`onPageError callback failed for ${url}: ${(e as Error).message}`);
    }
  }

  /** A request failed for good (after Crawlee's retries, or immediately for permanent errors). */
  async pageFailed(url: string, error: Error | string, userData: Record<string, unknown> = {}): Promise<void> {
    const message = typeof error === 'string' ? error : error.message;
    // A guessed /sitemap.xml that does not exist is not an error: fall back to the start URLs.
    if (userData.guessedSitemap) {
      this.d.log(`no sitemap at ${url} (${message}); crawling start URLs as listing pages`);
      await this.d.enqueue(this.d.source.startUrls.map((u) => ({ url: u, label: 'LIST' as const, userData: { start: true } })));
      return;
    }
    if (this.stopped) {
      // Requests that were already in flight when the source was abandoned: not worth separate records.
      this.d.log(`after stop: ${url} failed (${message})`);
      return;
    }
    await this.recordError(url, message);
    this.consecutiveFailures++;
    if (!this.stopped && this.consecutiveFailures >= this.d.maxConsecutiveFailures) {
      this.stopped = true;
      const reason = `stopping crawl of source ${this.d.source.id} after ${this.consecutiveFailures} consecutive failed requests (last: ${message})`;
      await this.recordError(this.d.source.startUrls[0], reason);
      this.d.log(reason);
      this.d.stop(reason);
    }
  }

  private async emit(posting: RawPosting, payload: string, pageUrl: string): Promise<void> {
    const key = posting.externalId ? `id:${posting.externalId}` : `url:${posting.url}|${posting.title}`;
    if (this.seenPostings.has(key)) return;
    this.seenPostings.add(key);
    this.d.stats.postingsFound++;
    try {
      await this.d.onPosting(posting, payload);
    } catch (e) {
      await this.recordError(pageUrl, `onPosting failed for ${posting.url}: ${(e as Error).message}`);
    }
  }

  async handlePage(input: PageInput): Promise<void> {
    if (this.stopped) return;
    this.d.stats.pagesFetched++;
    this.consecutiveFailures = 0;
    const pageUrl = input.loadedUrl || input.url;
    switch (input.label) {
      case 'SITEMAP':
        return this.sitemap(input, pageUrl);
      case 'LIST':
        return this.list(input, pageUrl);
      case 'DETAIL':
        return this.detail(input, pageUrl);
      case 'FEED':
        return this.feed(input, pageUrl);
      default:
        await this.recordError(pageUrl, `unknown request label ${String(input.label)}`);
    }
  }

  private async sitemap(input: PageInput, pageUrl: string): Promise<void> {
    const body = input.body.replace(/^\uFEFF/, '').trim();
    const depth = Number(input.userData.depth ?? 0);
    if (!/^<(\?xml|urlset|sitemapindex|!--)/i.test(body)) {
      if (input.userData.guessedSitemap) return this.pageFailed(pageUrl, 'not a sitemap', input.userData);
      await this.recordError(pageUrl, 'sitemap is not XML');
      return;
    }
    const $ = cheerio.load(body, { xml: true });
    const locs = (sel: string) =>
      $(sel)
        .toArray()
        .map((el) => $(el).text().trim())
        .filter(Boolean);
    const children = locs('sitemapindex > sitemap > loc');
    const urls = locs('urlset > url > loc');
    if (children.length === 0 && urls.length === 0) {
      await this.recordError(pageUrl, 'sitemap contains no <loc> entries');
      return;
    }
    if (children.length) {
      if (depth >= (this.d.maxSitemapDepth ?? 3)) {
        await this.recordError(pageUrl, `sitemap index nesting deeper than ${this.d.maxSitemapDepth ?? 3}; ignored`);
      } else {
        await this.d.enqueue(
          children.map((u) => canonicalUrlOrNull(u, pageUrl)).filter((u): u is string => !!u).map((url) => ({ url, label: 'SITEMAP' as const, userData: { depth: depth + 1 } })),
        );
      }
    }
    const details = urls.map((u) => canonicalUrlOrNull(u, pageUrl)).filter((u): u is string => !!u && this.isDetailUrl(u));
    this.d.log(`sitemap ${pageUrl}: ${children.length} child sitemaps, ${details.length}/${urls.length} vacancy URLs`);
    if (details.length) await this.d.enqueue(details.map((url) => ({ url, label: 'DETAIL' as const })));
    else if (depth === 0 && children.length === 0) {
      // A sitemap without vacancy URLs: fall back to the listing pages.
      await this.d.enqueue(this.d.source.startUrls.map((u) => ({ url: u, label: 'LIST' as const, userData: { start: true } })));
    }
  }

  /** Link heuristics for listing pages without configured selectors (jsonld adapter without a sitemap). */
  private heuristicLinks(html: string, pageUrl: string): { links: string[]; next: string | null } {
    const $ = cheerio.load(html);
    const links = new Set<string>();
    let next: string | null = null;
    const here = new URL(pageUrl);
    $('a[href]').each((_, el) => {
      const href = $(el).attr('href');
      const abs = resolveLink(href, pageUrl);
      if (!abs) return;
      const u = new URL(abs);
      if (u.hostname !== here.hostname) return;
      const rel = ($(el).attr('rel') ?? '').toLowerCase();
      if (!next && (rel.split(/\s+/).includes('next') || PAGINATION_TEXT.test($(el).text()))) {
        next = abs;
        return;
      }
      if (this.isDetailUrl(abs)) links.add(abs);
    });
    if (!next) next = resolveLink($('link[rel="next"]').attr('href'), pageUrl);
    if (next && next === canonicalUrlOrNull(pageUrl)) next = null;
    return { links: [...links], next };
  }

  private async list(input: PageInput, pageUrl: string): Promise<void> {
    const list = this.d.source.selectors?.list;
    let links: string[];
    let next: string | null;
    if (list) {
      const r = extractListLinks(input.body, pageUrl, list);
      for (const e of r.errors) await this.recordError(pageUrl, e);
      links = r.links;
      next = r.next;
    } else {
      ({ links, next } = this.heuristicLinks(input.body, pageUrl));
    }
    const pageNo = Number(input.userData.page ?? 1);
    this.d.log(`list ${pageUrl}: ${links.length} vacancy links${next ? `, next ${next}` : ''}`);
    if (links.length === 0 && input.userData.start) {
      await this.recordError(
        pageUrl,
        this.d.source.browser
          ? 'listing page has no vacancy items (selectors outdated?)'
          : 'listing page has no vacancy items (selectors outdated, or the page is rendered by JavaScript: set browser: true)',
      );
    }
    const reqs: EnqueueRequest[] = links.map((url) => ({ url, label: 'DETAIL' as const }));
    if (next && links.length > 0) reqs.push({ url: next, label: 'LIST', userData: { page: pageNo + 1 } });
    await this.d.enqueue(reqs);
  }

  private async detail(input: PageInput, pageUrl: string): Promise<void> {
    const s = this.d.source;
    const errors: string[] = [];
    let emitted = 0;
    if (s.adapter === 'listing' && s.selectors?.detail) {
      const r = extractWithSelectors(input.body, pageUrl, s.id, s.selectors.detail);
      if (r.postings.length) {
        // Enrich with JSON-LD fields the selectors do not cover (identifier, dates, salary) when present.
        const ld = extractJsonLdItems(input.body, pageUrl, s.id).items[0]?.posting;
        for (const p of r.postings) {
          const merged: RawPosting = ld ? { ...ld, ...stripEmpty(p), url: p.url } : p;
          await this.emit(merged, input.body, pageUrl);
          emitted++;
        }
      } else errors.push(...r.errors);
    }
    if (emitted === 0) {
      const r = extractJsonLdItems(input.body, pageUrl, s.id);
      for (const item of r.items) {
        await this.emit(item.posting, item.raw ?? input.body, pageUrl);
        emitted++;
      }
      // Problems with individual blocks are worth recording even when another block yielded the posting.
      errors.push(...r.errors);
      if (emitted === 0 && r.errors.length === 0) errors.push('no schema.org JobPosting (JSON-LD or microdata) found');
    }
    if (errors.length) await this.recordError(pageUrl, errors.join('; '));
  }

  private async feed(input: PageInput, pageUrl: string): Promise<void> {
    const s = this.d.source;
    const ats = s.ats!;
    const r = extractAtsItems(input.body, ats.format, s.id, ats.linkBase ?? pageUrl, { itemElement: ats.itemElement });
    for (const item of r.items) await this.emit(item.posting, item.raw, pageUrl);
    if (r.errors.length) await this.recordError(pageUrl, r.errors.join('; '));
    const page = Number(input.userData.page ?? 0);
    const seen = Number(input.userData.seen ?? 0) + r.items.length;
    const maxPages = ats.maxPages ?? 50;
    const more = r.items.length > 0 && page + 1 < maxPages && (r.total == null || seen < r.total);
    const start = ats.pageStart ?? (ats.pageParam && /offset|start|skip/i.test(ats.pageParam) ? 0 : 1);
    if (ats.method === 'POST') {
      // POST feeds page through a field of the JSON body ({"offset": 20, "limit": 20}).
      if (!ats.pageParam || !more) return;
      let body: Record<string, unknown>;
      try {
        body = input.payload ? JSON.parse(input.payload) : { ...(ats.body ?? {}) };
      } catch {
        body = { ...(ats.body ?? {}) };
      }
      const current = Number(body[ats.pageParam] ?? start);
      body[ats.pageParam] = current + (ats.pageStep ?? 1);
      await this.d.enqueue([{ url: input.url, label: 'FEED', method: 'POST', payload: JSON.stringify(body), userData: { page: page + 1, seen } }]);
      return;
    }
    let next = r.next;
    if (!next && ats.pageParam && more) {
      const u = new URL(pageUrl);
      const current = Number(u.searchParams.get(ats.pageParam) ?? start);
      u.searchParams.set(ats.pageParam, String(current + (ats.pageStep ?? 1)));
      next = u.toString();
    }
    if (next && page + 1 < maxPages) await this.d.enqueue([{ url: next, label: 'FEED', userData: { page: page + 1, seen } }]);
  }
}

function stripEmpty<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v != null && v !== '')) as Partial<T>;
}

/** Router for CheerioCrawler (also used for JSON/XML feeds: the raw body is passed on). */
export function buildCheerioRouter(core: CrawlCore) {
  const router = createCheerioRouter();
  for (const label of LABELS) {
    router.addHandler(label, async ({ request, body }) => {
      await core.handlePage({
        label,
        url: request.url,
        loadedUrl: request.loadedUrl,
        body: typeof body === 'string' ? body : Buffer.from(body).toString('utf8'),
        userData: request.userData ?? {},
        payload: typeof request.payload === 'string' ? request.payload : undefined,
      });
    });
  }
  router.addDefaultHandler(async ({ request }) => {
    await core.recordError(request.url, `request without a known label (${String(request.label)})`);
  });
  return router;
}

export interface BrowserWaits {
  /** Max wait for rendered selectors. */
  selectorTimeoutMs: number;
  /** A 429/503 was answered: pause the host (wait in ms from Retry-After, or null when absent). */
  onThrottled?: (url: string, status: number, retryAfter: string | null) => void;
  /** Network guard of the crawl: refused documents fail the request, refused sub-requests are recorded. */
  guard?: BrowserNetworkGuard;
}

/** Router for PlaywrightCrawler: waits for the configured selectors, then hands the rendered DOM on. */
export function buildPlaywrightRouter(core: CrawlCore, source: SourceConfig, waits: BrowserWaits) {
  const router = createPlaywrightRouter();
  for (const label of LABELS) {
    router.addHandler(label, async ({ request, page, response }) => {
      // Before the status: a redirect hop refused by the guard proxy arrives as its 403.
      waits.guard?.assertDocument(request, response);
      const status = response?.status() ?? 200;
      if (status === 429 || status === 503) {
        // Transient: pause the host (Retry-After) and let Crawlee retry the request after the pause.
        waits.onThrottled?.(request.url, status, (await response?.allHeaders().catch(() => ({}) as Record<string, string>))?.['retry-after'] ?? null);
        throw new Error(`HTTP ${status} for ${request.url}`);
      }
      if (status >= 400) throw new PermanentFetchError(`HTTP ${status} for ${request.url}`, status);
      let body: string;
      if (label === 'SITEMAP' || label === 'FEED') {
        body = response ? await response.text() : await page.content();
      } else {
        const sel = label === 'LIST' ? source.selectors?.list?.item : source.selectors?.detail?.title;
        if (sel) {
          // Missing selectors are not fatal here: an empty last page is legitimate; the core records it.
          await page.waitForSelector(sel, { timeout: waits.selectorTimeoutMs }).catch(() => undefined);
        } else {
          await page.waitForLoadState('networkidle', { timeout: waits.selectorTimeoutMs }).catch(() => undefined);
        }
        body = await page.content();
      }
      // Streamed past the cap while rendering, or a DOM built up by scripts beyond it.
      waits.guard?.assertDocument(request, null, body);
      await core.handlePage({ label, url: request.url, loadedUrl: request.loadedUrl ?? page.url(), body, userData: request.userData ?? {} });
      const blocked = (await waits.guard?.takeBlocked(request.uniqueKey)) ?? [];
      if (blocked.length) await core.recordError(request.url, BrowserNetworkGuard.describe(blocked));
    });
  }
  router.addDefaultHandler(async ({ request }) => {
    await core.recordError(request.url, `request without a known label (${String(request.label)})`);
  });
  return router;
}
