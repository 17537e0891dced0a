/**
 * A small forwarding proxy that Chromium is launched with during browser crawls, so every connection the browser
 * opens — navigations, redirect hops (which request interception never sees), sub-resources, WebSockets, service
 * or popup traffic — passes the NetworkGuard at the network layer:
 *
 *  - plain HTTP (absolute-form requests) and CONNECT tunnels (https, wss) are checked against the guard;
 *  - the connection goes to the exact address that was checked (DNS pinning: a name that resolves to a public
 *    address for the check and to 127.0.0.1 a moment later cannot sneak through);
 *  - refused HTTP requests get a 403 with the BLOCK_HEADER (the reason), refused tunnels a 403 to CONNECT, and
 *    `onBlocked` is told so the crawl can record it for the page.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { DnsLookupError, type GuardDecision, type NetworkGuard } from './netguard';

/** Response header of a refusal: "<token> <URI-encoded reason>" (the token tells it apart from a site's own header). */
export const BLOCK_HEADER = 'x-noord-crawler-blocked';

/** The reason in a BLOCK_HEADER value, when it carries this proxy's token (anything else is ignored). */
export function blockReason(headerValue: string | undefined, token: string): string | null {
  if (!headerValue?.startsWith(`${token} `)) return null;
  const v = headerValue.slice(token.length + 1);
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

export interface ProxyBlock {
  /** Full URL for HTTP, https://host:port/ for a tunnel. */
  url: string;
  reason: string;
  tunnel: boolean;
}

export interface GuardProxy {
  /** http://127.0.0.1:port */
  url: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function requestHeaders(h: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(h)) if (v != null && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

function responseHeaders(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (!HOP_BY_HOP.has(name) && name !== BLOCK_HEADER) out.push(raw[i], raw[i + 1]);
  }
  return out;
}

type Decision = GuardDecision | { ok: false; reason: string; dns: true };

async function decide(guard: NetworkGuard, url: string): Promise<Decision> {
  try {
    return await guard.decide(url);
  } catch (e) {
    // Fail closed: a name we cannot resolve is not connected to by name behind our back — but that is a network
    // error (502), not a refusal.
    if (e instanceof DnsLookupError) return { ok: false, reason: e.message, dns: true };
    return { ok: false, reason: `guard error: ${(e as Error).message}` };
  }
}

export async function startGuardProxy(guard: NetworkGuard, opts: { onBlocked?: (b: ProxyBlock) => void; token?: string } = {}): Promise<GuardProxy> {
  const mark = (reason: string) => `${opts.token ?? '-'} ${encodeURIComponent(reason)}`;
  const sockets = new Set<Duplex>();
  const blocked = (b: ProxyBlock) => {
    try {
      opts.onBlocked?.(b);
    } catch {
      /* the callback must not break the proxy */
    }
  };

  const server = createServer(async (req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
      if (target.protocol !== 'http:') throw new Error('not http');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('this proxy only forwards absolute http:// URLs\n');
      return;
    }
    const d = await decide(guard, target.href);
    if (!d.ok && 'dns' in d) {
      req.resume();
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`${d.reason}\n`);
      return;
    }
    if (!d.ok) {
      blocked({ url: target.href, reason: d.reason, tunnel: false });
      req.resume();
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', [BLOCK_HEADER]: mark(d.reason) });
      res.end(`Blocked by the crawler's network guard: ${d.reason}\n`);
      return;
    }
    const pinned = d.addresses?.[0];
    const headers = requestHeaders(req.headers);
    headers.host = target.host;
    const upstream = httpRequest(
      {
        host: pinned?.address ?? target.hostname.replace(/^\[|\]$/g, ''),
        family: pinned?.family,
        port: Number(target.port || 80),
        method: req.method,
        path: target.pathname + target.search,
        headers,
        setHost: false,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.statusMessage, responseHeaders(up.rawHeaders));
        up.pipe(res);
        up.on('error', () => res.destroy());
      },
    );
    upstream.on('error', (e) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`upstream error: ${e.message}\n`);
      } else res.destroy();
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });

  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  server.on('connect', async (req, client: Duplex, head: Buffer) => {
    client.on('error', () => undefined);
    const authority = req.url ?? '';
    let target: URL;
    try {
      target = new URL(`https://${authority}/`);
    } catch {
      client.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    const d = await decide(guard, target.href);
    if (!d.ok && 'dns' in d) {
      client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    if (!d.ok) {
      blocked({ url: target.href, reason: d.reason, tunnel: true });
      client.end(`HTTP/1.1 403 Forbidden\r\n${BLOCK_HEADER}: ${mark(d.reason)}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
      return;
    }
    const pinned = d.addresses?.[0];
    let established = false;
    const upstream = connect({ host: pinned?.address ?? target.hostname.replace(/^\[|\]$/g, ''), family: pinned?.family, port: Number(target.port || 443) }, () => {
      established = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head?.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => {
      if (!established) client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      else client.destroy();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
  });

  // Plain ws:// upgrades are not expected (Chromium tunnels WebSockets through CONNECT); refuse rather than guess.
  server.on('upgrade', (_req, socket: Duplex) => socket.end('HTTP/1.1 501 Not Implemented\r\ncontent-length: 0\r\nconnection: close\r\n\r\n'));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
