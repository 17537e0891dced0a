/**
 * Test helpers for the crawler tests: a local HTTP server on 127.0.0.1 that serves the saved fixtures in
 * tests/fixtures/crawlers/ (with {{BASE}} replaced by the server's base URL) and lets a test add dynamic routes
 * (429 then 200, redirect loops, huge bodies, …). Every request is logged with its time, method, path, User-Agent
 * and body so politeness can be asserted.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawPosting } from '../../src/domain/types';
import type { SourceConfig } from '../../crawlers/sources';
import { crawlSource, type CrawlOptions, type CrawlStats } from '../../crawlers/crawl';

export const FIXTURES = fileURLToPath(new URL('../fixtures/crawlers/', import.meta.url));
export const SITE = join(FIXTURES, 'site');

/** A fixture file as text with {{BASE}} replaced (pure tests use a fixed fake base). */
export function fixture(rel: string, base = 'https://fixtures.example'): string {
  return readFileSync(join(FIXTURES, rel), 'utf8').split('{{BASE}}').join(base);
}

export function fixtureBytes(rel: string): Buffer {
  return readFileSync(join(FIXTURES, rel));
}

export interface LoggedRequest {
  at: number;
  /** Time the response was finished. */
  doneAt?: number;
  method: string;
  path: string;
  search: string;
  /** Host header as received (shows which name a request was sent to). */
  host: string;
  userAgent: string;
  body: string;
}

export type Route = (req: IncomingMessage, res: ServerResponse, ctx: { url: URL; body: string; hits: number; base: string }) => boolean | void | Promise<boolean | void>;

export interface TestServer {
  base: string;
  port: number;
  log: LoggedRequest[];
  /** Requests for one path. */
  hits(path: string): LoggedRequest[];
  /** Remember the current log position; the returned function counts requests for a path made after it. */
  mark(): (path: string) => LoggedRequest[];
  /** Highest number of requests in flight at the same time. */
  maxInFlight: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serve a file from the fixture site: "/x" → x, x.html or x/index.html. Returns false when there is none. */
export function serveSite(res: ServerResponse, path: string, base: string, root = SITE): boolean {
  const rel = normalize(decodeURIComponent(path)).replace(/^(\.\.[/\\])+/, '');
  const candidates = [join(root, rel), join(root, rel + '.html'), join(root, rel, 'index.html')];
  const file = candidates.find((f) => f.startsWith(root) && existsSync(f) && statSync(f).isFile());
  if (!file) return false;
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, { 'content-type': type });
  res.end(readFileSync(file, 'utf8').split('{{BASE}}').join(base));
  return true;
}

/**
 * Start a server. Routes run in order; the first returning true (or ending the response) wins. Unless
 * `site: false`, the fixture site is served for paths no route handled; everything else is a 404.
 */
export async function startTestServer(routes: Route[] = [], opts: { site?: boolean; latencyMs?: number } = {}): Promise<TestServer> {
  const log: LoggedRequest[] = [];
  const counts = new Map<string, number>();
  let inFlight = 0;
  let base = '';
  const state = { maxInFlight: 0 };
  const server = createServer(async (req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', base);
    const entry: LoggedRequest = { at: Date.now(), method: req.method ?? 'GET', path: url.pathname, search: url.search, host: String(req.headers.host ?? ''), userAgent: String(req.headers['user-agent'] ?? ''), body };
    log.push(entry);
    res.on('close', () => {
      inFlight--;
      entry.doneAt = Date.now();
    });
    const hits = (counts.get(url.pathname) ?? 0) + 1;
    counts.set(url.pathname, hits);
    if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
    try {
      for (const route of routes) {
        const handled = await route(req, res, { url, body, hits, base });
        if (handled === true || res.writableEnded || res.headersSent) return;
      }
      if (opts.site !== false && serveSite(res, url.pathname, base)) return;
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<h1>Niet gevonden</h1>');
    } catch (e) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`test server error: ${(e as Error).message}`);
    }
  });
  server.keepAliveTimeout = 2_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return {
    base,
    port,
    log,
    hits: (path) => log.filter((l) => l.path === path),
    mark: () => {
      const from = log.length;
      return (path) => log.slice(from).filter((l) => l.path === path);
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A minimal valid source for the local server; override what the test needs. */
export function localSource(base: string, over: Partial<SourceConfig> & Pick<SourceConfig, 'id' | 'adapter'>): SourceConfig {
  return {
    name: over.id,
    kind: 'platform',
    startUrls: [`${base}/`],
    schedule: '0 6 * * *',
    rateLimitPerMinute: 6000,
    maxConcurrency: 2,
    browser: false,
    verification: 'verified-local',
    enabled: true,
    allowPrivateHosts: true,
    ...over,
  } as SourceConfig;
}

export interface CrawlResult {
  stats: CrawlStats;
  postings: RawPosting[];
  payloads: string[];
  errors: { url: string; error: string }[];
  logs: string[];
}

/** crawlSource with collecting callbacks. */
export async function runCrawl(source: SourceConfig, opts: Partial<CrawlOptions> = {}): Promise<CrawlResult> {
  const postings: RawPosting[] = [];
  const payloads: string[] = [];
  const errors: { url: string; error: string }[] = [];
  const logs: string[] = [];
  const stats = await crawlSource(source, {
    onPosting: async (p, payload) => {
      postings.push(p);
      payloads.push(payload);
    },
    onPageError: async (url, error) => {
      errors.push({ url, error });
    },
    log: (m) => logs.push(m),
    ...opts,
  });
  return { stats, postings, payloads, errors, logs };
}

/** Path (without origin) of a URL, for readable assertions. */
export const pathOf = (u: string) => {
  const x = new URL(u);
  return x.pathname + x.search;
};
