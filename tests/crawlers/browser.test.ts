/** listing adapter with browser: true — PlaywrightCrawler + Debian Chromium on the JavaScript-rendered fixture pages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSource, pathOf, runCrawl, startTestServer, type TestServer } from './helpers';

const UA = 'NoordVacatureMonitorTest/1.0 (+browser)';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer([
    // The second vacancy answers 429 + Retry-After once; the browser crawler must pause and retry.
    (_req, res, { url }) => {
      if (url.pathname === '/js/vacature' && url.searchParams.get('id') === 'd-2' && server.log.filter((l) => l.path === '/js/vacature' && l.search === '?id=d-2').length === 1) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' });
        res.end('Too Many Requests');
        return true;
      }
    },
  ]);
});
afterAll(async () => server?.close());

describe('Playwright listing adapter', () => {
  it('renders list and detail pages in Chromium, paginates, honours Retry-After and sends our User-Agent', async () => {
    const src = localSource(server.base, {
      id: 'fx-browser',
      adapter: 'listing',
      browser: true,
      maxConcurrency: 2,
      startUrls: [`${server.base}/js/vacatures`],
      selectors: {
        list: { item: '.kaart', link: 'a.link', next: 'a.meer' },
        detail: { title: 'h1.kop', description: '.omschrijving', employer: '.org', location: '.waar', hours: '.uren' },
      },
    });
    const r = await runCrawl(src, { userAgent: UA, browserPath: '/usr/bin/chromium' });
    expect(r.errors).toEqual([]);
    expect(r.postings.map((p) => pathOf(p.url)).sort()).toEqual(['/js/vacature?id=d-1', '/js/vacature?id=d-2', '/js/vacature?id=d-3']);
    const d1 = r.postings.find((p) => p.url.endsWith('d-1'))!;
    expect(d1).toMatchObject({ title: 'Begeleider gehandicaptenzorg', employerName: 'Stichting Esdal', locationText: '9401 RK Assen', postalCode: '9401 RK', hoursText: '24-28 uur per week' });
    expect(d1.description.split('\n')).toEqual(['Wat ga je doen?', '- Je begeleidt cliënten met een verstandelijke beperking']);
    // Page 2 of the listing was reached through the rendered "Meer vacatures" link.
    expect(server.hits('/js/gegevens/lijst-2.json').length).toBeGreaterThanOrEqual(1);
    // 429 once, then retried after the Retry-After pause.
    const d2 = server.log.filter((l) => l.path === '/js/vacature' && l.search === '?id=d-2');
    expect(d2).toHaveLength(2);
    expect(d2[1].at - d2[0].at).toBeGreaterThanOrEqual(950);
    expect(r.logs.some((l) => /HTTP 429 .*backing off 1000 ms/.test(l))).toBe(true);
    // Every request — navigations and the page's own fetch() calls — carries the configured User-Agent.
    expect(server.log.length).toBeGreaterThan(8);
    expect(new Set(server.log.map((l) => l.userAgent))).toEqual(new Set([UA]));
    expect(r.stats.pagesFetched).toBe(5);
  });
});
