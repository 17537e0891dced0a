/** Politeness against local servers: robots.txt, User-Agent, Retry-After back-off, rate limit, concurrency, circuit breaker. */
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DEFAULT_USER_AGENT } from '../../crawlers/http';
import { localSource, pathOf, runCrawl, startTestServer, type Route } from './helpers';

const page = (res: ServerResponse, html: string, status = 200) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
};
const jobPage = (title: string) =>
  `<!doctype html><html><head><script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'JobPosting', title, description: `<p>${title} gezocht.</p>` })}</script></head><body><h1>${title}</h1></body></html>`;
const listPage = (links: string[]) => `<!doctype html><html><body><ul>${links.map((l) => `<li><a href="${l}">${l}</a></li>`).join('')}</ul></body></html>`;

/** A site: /robots.txt (given), /vacatures listing the given detail paths, every /vacature/* a JobPosting. */
function site(robots: string | null, details: string[], extra: Route[] = []): Route[] {
  return [
    ...extra,
    (_req, res, { url }) => {
      if (url.pathname === '/robots.txt') {
        if (robots == null) return page(res, 'nope', 404);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(robots);
        return true;
      }
      if (url.pathname === '/vacatures') return page(res, listPage(details));
      const m = /\/vacature\/([^/]+)$/.exec(url.pathname);
      if (m) return page(res, jobPage(`Vacature ${m[1]}`));
    },
  ];
}

const jsonldSource = (base: string, over: Record<string, unknown> = {}) =>
  localSource(base, { id: 'polite', adapter: 'jsonld', sitemap: false, startUrls: [`${base}/vacatures`], ...over });

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]);

/**
 * Request starts as seen by the server are spaced by `interval` up to network/scheduling jitter: no gap may be
 * far below it (a burst would show gaps of ~0–5 ms) and the whole run cannot be shorter than (n-1) intervals.
 */
function expectSpaced(times: number[], interval: number) {
  const g = gaps(times);
  for (const x of g) expect(x).toBeGreaterThanOrEqual(interval * 0.75);
  expect(times[times.length - 1] - times[0]).toBeGreaterThanOrEqual((times.length - 1) * interval * 0.95);
}

describe('robots.txt', () => {
  it('honours Disallow for * and for our own agent group, and a fully disallowed start URL', async () => {
    const robots = 'User-agent: *\nDisallow: /geheim/\n\nUser-agent: NoordVacatureMonitor\nDisallow: /geheim/\nDisallow: /vacature/niet-voor-ons\n\nUser-agent: AndereBot\nDisallow: /\n';
    const server = await startTestServer(site(robots, ['/vacature/a', '/geheim/vacature/b', '/vacature/niet-voor-ons', '/vacature/c']), { site: false });
    try {
      const r = await runCrawl(jsonldSource(server.base));
      expect(r.postings.map((p) => p.title).sort()).toEqual(['Vacature a', 'Vacature c']);
      expect(r.stats.robotsBlocked).toBe(2);
      expect(server.hits('/geheim/vacature/b')).toHaveLength(0);
      expect(server.hits('/vacature/niet-voor-ons')).toHaveLength(0);
      // A different User-Agent is matched against its own group.
      const other = await runCrawl(jsonldSource(server.base), { userAgent: 'AndereBot/2.0' });
      expect(other.postings).toEqual([]);
      expect(other.stats.robotsBlocked).toBe(1);
      expect(other.logs.some((l) => l.includes('every start URL is disallowed by robots.txt'))).toBe(true);
      expect(server.log.filter((l) => l.userAgent.startsWith('AndereBot')).map((l) => l.path)).toEqual(['/robots.txt']);
    } finally {
      await server.close();
    }
  });

  it('a missing robots.txt (404) allows everything; an erroring one (5xx) stops the origin and is recorded', async () => {
    const open = await startTestServer(site(null, ['/vacature/a']), { site: false });
    const broken = await startTestServer(
      site(null, ['/vacature/a'], [
        (_req, res, { url }) => {
          if (url.pathname === '/robots.txt') return page(res, 'stuk', 500);
        },
      ]),
      { site: false },
    );
    try {
      const r = await runCrawl(jsonldSource(open.base));
      expect(r.postings.map((p) => p.title)).toEqual(['Vacature a']);
      expect(r.errors).toEqual([]);
      const b = await runCrawl(jsonldSource(broken.base), { maxRequestRetries: 0, fetchPolicy: { backoffBaseMs: 10 } });
      expect(b.postings).toEqual([]);
      expect(b.errors).toHaveLength(1);
      expect(b.errors[0]).toMatchObject({ url: `${broken.base}/robots.txt` });
      expect(b.errors[0].error).toMatch(/robots.txt unavailable, not crawling .*HTTP 500/);
      expect(broken.log.map((l) => l.path)).toEqual(['/robots.txt']);
    } finally {
      await open.close();
      await broken.close();
    }
  });
});

describe('User-Agent', () => {
  it('sends the configured UA on every request, the default otherwise', async () => {
    const server = await startTestServer(site('User-agent: *\nDisallow:\n', ['/vacature/a', '/vacature/b']), { site: false });
    try {
      await runCrawl(jsonldSource(server.base), { userAgent: 'NoordVacatureMonitor/9.9 (+https://example.org/bot; bot@example.org)' });
      expect(server.log.length).toBe(4);
      expect(new Set(server.log.map((l) => l.userAgent))).toEqual(new Set(['NoordVacatureMonitor/9.9 (+https://example.org/bot; bot@example.org)']));
      const mark = server.log.length;
      await runCrawl(jsonldSource(server.base));
      expect(new Set(server.log.slice(mark).map((l) => l.userAgent))).toEqual(new Set([DEFAULT_USER_AGENT]));
    } finally {
      await server.close();
    }
  });
});

describe('back-off on 429 / 503', () => {
  it('429 with Retry-After: waits, pauses the whole host, then succeeds without an error', async () => {
    const server = await startTestServer(
      site(null, ['/vacature/druk', '/vacature/b', '/vacature/c', '/vacature/d'], [
        (_req, res, { url, hits }) => {
          if (url.pathname === '/vacature/druk' && hits === 1) {
            res.writeHead(429, { 'retry-after': '2', 'content-type': 'text/plain' });
            res.end('Too Many Requests');
            return true;
          }
        },
      ]),
      { site: false, latencyMs: 30 },
    );
    try {
      const r = await runCrawl(jsonldSource(server.base, { maxConcurrency: 2 }));
      expect(r.errors).toEqual([]);
      expect(r.postings.map((p) => p.title).sort()).toEqual(['Vacature b', 'Vacature c', 'Vacature d', 'Vacature druk']);
      const druk = server.hits('/vacature/druk');
      expect(druk).toHaveLength(2);
      expect(druk[1].at - druk[0].at).toBeGreaterThanOrEqual(1950);
      // While the host was paused nothing else was sent to it.
      const pausedEnd = druk[0].doneAt! + 1900;
      expect(server.log.filter((l) => l.at > druk[0].doneAt! && l.at < pausedEnd)).toEqual([]);
      expect(r.logs.some((l) => /HTTP 429 on .*\/vacature\/druk: backing off 2000 ms/.test(l))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('503 without Retry-After: exponential back-off, then a recorded error when it keeps failing', async () => {
    const server = await startTestServer(
      site(null, ['/vacature/onderhoud', '/vacature/ok'], [
        (_req, res, { url }) => {
          if (url.pathname === '/vacature/onderhoud') return page(res, 'Service Unavailable', 503);
        },
      ]),
      { site: false },
    );
    try {
      const r = await runCrawl(jsonldSource(server.base, { maxConcurrency: 1 }), { maxRequestRetries: 0, fetchPolicy: { backoffBaseMs: 100, maxBackoffRetries: 3 } });
      expect(r.postings.map((p) => p.title)).toEqual(['Vacature ok']);
      const tries = server.hits('/vacature/onderhoud').map((l) => l.at);
      expect(tries).toHaveLength(4);
      const g = gaps(tries);
      // 100, 200, 400 ms (±scheduling).
      expect(g[0]).toBeGreaterThanOrEqual(95);
      expect(g[1]).toBeGreaterThanOrEqual(195);
      expect(g[2]).toBeGreaterThanOrEqual(395);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0].error).toMatch(/HTTP 503 .*still failing after 3 back-off retries/);
    } finally {
      await server.close();
    }
  });
});

describe('rate limit and concurrency per host', () => {
  const details = Array.from({ length: 6 }, (_, i) => `/vacature/v${i + 1}`);

  it('rateLimitPerMinute spaces request starts evenly (no burst)', async () => {
    const server = await startTestServer(site(null, details), { site: false });
    try {
      const r = await runCrawl(jsonldSource(server.base, { rateLimitPerMinute: 300, maxConcurrency: 3 }));
      expect(r.postings).toHaveLength(6);
      expect(server.log).toHaveLength(8);
      // 300/min = one request per 200 ms.
      expectSpaced(server.log.map((l) => l.at), 200);
    } finally {
      await server.close();
    }
  });

  it('maxConcurrency bounds simultaneous requests to the host', async () => {
    const one = await startTestServer(site(null, details), { site: false, latencyMs: 150 });
    const three = await startTestServer(site(null, details), { site: false, latencyMs: 150 });
    try {
      await runCrawl(jsonldSource(one.base, { maxConcurrency: 1 }));
      expect(one.log).toHaveLength(8);
      expect(one.maxInFlight).toBe(1);
      await runCrawl(jsonldSource(three.base, { maxConcurrency: 3 }));
      expect(three.maxInFlight).toBeGreaterThan(1);
      expect(three.maxInFlight).toBeLessThanOrEqual(3);
    } finally {
      await one.close();
      await three.close();
    }
  });

  it('robots.txt Crawl-delay slows the source down', async () => {
    const server = await startTestServer(site('User-agent: *\nCrawl-delay: 0.5\n', details.slice(0, 3)), { site: false });
    try {
      const r = await runCrawl(jsonldSource(server.base, { maxConcurrency: 2 }));
      expect(r.postings).toHaveLength(3);
      const pages = server.log.filter((l) => l.path !== '/robots.txt').map((l) => l.at);
      expectSpaced(pages, 500);
      expect(r.logs.some((l) => l.includes('Crawl-delay 0.5 s'))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('two sources on the same host share its rate limit', async () => {
    const server = await startTestServer(site(null, details.slice(0, 4)), { site: false });
    try {
      const a = jsonldSource(server.base, { id: 'bron-a', rateLimitPerMinute: 400 });
      const b = jsonldSource(server.base, { id: 'bron-b', rateLimitPerMinute: 400 });
      const [ra, rb] = await Promise.all([runCrawl(a), runCrawl(b)]);
      expect(ra.postings).toHaveLength(4);
      expect(rb.postings).toHaveLength(4);
      expect(server.log).toHaveLength(12);
      // 400/min = 150 ms between any two requests to the host, whichever source sent them.
      expectSpaced(server.log.map((l) => l.at), 150);
      // Both sources really interleaved (otherwise the test would prove nothing).
      expect(server.log.length).toBe(12);
    } finally {
      await server.close();
    }
  });
});

describe('failing sources', () => {
  it('abandons a source after N consecutive failed requests and records why', async () => {
    const dead = Array.from({ length: 12 }, (_, i) => `/vacature/d${i + 1}`);
    const server = await startTestServer(
      site(null, dead, [
        (_req, res, { url }) => {
          if (url.pathname.startsWith('/vacature/d')) return page(res, 'Internal Server Error', 500);
        },
      ]),
      { site: false },
    );
    try {
      const r = await runCrawl(jsonldSource(server.base, { maxConcurrency: 1 }), { maxConsecutiveFailures: 3, maxRequestRetries: 0 });
      const tried = server.log.filter((l) => l.path.startsWith('/vacature/d'));
      expect(tried.length).toBeGreaterThanOrEqual(3);
      expect(tried.length).toBeLessThan(12);
      expect(r.errors.filter((e) => /^HTTP 500/.test(e.error)).length).toBe(3);
      expect(r.errors).toHaveLength(4);
      const stop = r.errors.find((e) => /stopping crawl of source polite after 3 consecutive failed requests/.test(e.error));
      expect(stop).toBeDefined();
      expect(pathOf(stop!.url)).toBe('/vacatures');
    } finally {
      await server.close();
    }
  });

  it('a success in between resets the failure counter', async () => {
    const mixed = ['/vacature/x1', '/vacature/x2', '/vacature/ok1', '/vacature/x3', '/vacature/x4', '/vacature/ok2'];
    const server = await startTestServer(
      site(null, mixed, [
        (_req, res, { url }) => {
          if (url.pathname.startsWith('/vacature/x')) return page(res, 'weg', 404);
        },
      ]),
      { site: false },
    );
    try {
      const r = await runCrawl(jsonldSource(server.base, { maxConcurrency: 1 }), { maxConsecutiveFailures: 3, maxRequestRetries: 0 });
      expect(r.postings.map((p) => p.title).sort()).toEqual(['Vacature ok1', 'Vacature ok2']);
      expect(r.errors.map((e) => pathOf(e.url)).sort()).toEqual(['/vacature/x1', '/vacature/x2', '/vacature/x3', '/vacature/x4']);
    } finally {
      await server.close();
    }
  });
});
