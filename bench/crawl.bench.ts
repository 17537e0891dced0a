/**
 * Crawl throughput: crawlSource (robots.txt, per-host gate, canonicalisation, extraction, callbacks) against a
 * bare Crawlee crawler fetching exactly the same pages from the same local replica in the same run.
 *
 *  cheerio     demo-zorgbanen (jsonld adapter: robots → sitemaps → detail pages) with `benchPages` extra vacancies;
 *              limit = bare CheerioCrawler GETting the same sitemap + detail URLs (parse only, no extraction).
 *  playwright  demo-wizn (listing adapter, browser: true, Debian Chromium) capped by maxRequests;
 *              limit = bare PlaywrightCrawler opening the same list + detail URLs and waiting for the same
 *              rendered selector.
 *
 * Both sides get the same maxConcurrency and maxRequestsPerMinute; crawlSource's per-host spacing at the
 * maximum allowed rateLimitPerMinute (20,000/min) additionally caps it at ~333 requests/s.
 * ratio = crawlSource pages/s ÷ bare pages/s (1.0 = no overhead). peakRssMb: this process, plus Chromium's
 * processes for the Playwright rows. Quick: 300 Cheerio pages, 16 browser pages; full: 2,000 and 80.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright';
import { CheerioCrawler, Configuration, Log, LogLevel, PlaywrightCrawler } from 'crawlee';
import type { BenchRow } from './types';
import { startReplica } from '../crawlers/replica/server';
import { demoSources } from '../crawlers/replica/sources';
import { crawlSource, CHROMIUM_ARGS, type CrawlStats } from '../crawlers/crawl';
import type { SourceConfig } from '../crawlers/sources';

const BROWSER = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** RSS (MB) of this process plus, optionally, all its descendant processes (Chromium). */
function rssMb(withChildren: boolean): number {
  let total = process.memoryUsage().rss;
  if (withChildren) {
    try {
      const parent = new Map<number, number>();
      const rss = new Map<number, number>();
      for (const d of readdirSync('/proc')) {
        if (!/^\d+$/.test(d)) continue;
        try {
          const status = readFileSync(`/proc/${d}/status`, 'utf8');
          const pp = /PPid:\s+(\d+)/.exec(status);
          const r = /VmRSS:\s+(\d+) kB/.exec(status);
          if (pp) parent.set(Number(d), Number(pp[1]));
          if (r) rss.set(Number(d), Number(r[1]) * 1024);
        } catch {
          /* process ended */
        }
      }
      for (const [pid, bytes] of rss) {
        let p = parent.get(pid);
        for (let depth = 0; p && depth < 10; depth++) {
          if (p === process.pid) {
            total += bytes;
            break;
          }
          p = parent.get(p);
        }
      }
    } catch {
      /* no /proc */
    }
  }
  return total / 2 ** 20;
}

/** Sample peak RSS while fn runs. */
async function withPeak<T>(withChildren: boolean, fn: () => Promise<T>): Promise<{ result: T; peakMb: number; seconds: number }> {
  let peak = rssMb(withChildren);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(withChildren))), withChildren ? 250 : 50);
  const t0 = performance.now();
  try {
    const result = await fn();
    return { result, peakMb: Math.max(peak, rssMb(withChildren)), seconds: (performance.now() - t0) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

const quietLog = () => new Log({ level: LogLevel.ERROR });
const memConfig = () => new Configuration({ persistStorage: false, purgeOnStart: true, storageClientOptions: { persistStorage: false } });

async function ours(src: SourceConfig, maxRequests: number): Promise<{ stats: CrawlStats; urls: string[]; postings: number }> {
  const urls: string[] = [];
  let postings = 0;
  const stats = await crawlSource(src, {
    maxRequests,
    browserPath: BROWSER,
    onPosting: async (p) => {
      postings++;
      urls.push(p.url);
    },
    onPageError: async () => undefined,
    log: (m) => {
      const x = /\] (?:sitemap|list) (https?:\/\/\S+?): \d/.exec(m);
      if (x) urls.push(x[1]);
    },
  });
  return { stats, urls: [...new Set(urls)], postings };
}

export async function run(opts: { quick: boolean; log: (m: string) => void }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const cheerioPages = opts.quick ? 300 : 2000;
  const browserPages = opts.quick ? 16 : 80;
  const replica = await startReplica({ port: 0, benchPages: cheerioPages });
  try {
    const sources = demoSources(replica.baseUrl);
    // ---------------------------------------------------------------- Cheerio (jsonld adapter)
    const zb = { ...sources.find((s) => s.id === 'demo-zorgbanen')!, rateLimitPerMinute: 20_000, maxConcurrency: 8 };
    // Warm-up (module init, JIT, connection pool) on a small crawl, not measured.
    await ours(zb, 20);
    const a = await withPeak(false, () => ours(zb, 100_000));
    const oursRate = a.result.stats.pagesFetched / a.seconds;
    opts.log(`crawlSource cheerio: ${a.result.stats.pagesFetched} pages, ${a.result.postings} postings in ${a.seconds.toFixed(2)} s`);
    let bareCount = 0;
    const bare = new CheerioCrawler(
      {
        maxConcurrency: zb.maxConcurrency,
        minConcurrency: zb.maxConcurrency,
        maxRequestsPerMinute: zb.rateLimitPerMinute,
        maxRequestRetries: 0,
        useSessionPool: false,
        additionalMimeTypes: ['application/xml', 'text/xml'],
        log: quietLog(),
        statusMessageLoggingInterval: 600,
        requestHandler: async ({ $ }) => {
          if ($.root().children().length > 0) bareCount++;
        },
      },
      memConfig(),
    );
    const b = await withPeak(false, async () => {
      await bare.run(a.result.urls.map((url) => ({ url, uniqueKey: url })));
    });
    await bare.teardown().catch(() => undefined);
    const bareRate = bareCount / b.seconds;
    opts.log(`bare CheerioCrawler: ${bareCount} pages in ${b.seconds.toFixed(2)} s`);
    rows.push({
      name: 'crawlSource cheerio (jsonld: robots → sitemap → JSON-LD)',
      value: oursRate,
      unit: 'pages/s',
      limit: bareRate,
      limitName: 'bare CheerioCrawler, same URLs',
      ratio: oursRate / bareRate,
      peakRssMb: a.peakMb,
      note: `${a.result.stats.pagesFetched} pages (+robots.txt), ${a.result.postings} postings, concurrency ${zb.maxConcurrency}; bare ${bareCount} pages, peak RSS ${Math.round(b.peakMb)} MB`,
    });

    // ---------------------------------------------------------------- Playwright (listing adapter, browser)
    const wz = { ...sources.find((s) => s.id === 'demo-wizn')!, rateLimitPerMinute: 20_000 };
    const c = await withPeak(true, () => ours(wz, browserPages));
    const oursB = c.result.stats.pagesFetched / c.seconds;
    opts.log(`crawlSource playwright: ${c.result.stats.pagesFetched} pages, ${c.result.postings} postings in ${c.seconds.toFixed(2)} s`);
    let bareB = 0;
    const detailSel = wz.selectors!.detail!.title;
    const listSel = wz.selectors!.list!.item;
    const pw = new PlaywrightCrawler(
      {
        maxConcurrency: wz.maxConcurrency,
        minConcurrency: wz.maxConcurrency,
        maxRequestsPerMinute: wz.rateLimitPerMinute,
        maxRequestRetries: 0,
        useSessionPool: false,
        log: quietLog(),
        statusMessageLoggingInterval: 600,
        launchContext: { launcher: chromium, useIncognitoPages: false, launchOptions: { executablePath: BROWSER, args: CHROMIUM_ARGS, headless: true } },
        browserPoolOptions: { useFingerprints: false },
        headless: true,
        preNavigationHooks: [
          async (_ctx, goto) => {
            if (goto) goto.waitUntil = 'domcontentloaded';
          },
        ],
        requestHandler: async ({ page, request }) => {
          await page.waitForSelector(request.url.includes('/wizn/vacature/') ? detailSel : listSel, { timeout: 10_000 }).catch(() => undefined);
          if ((await page.content()).length > 0) bareB++;
        },
      },
      memConfig(),
    );
    const d = await withPeak(true, async () => {
      await pw.run(c.result.urls.map((url) => ({ url, uniqueKey: url })));
    });
    await pw.teardown().catch(() => undefined);
    const bareBRate = bareB / d.seconds;
    opts.log(`bare PlaywrightCrawler: ${bareB} pages in ${d.seconds.toFixed(2)} s`);
    rows.push({
      name: 'crawlSource playwright (listing, Chromium)',
      value: oursB,
      unit: 'pages/s',
      limit: bareBRate,
      limitName: 'bare PlaywrightCrawler, same URLs',
      ratio: oursB / bareBRate,
      peakRssMb: c.peakMb,
      note: `${c.result.stats.pagesFetched} pages incl. browser start, concurrency ${wz.maxConcurrency}; RSS incl. Chromium; bare peak ${Math.round(d.peakMb)} MB`,
    });
  } finally {
    await replica.close();
  }
  return rows;
}
