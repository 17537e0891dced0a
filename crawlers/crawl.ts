/**
 * crawlSource: crawl one configured source with Crawlee and report every posting found.
 *
 *  jsonld    robots.txt → Sitemap: lines (or a guessed /sitemap.xml when `sitemap: true`) → vacancy pages
 *            → JSON-LD/microdata; without a sitemap the start URLs are listing pages whose vacancy links are followed.
 *  listing   configured list/detail selectors + pagination; CheerioCrawler, or PlaywrightCrawler (Debian
 *            Chromium) when `browser: true`.
 *  ats-json  / xml-feed: the feed URL(s) through the same HTTP stack, with pagination when configured
 *            (query parameter, next-page link in the feed, or a field of the JSON body for POST feeds).
 *
 * Politeness: robots.txt (our agent and *), Crawl-delay, a process-wide per-host gate (requests evenly spaced at
 * rateLimitPerMinute, at most maxConcurrency in flight, 429/503 pauses the host for every source), own
 * User-Agent, Retry-After-aware back-off on 429/503 (HTTP and browser), and the source is abandoned after N
 * consecutive failures. Page-level problems go to onPageError; only an invalid source config throws.
 *
 * Network guard (SSRF): only http(s), and no private/loopback/link-local hosts — judged on the literal host and on
 * every address its name resolves to, on every redirect hop — unless the source allows them (crawlers/netguard.ts).
 * Browser crawls apply the same guard to everything the page loads (request interception + a forwarding proxy that
 * also sees redirect hops and WebSockets and pins connections to the checked address) and the same body cap to the
 * main document (crawlers/browser-guard.ts). A refused page or sub-request is a recorded error; the crawl goes on.
 * Every crawl runs on its own in-memory Crawlee Configuration (nothing written to ./storage, no collisions).
 */
import { chromium, type LaunchOptions } from 'playwright';
import { CheerioCrawler, Configuration, Log, Logger, LogLevel, PlaywrightCrawler } from 'crawlee';
import type { RawPosting } from '../src/domain/types';
import { parseSources, type SourceConfig } from './sources';
import { CrawleeHttpClient, DEFAULT_USER_AGENT, Fetcher, parseRetryAfter, sharedHostGate, type FetchPolicy, type HostGate } from './http';
import { BrowserNetworkGuard } from './browser-guard';
import { startGuardProxy, type GuardProxy } from './guard-proxy';
import type { LookupFn } from './netguard';
import { RobotsCache } from './robots';
import { buildCheerioRouter, buildPlaywrightRouter, CrawlCore, type CrawlStats, type EnqueueRequest } from './router';
import { canonicalUrlOrNull } from './extract/url';

export type { CrawlStats } from './router';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export interface CrawlOptions {
  onPosting: (p: RawPosting, payload: string) => Promise<void>;
  onPageError: (url: string, error: string) => Promise<void>;
  userAgent?: string;
  /** Upper bound of requests (pages) for this crawl. Default 2000. */
  maxRequests?: number;
  log?: (msg: string) => void;
  /** Chromium executable for browser sources (default env CHROMIUM_PATH, then /usr/bin/chromium). */
  browserPath?: string;
  /** Stop the source after this many consecutive failed requests. Default 5. */
  maxConsecutiveFailures?: number;
  /** Crawlee retries for transient errors (5xx, network). Default 2. */
  maxRequestRetries?: number;
  /** Fine-tune fetching (body cap — also applied to browser pages —, Retry-After cap, timeouts). */
  fetchPolicy?: Partial<Omit<FetchPolicy, 'userAgent' | 'allowPrivateHosts' | 'lookup'>>;
  /** DNS resolver for the private-address check of every fetched URL (default node:dns lookup; tests inject one). */
  lookup?: LookupFn;
  /** Browser: how long to wait for rendered selectors. Default 10 s. */
  selectorTimeoutMs?: number;
  /** Per-host politeness gate (default: the process-wide one, so sources sharing a domain share its limits). */
  hostGate?: HostGate;
}

/** Crawlee's log routed to opts.log (INFO) or kept quiet (WARNING) on the console. */
class CallbackLogger extends Logger {
  constructor(private readonly cb: (msg: string) => void) {
    super({});
  }
  override _log(level: LogLevel, message: string, data?: unknown, exception?: unknown): void {
    const extra = exception instanceof Error ? ` (${exception.message})` : '';
    this.cb(`[crawlee ${LogLevel[level] ?? level}] ${message}${extra}${data && typeof data === 'object' && Object.keys(data).length ? ' ' + safeJson(data) : ''}`);
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v).slice(0, 300);
  } catch {
    return '';
  }
}

function crawleeLog(sourceId: string, cb?: (msg: string) => void): Log {
  if (cb) return new Log({ level: LogLevel.INFO, prefix: `crawl:${sourceId}`, logger: new CallbackLogger(cb) });
  const envLevel = process.env.CRAWLEE_LOG_LEVEL ? (LogLevel as unknown as Record<string, number>)[process.env.CRAWLEE_LOG_LEVEL] : undefined;
  return new Log({ level: envLevel ?? LogLevel.WARNING, prefix: `crawl:${sourceId}` });
}

export async function crawlSource(source: SourceConfig, opts: CrawlOptions): Promise<CrawlStats> {
  const started = Date.now();
  // Re-validate: crawlSource is an entry point and may be handed a hand-built object.
  const src = parseSources([source], `crawlSource(${(source as { id?: string })?.id ?? '?'})`)[0];
  const stats: CrawlStats = { pagesFetched: 0, postingsFound: 0, errors: 0, robotsBlocked: 0, durationMs: 0 };
  const log = (m: string) => opts.log?.(`[${src.id}] ${m}`);
  const userAgent = opts.userAgent?.trim() || DEFAULT_USER_AGENT;
  const gate = opts.hostGate ?? sharedHostGate;
  const fetcher = new Fetcher(
    {
      ...opts.fetchPolicy,
      userAgent,
      allowPrivateHosts: src.allowPrivateHosts ?? false,
      lookup: opts.lookup,
      // Smooth spacing per host (Crawlee's maxRequestsPerMinute alone allows bursts within a minute).
      minIntervalMs: 60_000 / src.rateLimitPerMinute,
      maxConcurrentPerHost: src.maxConcurrency,
      onBackoff: (url, ms, status) => log(`HTTP ${status} on ${url}: backing off ${ms} ms`),
    },
    gate,
  );

  let stopCrawler: (reason: string) => void = () => undefined;
  /** Browser crawls only: request interception, proxy refusals and the page size cap (crawlers/browser-guard.ts). */
  let browserGuard: BrowserNetworkGuard | undefined;
  type QueuedRequest = { url: string; label: string; userData: Record<string, unknown>; uniqueKey: string; method?: 'GET' | 'POST'; payload?: string; headers?: Record<string, string> };
  let addRequests: (reqs: QueuedRequest[]) => Promise<unknown> = async () => undefined;

  const recordError = async (url: string, message: string) => {
    stats.errors++;
    try {
      await opts.onPageError(url, message);
    } catch (e) {
      log(`onPageError callback failed: ${(e as Error).message}`);
    }
  };
  const robots = new RobotsCache(fetcher, userAgent, recordError);
  const allowedHosts = new Set(src.startUrls.map((u) => new URL(u).hostname));

  const enqueue = async (reqs: EnqueueRequest[]) => {
    const ok: QueuedRequest[] = [];
    for (const r of reqs) {
      const url = canonicalUrlOrNull(r.url);
      if (!url) continue;
      const host = new URL(url).hostname;
      if (!allowedHosts.has(host)) {
        log(`skipping off-site link ${url}`);
        continue;
      }
      if (!(await robots.isAllowed(url))) {
        stats.robotsBlocked++;
        log(`robots.txt disallows ${url}`);
        continue;
      }
      if (r.method === 'POST') {
        ok.push({ url, label: r.label, userData: { ...r.userData, label: r.label }, uniqueKey: `POST ${url} ${r.payload ?? ''}`, method: 'POST', payload: r.payload ?? '', headers: { 'content-type': 'application/json' } });
      } else ok.push({ url, label: r.label, userData: { ...r.userData, label: r.label }, uniqueKey: url });
    }
    if (ok.length) await addRequests(ok);
  };

  const core = new CrawlCore({
    source: src,
    stats,
    onPosting: opts.onPosting,
    onPageError: opts.onPageError,
    enqueue,
    log,
    stop: (reason) => stopCrawler(reason),
    maxConsecutiveFailures: opts.maxConsecutiveFailures ?? 5,
  });
  // CrawlCore counts its own errors into the shared stats object.

  // Initial requests + robots preflight (also yields Sitemap: lines and Crawl-delay).
  const initial: EnqueueRequest[] = [];
  let crawlDelaySec: number | null = null;
  if (src.adapter === 'jsonld') {
    const origins = [...new Set(src.startUrls.map((u) => new URL(u).origin))];
    for (const origin of origins) {
      const info = await robots.get(origin);
      if (info.crawlDelaySec != null) crawlDelaySec = Math.max(crawlDelaySec ?? 0, info.crawlDelaySec);
      // sitemap: false = never use sitemaps (crawl the start URLs as listing pages).
      const sitemaps = (src.sitemap === false ? [] : info.sitemaps).filter((s) => {
        const h = new URL(s).hostname;
        return allowedHosts.has(h);
      });
      if (sitemaps.length) initial.push(...sitemaps.map((url) => ({ url, label: 'SITEMAP' as const, userData: { depth: 0 } })));
      else if (src.sitemap && !info.unavailable) initial.push({ url: `${origin}/sitemap.xml`, label: 'SITEMAP', userData: { depth: 0, guessedSitemap: true } });
      else initial.push(...src.startUrls.filter((u) => new URL(u).origin === origin).map((url) => ({ url, label: 'LIST' as const, userData: { start: true } })));
    }
  } else {
    for (const origin of new Set(src.startUrls.map((u) => new URL(u).origin))) {
      const info = await robots.get(origin);
      if (info.crawlDelaySec != null) crawlDelaySec = Math.max(crawlDelaySec ?? 0, info.crawlDelaySec);
    }
    if (src.adapter === 'listing') initial.push(...src.startUrls.map((url) => ({ url, label: 'LIST' as const, userData: { start: true } })));
    else if (src.ats?.method === 'POST') {
      const ats = src.ats;
      const body: Record<string, unknown> = { ...(ats.body ?? {}) };
      if (ats.pageParam && body[ats.pageParam] == null) body[ats.pageParam] = ats.pageStart ?? (/offset|start|skip/i.test(ats.pageParam) ? 0 : 1);
      initial.push(...src.startUrls.map((url) => ({ url, label: 'FEED' as const, method: 'POST' as const, payload: JSON.stringify(body), userData: { page: 0 } })));
    } else initial.push(...src.startUrls.map((url) => ({ url, label: 'FEED' as const, userData: { page: 0 } })));
  }

  let perMinute = src.rateLimitPerMinute;
  if (crawlDelaySec && crawlDelaySec > 0) {
    perMinute = Math.max(1, Math.min(perMinute, Math.floor(60 / crawlDelaySec)));
    log(`robots.txt Crawl-delay ${crawlDelaySec} s: at most ${perMinute} requests per minute`);
  }
  const policy = fetcher.policy;
  policy.minIntervalMs = Math.max(policy.minIntervalMs, 60_000 / perMinute, (crawlDelaySec ?? 0) * 1000);
  // The navigation timeout must leave room for our own Retry-After waits and the per-host spacing inside one request.
  const navigationTimeoutSecs =
    Math.ceil((policy.timeoutMs * (policy.maxBackoffRetries + 1) + policy.retryAfterCapMs * policy.maxBackoffRetries + policy.minIntervalMs * src.maxConcurrency) / 1000) + 5;

  const config = new Configuration({ persistStorage: false, purgeOnStart: true, storageClientOptions: { persistStorage: false } });
  const common = {
    maxConcurrency: src.maxConcurrency,
    // Start at the configured concurrency instead of Crawlee's slow autoscaling ramp-up; the host gate spaces requests.
    minConcurrency: src.maxConcurrency,
    maxRequestsPerMinute: perMinute,
    maxRequestsPerCrawl: opts.maxRequests ?? 2000,
    maxRequestRetries: opts.maxRequestRetries ?? 2,
    useSessionPool: false,
    retryOnBlocked: false,
    requestHandlerTimeoutSecs: 120,
    navigationTimeoutSecs,
    statusMessageLoggingInterval: 600,
    log: crawleeLog(src.id, opts.log),
    errorHandler: async ({ request }: { request: { url: string; uniqueKey: string; retryCount: number; noRetry: boolean } }, error: Error) => {
      // A page the network guard refused (blocked host, redirect to one, body over the cap) will not get better.
      if (browserGuard?.refusal(request.uniqueKey)) {
        request.noRetry = true;
        return;
      }
      log(`retry ${request.retryCount + 1} for ${request.url}: ${error.message}`);
    },
    failedRequestHandler: async ({ request }: { request: { url: string; uniqueKey: string; userData?: Record<string, unknown> } }, error: Error) => {
      await core.pageFailed(request.url, browserGuard?.refusal(request.uniqueKey) ?? cleanCrawleeMessage(error), request.userData ?? {});
      const blocked = (await browserGuard?.takeBlocked(request.uniqueKey)) ?? [];
      if (blocked.length) await core.recordError(request.url, BrowserNetworkGuard.describe(blocked));
    },
  };

  const useBrowser = src.browser;
  let crawler: CheerioCrawler | PlaywrightCrawler;
  let proxy: GuardProxy | undefined;
  if (useBrowser) {
    const executablePath = opts.browserPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    // Every browser request passes the same guard as the HTTP fetcher: interception per page + a forwarding proxy
    // for what interception cannot see (redirect hops, WebSockets), with connections pinned to checked addresses.
    const pageGuard = new BrowserNetworkGuard(fetcher.guard, { maxBodyBytes: policy.maxBodyBytes, log });
    browserGuard = pageGuard;
    try {
      proxy = await startGuardProxy(fetcher.guard, { onBlocked: pageGuard.proxyBlocked, token: pageGuard.proxyToken });
    } catch (e) {
      await recordError(src.startUrls[0], `crawl aborted: cannot start the browser's network guard proxy: ${(e as Error).message}`);
      stats.durationMs = Date.now() - started;
      return stats;
    }
    crawler = new PlaywrightCrawler(
      {
        ...common,
        requestHandler: buildPlaywrightRouter(core, src, {
          selectorTimeoutMs: opts.selectorTimeoutMs ?? 10_000,
          guard: browserGuard,
          onThrottled: (url, status, retryAfter) => {
            const wait = Math.min(policy.retryAfterCapMs, parseRetryAfter(retryAfter) ?? policy.backoffBaseMs);
            gate.pause(new URL(url).host, Date.now() + wait);
            log(`HTTP ${status} on ${url}: backing off ${wait} ms`);
          },
        }),
        navigationTimeoutSecs: Math.min(navigationTimeoutSecs, 60),
        launchContext: {
          launcher: chromium,
          userAgent,
          useIncognitoPages: false,
          // serviceWorkers: 'block' — a service worker's own fetches would bypass per-page interception.
          launchOptions: { executablePath, args: CHROMIUM_ARGS, headless: true, proxy: { server: proxy.url }, serviceWorkers: 'block' } as LaunchOptions,
        },
        browserPoolOptions: { useFingerprints: false, retireBrowserAfterPageCount: 1000 },
        headless: true,
        preNavigationHooks: [
          async ({ request, page }, gotoOptions) => {
            if (gotoOptions) gotoOptions.waitUntil = 'domcontentloaded';
            await pageGuard.attach(page, request);
            // Same per-host spacing and 429 pauses as the HTTP fetcher (navigations only; the page's own XHRs are not gated).
            const release = await gate.acquire(new URL(request.url).host, policy.minIntervalMs);
            release();
          },
        ],
      },
      config,
    );
  } else {
    crawler = new CheerioCrawler(
      {
        ...common,
        requestHandler: buildCheerioRouter(core),
        httpClient: new CrawleeHttpClient(fetcher),
        additionalMimeTypes: ['application/json', 'application/ld+json', 'text/plain', 'application/rss+xml', 'application/atom+xml', 'text/xml', 'application/xml'],
        ignoreSslErrors: false,
      },
      config,
    );
  }
  stopCrawler = (reason) => crawler.stop(reason);
  addRequests = (reqs) => crawler.addRequests(reqs);

  try {
    await enqueue(initial);
    if (stats.robotsBlocked > 0 && (await crawler.getRequestQueue().then((q) => q.isEmpty()))) {
      log('every start URL is disallowed by robots.txt');
    }
    await crawler.run();
  } catch (e) {
    await recordError(src.startUrls[0], `crawl aborted: ${(e as Error).message}`);
  } finally {
    await crawler.teardown().catch(() => undefined);
    await proxy?.close().catch(() => undefined);
  }
  stats.durationMs = Date.now() - started;
  log(`done: ${stats.pagesFetched} pages, ${stats.postingsFound} postings, ${stats.errors} errors, ${stats.robotsBlocked} blocked by robots.txt in ${stats.durationMs} ms`);
  return stats;
}

/** Crawlee prefixes and stack traces are noise in a page error record. */
function cleanCrawleeMessage(error: Error): string {
  return String(error?.message ?? error)
    .split('\n')[0]
    .replace(/^Error:\s*/, '')
    .slice(0, 500);
}
