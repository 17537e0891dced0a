/**
 * HTTP API (node:http, no framework) and the dashboard. Read-only: GET/HEAD only.
 *
 * Auth: every path except /health needs the token, as `Authorization: Bearer <API_TOKEN>` or the HttpOnly
 * SameSite=Strict cookie the dashboard gets by opening `/?token=<API_TOKEN>` once. Without a token the server
 * refuses to start, unless `noAuth` is set and it listens on a loopback address only.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rows, sql, type Db } from '../db/client';
import type { TaxonomyLike } from '../analytics/lookup';
import { openApiSpec } from './openapi';
import * as queries from './queries';

export interface ApiOptions {
  db: Db;
  taxonomy: TaxonomyLike;
  host: string;
  port: number;
  token?: string;
  /** Allow running without a token; only accepted on a loopback host. */
  noAuth?: boolean;
  log?: (m: string) => void;
}

export interface ApiServer {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

const COOKIE = 'vm_token';

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'dashboard.html', type: 'text/html; charset=utf-8' },
  '/dashboard': { file: 'dashboard.html', type: 'text/html; charset=utf-8' },
  '/dashboard.js': { file: 'dashboard.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard.css': { file: 'dashboard.css', type: 'text/css; charset=utf-8' },
};

function loadStatic(): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  for (const { file } of Object.values(STATIC)) {
    if (!m.has(file)) m.set(file, readFileSync(new URL(`./static/${file}`, import.meta.url)));
  }
  return m;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

function cookieToken(req: http.IncomingMessage): string | undefined {
  const c = req.headers.cookie;
  if (!c) return undefined;
  for (const part of c.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

type Handler = (ctx: queries.QueryContext, p: Record<string, string>) => Promise<unknown>;

const ROUTES: Record<string, Handler> = {
  '/api/meta': (c) => queries.meta(c),
  '/api/trends/skill': (c, p) => queries.trends(c, p),
  '/api/tightness': (c, p) => queries.tightness(c, p),
  '/api/vacancy-rate': (c, p) => queries.vacancyRate(c, p),
  '/api/emerging': (c, p) => queries.emerging(c, p),
  '/api/series': (c, p) => queries.series(c, p),
  '/api/sources': (c) => queries.sources(c),
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

/** The request listener (exported for tests that want to mount it themselves). */
export function createHandler(o: Omit<ApiOptions, 'host' | 'port'>): http.RequestListener {
  const tokenDigest = o.token ? digest(o.token) : null;
  const files = loadStatic();
  const ctx: queries.QueryContext = { db: o.db, taxonomy: o.taxonomy };
  const log = o.log ?? ((m: string) => process.stderr.write(m + '\n'));
  const spec = JSON.stringify(openApiSpec());

  const authorized = (req: http.IncomingMessage, queryToken?: string | null): boolean => {
    if (!tokenDigest) return true;
    const auth = req.headers.authorization;
    const candidates = [auth?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim(), cookieToken(req), queryToken ?? undefined];
    return candidates.some((t) => t !== undefined && t !== '' && timingSafeEqual(digest(t), tokenDigest));
  };

  return (req, res) => {
    const send = (status: number, body: string | Buffer, type = 'application/json; charset=utf-8', extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS, ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const json = (status: number, v: unknown, extra?: Record<string, string>) => send(status, JSON.stringify(v), undefined, extra);
    void (async () => {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://localhost');
      } catch {
        return json(400, { error: 'bad request' });
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
      const p = url.pathname.replace(/\/+$/, '') || '/';
      if (p === '/health') {
        try {
          await rows(o.db, sql`select 1`);
          return json(200, { status: 'ok', db: 'ok' });
        } catch {
          return json(503, { status: 'error', db: 'unreachable' });
        }
      }
      const st = STATIC[p];
      const queryToken = st && st.type.startsWith('text/html') ? url.searchParams.get('token') : null;
      if (!authorized(req, queryToken)) {
        if (st && st.type.startsWith('text/html'))
          return send(401, '<!doctype html><title>401</title><p>Open the dashboard as <code>/?token=&lt;API_TOKEN&gt;</code>.</p>', 'text/html; charset=utf-8', { 'www-authenticate': 'Bearer' });
        return json(401, { error: 'missing or invalid bearer token' }, { 'www-authenticate': 'Bearer' });
      }
      if (queryToken && o.token) {
        // Trade the token in the URL for a cookie and drop it from the address bar / history.
        return send(303, '', 'text/plain', {
          location: p,
          'set-cookie': `${COOKIE}=${encodeURIComponent(o.token)}; HttpOnly; SameSite=Strict; Path=/`,
        });
      }
      if (st) return send(200, files.get(st.file)!, st.type);
      if (p === '/openapi.json') return send(200, spec);
      const h = ROUTES[p];
      if (!h) return json(404, { error: `no such path ${p}`, see: '/openapi.json' });
      const params: Record<string, string> = {};
      for (const [k, v] of url.searchParams) params[k] = v;
      try {
        return json(200, await h(ctx, params));
      } catch (e) {
        if (e instanceof queries.QueryError) return json(400, { error: e.message });
        log(`api ${p}: ${(e as Error).stack ?? e}`);
        return json(500, { error: 'internal error' });
      }
    })().catch((e: unknown) => {
      log(`api: ${(e as Error).message}`);
      if (!res.headersSent) json(500, { error: 'internal error' });
    });
  };
}

/** Start the API; throws when no token is configured (unless noAuth on a loopback host). */
export async function startApi(o: ApiOptions): Promise<ApiServer> {
  if (!o.token) {
    if (!o.noAuth) throw new Error('API_TOKEN is not set: refusing to start the API without authentication (set API_TOKEN, 16+ characters)');
    if (!isLoopback(o.host)) throw new Error(`--no-auth is only allowed on a loopback host (127.0.0.1, ::1, localhost), not ${o.host}`);
  } else if (o.token.length < 16) throw new Error('API_TOKEN must be at least 16 characters');
  const server = http.createServer(createHandler(o));
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const a = server.address() as AddressInfo;
  const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return {
    url: `http://${host}:${a.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
