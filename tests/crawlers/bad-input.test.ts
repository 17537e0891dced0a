/** Bad input: every page-level problem becomes an onPageError record and the crawl goes on; crawlSource never throws. */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplica, type Replica } from '../../crawlers/replica/server';
import { fixtureBytes, localSource, pathOf, runCrawl, startTestServer } from './helpers';

let replica: Replica;
beforeAll(async () => {
  replica = await startReplica({ port: 0 });
});
afterAll(async () => replica?.close());

/** A port on 127.0.0.1 with nothing listening. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('the replica /rommel/ section', () => {
  it('records truncated, malformed, oversized, looping, missing and failing pages and still yields the good ones', async () => {
    const src = localSource(replica.baseUrl, { id: 'rommel', adapter: 'jsonld', sitemap: false, detailUrlPattern: '/vacature/', startUrls: [`${replica.baseUrl}/rommel/`], maxConcurrency: 3 });
    const r = await runCrawl(src, { maxRequestRetries: 1 });
    const byPath = new Map(r.errors.map((e) => [pathOf(e.url), e.error]));
    expect(byPath.get('/rommel/vacature/afgebroken')).toMatch(/malformed JSON-LD block 1/);
    expect(byPath.get('/rommel/vacature/kapotte-jsonld')).toMatch(/malformed JSON-LD block 1/);
    expect(byPath.get('/rommel/vacature/twee-blokken')).toMatch(/malformed JSON-LD block 1/);
    expect(byPath.get('/rommel/vacature/enorm')).toMatch(/exceeds the 5242880-byte limit/);
    expect(byPath.get('/rommel/vacature/lus-a')).toMatch(/redirect loop: .*lus-a → .*lus-b → .*lus-a/);
    expect(byPath.get('/rommel/vacature/weg')).toMatch(/HTTP 404/);
    expect(byPath.get('/rommel/vacature/storing')).toMatch(/HTTP 500/);
    expect(r.errors).toHaveLength(7);
    // Transient 500 is retried (maxRequestRetries: 1), permanent problems are not.
    expect(replica.hits.get('/rommel/vacature/storing')).toBe(2);
    expect(replica.hits.get('/rommel/vacature/weg')).toBe(1);
    expect(replica.hits.get('/rommel/vacature/enorm')).toBe(1);
    // Good and repairable pages yield postings: the 429 page after back-off, two-blocks via its valid block,
    // the windows-1252 page decoded correctly.
    const titles = r.postings.map((p) => p.title).sort();
    expect(titles).toEqual(['Cliëntbegeleider – coördinator dagbesteding', 'Doktersassistent', 'Helpende plus', 'Sociaal werker']);
    const cp = r.postings.find((p) => p.externalId === 'RM-4')!;
    expect(cp.description).toContain('Salaris € 2.900 – € 3.800 bruto per maand');
    expect(cp.description).toContain('’s Avonds vrij');
    // robots.txt Disallow: /rommel/geheim/ is honoured.
    expect(replica.hits.get('/rommel/geheim/vacature/intern')).toBeUndefined();
    expect(r.stats.robotsBlocked).toBe(1);
  });
});

describe('other bad input', () => {
  it('a source that is down (connection refused) is recorded, not thrown', async () => {
    const port = await deadPort();
    const base = `http://127.0.0.1:${port}`;
    for (const adapter of ['jsonld', 'ats-json'] as const) {
      const src = localSource(base, { id: `dood-${adapter}`, adapter, startUrls: [`${base}/vacatures`], ...(adapter === 'ats-json' ? { ats: { format: 'recruitee' } } : {}) });
      const r = await runCrawl(src, { maxRequestRetries: 0 });
      expect(r.postings).toEqual([]);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0].url).toBe(`${base}/robots.txt`);
      expect(r.errors[0].error).toMatch(/robots.txt unavailable.*(ECONNREFUSED|connect)/i);
      expect(r.stats.pagesFetched).toBe(0);
    }
  });

  it('a page that goes down mid-crawl, non-JSON feeds, a declared oversized body and undeclared windows-1252', async () => {
    const server = await startTestServer([
      (_req, res, { url }) => {
        if (url.pathname === '/lijst') {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<a href="/vacature/reset">a</a><a href="/vacature/groot">b</a><a href="/vacature/cafe">c</a>');
        } else if (url.pathname === '/vacature/reset') {
          res.socket?.destroy();
        } else if (url.pathname === '/vacature/groot') {
          res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(12 * 1024 * 1024) });
          // Headers announce 12 MB; the body never comes (the fetcher must not wait for it).
          res.write('<html>');
          setTimeout(() => res.socket?.destroy(), 5_000).unref();
        } else if (url.pathname === '/vacature/cafe') {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end(fixtureBytes('bad/undeclared-1252.html'));
        } else if (url.pathname === '/feed.json') {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html><body>Onderhoud</body></html>');
        }
      },
    ]);
    try {
      const r = await runCrawl(localSource(server.base, { id: 'wankel', adapter: 'jsonld', sitemap: false, startUrls: [`${server.base}/lijst`] }), { maxRequestRetries: 1 });
      const byPath = new Map(r.errors.map((e) => [pathOf(e.url), e.error]));
      expect(byPath.get('/vacature/reset')).toMatch(/fetch .*failed: (other side closed|socket hang up|.*ECONNRESET|terminated)/i);
      expect(byPath.get('/vacature/groot')).toMatch(/is 12582912 bytes, over the 5242880-byte limit/);
      expect(r.postings.map((p) => p.title)).toEqual(['Medewerker café – restaurant']);
      // The reset is transient (retried once), the oversized body is permanent.
      expect(server.hits('/vacature/reset')).toHaveLength(2);
      expect(server.hits('/vacature/groot')).toHaveLength(1);

      const feed = await runCrawl(localSource(server.base, { id: 'feed-html', kind: 'ats', adapter: 'ats-json', startUrls: [`${server.base}/feed.json`], ats: { format: 'recruitee' } }));
      expect(feed.postings).toEqual([]);
      expect(feed.errors).toHaveLength(1);
      expect(feed.errors[0].error).toMatch(/recruitee: malformed JSON/);
    } finally {
      await server.close();
    }
  });

  it('the body cap is configurable', async () => {
    const src = localSource(replica.baseUrl, { id: 'klein', adapter: 'jsonld', sitemap: false, detailUrlPattern: '/vacature/', startUrls: [`${replica.baseUrl}/rommel/`] });
    const r = await runCrawl(src, { fetchPolicy: { maxBodyBytes: 300 }, maxRequestRetries: 0 });
    // Even the listing page is larger than 300 bytes.
    expect(r.postings).toEqual([]);
    expect(r.errors).toEqual([{ url: `${replica.baseUrl}/rommel`, error: expect.stringMatching(/exceeds the 300-byte limit/) }]);
  });

  it('failing callbacks are contained: onPosting errors are recorded, onPageError errors are logged', async () => {
    const src = localSource(replica.baseUrl, { id: 'callbacks', kind: 'ats', adapter: 'ats-json', startUrls: [`${replica.baseUrl}/ats/noorderlicht/api/offers/`], ats: { format: 'recruitee' } });
    const errors: string[] = [];
    let calls = 0;
    const stats = await (await import('../../crawlers/crawl')).crawlSource(src, {
      onPosting: async () => {
        calls++;
        if (calls === 2) throw new Error('database weg');
      },
      onPageError: async (_url, e) => {
        errors.push(e);
        throw new Error('ook stuk');
      },
      log: () => undefined,
    });
    expect(calls).toBe(7);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/onPosting failed for .*: database weg/);
    expect(stats.postingsFound).toBe(7);
  });
});
