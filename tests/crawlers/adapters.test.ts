/** crawlSource per adapter against the saved fixture site served from 127.0.0.1 (HTTP / Cheerio adapters). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, localSource, pathOf, runCrawl, startTestServer, type TestServer } from './helpers';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer([
    // Workday-style CXS endpoint: POST with {"limit", "offset"} in the body.
    (req, res, { url, body, base }) => {
      if (url.pathname !== '/wday/cxs/noordzorg/Careers/jobs') return;
      if (req.method !== 'POST') {
        res.writeHead(405);
        res.end();
        return;
      }
      const offset = Number(JSON.parse(body || '{}').offset ?? 0);
      const file = offset === 0 ? 'site/ats/workday-1.json' : offset === 2 ? 'site/ats/workday-2.json' : null;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(file ? fixture(file, base) : JSON.stringify({ total: 3, jobPostings: [] }));
    },
  ]);
});
afterAll(async () => server?.close());

describe('jsonld adapter', () => {
  it('robots.txt → sitemap index → vacancy pages → JSON-LD / microdata', async () => {
    const hits = server.mark();
    const src = localSource(server.base, { id: 'fx-jsonld', adapter: 'jsonld', startUrls: [`${server.base}/vacatures`], detailUrlPattern: '/vacature/' });
    const r = await runCrawl(src);
    expect(r.postings.map((p) => p.externalId).sort()).toEqual(['DM-101', 'DM-102', 'zb-01', 'zb-03', 'zb-06', 'zb-07']);
    // Sitemap URLs are canonicalised (utm removed) and robots.txt Disallow: /intern/ is honoured.
    expect(r.postings.find((p) => p.externalId === 'zb-03')?.url).toBe(`${server.base}/vacature/graph`);
    expect(hits('/intern/vacature/concept')).toHaveLength(0);
    expect(r.stats.robotsBlocked).toBe(1);
    // Non-vacancy sitemap entries are not fetched; the start URL is not needed when a sitemap exists.
    expect(hits('/over-ons')).toHaveLength(0);
    expect(hits('/vacatures')).toHaveLength(0);
    expect(hits('/robots.txt').length).toBeGreaterThanOrEqual(1);
    // Only the broken block of the microdata page is reported.
    expect(r.errors.map((e) => pathOf(e.url))).toEqual(['/vacature/microdata']);
    expect(r.stats).toMatchObject({ pagesFetched: 8, postingsFound: 6, errors: 1 });
    // Payload: the JSON-LD object (or the page for microdata) for reprocessing.
    const i = r.postings.findIndex((p) => p.externalId === 'zb-01');
    expect(JSON.parse(r.payloads[i])['@type']).toBe('JobPosting');
    const m = r.postings.findIndex((p) => p.externalId === 'zb-06');
    expect(r.payloads[m]).toContain('itemtype="https://schema.org/JobPosting"');
  });

  it('sitemap: false → start URLs are listing pages followed by link heuristics and rel=next', async () => {
    const hits = server.mark();
    const src = localSource(server.base, {
      id: 'fx-jsonld-list',
      adapter: 'jsonld',
      sitemap: false,
      startUrls: [`${server.base}/lijst/pagina-1`],
    });
    const r = await runCrawl(src);
    expect(hits('/sitemap.xml').length).toBe(0);
    // Text "Volgende" is recognised as pagination; off-site links are skipped.
    expect(hits('/lijst/pagina-2').length).toBe(1);
    expect(r.errors.some((e) => e.url.includes('elders.example'))).toBe(false);
    // Only one of the three detail pages has JSON-LD; the others are recorded.
    expect(r.postings.map((p) => p.title)).toEqual(['Verzorgende IG']);
    expect(r.errors.map((e) => pathOf(e.url)).sort()).toEqual(['/lijst/vacature/gastvrouw', '/lijst/vacature/wijkverpleegkundige']);
    expect(r.errors[0].error).toMatch(/no schema.org JobPosting/);
  });
});

describe('listing adapter (CheerioCrawler)', () => {
  it('follows configured list selectors and pagination, reads details with selectors, enriches from JSON-LD', async () => {
    const hits = server.mark();
    const src = localSource(server.base, {
      id: 'fx-listing',
      adapter: 'listing',
      startUrls: [`${server.base}/lijst/pagina-1`],
      selectors: {
        list: { item: 'li.resultaat', link: 'a.titel', next: 'a.volgende' },
        detail: { title: 'h1.functie', description: '.tekst', employer: '.organisatie', location: '.standplaats', hours: '.uren', salary: '.salaris', date: 'time.geplaatst@datetime' },
      },
    });
    const r = await runCrawl(src);
    expect(r.errors).toEqual([]);
    expect(r.postings.map((p) => pathOf(p.url)).sort()).toEqual(['/lijst/vacature/gastvrouw', '/lijst/vacature/verzorgende-ig', '/lijst/vacature/wijkverpleegkundige']);
    // The duplicate link on page 2 and the tracking-parameter variant are fetched once.
    expect(hits('/lijst/vacature/verzorgende-ig')).toHaveLength(1);
    expect(hits('/lijst/vacature/wijkverpleegkundige')).toHaveLength(1);
    const vig = r.postings.find((p) => p.url.endsWith('/verzorgende-ig'))!;
    // Selectors win; JSON-LD adds what selectors do not cover.
    expect(vig).toMatchObject({ title: 'Verzorgende IG', externalId: 'ZL-2041', validThrough: '2026-12-01', postalCode: '9101 KV', datePosted: '2026-10-01', salaryText: '€ 2.600 - € 3.500 bruto per maand' });
    expect(vig.description).toContain('Je deelt medicatie uit');
    const gv = r.postings.find((p) => p.url.endsWith('/gastvrouw'))!;
    expect(gv.salaryText).toBeNull();
    expect(r.stats.pagesFetched).toBe(5);
  });

  it('a JavaScript-rendered listing crawled without a browser is reported, not silently empty', async () => {
    const src = localSource(server.base, {
      id: 'fx-listing-js-nobrowser',
      adapter: 'listing',
      startUrls: [`${server.base}/js/vacatures`],
      selectors: { list: { item: '.kaart', link: 'a.link' }, detail: { title: 'h1.kop', description: '.omschrijving' } },
    });
    const r = await runCrawl(src);
    expect(r.postings).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].error).toMatch(/set browser: true/);
  });
});

describe('ATS JSON and XML feed adapters', () => {
  it('Recruitee-style JSON', async () => {
    const src = localSource(server.base, { id: 'fx-recruitee', kind: 'ats', adapter: 'ats-json', startUrls: [`${server.base}/ats/recruitee.json`], ats: { format: 'recruitee' } });
    const r = await runCrawl(src);
    expect(r.errors).toEqual([]);
    expect(r.postings).toHaveLength(3);
    expect(new Set(r.postings.map((p) => p.externalId)).size).toBe(3);
    expect(JSON.parse(r.payloads[0]).title).toBe(r.postings[0].title);
  });

  it('Homerun-style JSON follows next_page_url and records title-less items', async () => {
    const src = localSource(server.base, { id: 'fx-homerun', kind: 'ats', adapter: 'ats-json', startUrls: [`${server.base}/ats/homerun-1.json`], ats: { format: 'homerun' } });
    const r = await runCrawl(src);
    expect(r.postings.map((p) => p.externalId)).toEqual(['hr-7781', 'hr-7782', 'hr-7790']);
    expect(r.errors).toEqual([{ url: `${server.base}/ats/homerun-2.json`, error: 'homerun: vacancy 1 (hr-7791) has no title' }]);
  });

  it('Workday-style POST endpoint paginates with offset in the JSON body until total', async () => {
    const hits = server.mark();
    const src = localSource(server.base, {
      id: 'fx-workday',
      kind: 'ats',
      adapter: 'ats-json',
      startUrls: [`${server.base}/wday/cxs/noordzorg/Careers/jobs`],
      ats: { format: 'workday', method: 'POST', body: { appliedFacets: {}, limit: 2, searchText: '' }, pageParam: 'offset', pageStep: 2 },
    });
    const r = await runCrawl(src);
    expect(r.errors).toEqual([]);
    expect(r.postings.map((p) => p.externalId)).toEqual(['R-10234', 'R-10240', 'R-10251']);
    expect(r.postings[0].url).toBe(`${server.base}/Careers/job/Groningen/Verpleegkundige-Intensive-Care_R-10234`);
    const calls = hits('/wday/cxs/noordzorg/Careers/jobs');
    // total = 3 → two pages, no third request.
    expect(calls.map((c) => [c.method, JSON.parse(c.body).offset, JSON.parse(c.body).limit])).toEqual([
      ['POST', 0, 2],
      ['POST', 2, 2],
    ]);
  });

  it('XML feed', async () => {
    const src = localSource(server.base, { id: 'fx-xml', kind: 'employer', adapter: 'xml-feed', startUrls: [`${server.base}/feed/vacatures.xml`], ats: { format: 'xml', itemElement: 'vacature' } });
    const r = await runCrawl(src);
    expect(r.errors).toEqual([]);
    expect(r.postings).toHaveLength(5);
    expect(r.postings.every((p) => !p.url.includes('utm_'))).toBe(true);
    expect(r.payloads[0]).toMatch(/^<vacature>[\s\S]*<\/vacature>$/);
  });
});
