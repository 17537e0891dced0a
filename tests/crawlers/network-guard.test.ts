/**
 * SSRF guard beyond the literal URL check: DNS answers (every address), redirect hops, the browser's own
 * sub-requests (interception + guard proxy) and the browser page size cap. Everything is served from 127.0.0.1;
 * the sources allow exactly that server (`allowPrivateHosts: ["127.0.0.1:<port>"]`) so the guard stays active for
 * every other host, and a fake resolver makes public-looking names point at loopback/private addresses.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright';
import { BrowserNetworkGuard } from '../../crawlers/browser-guard';
import { Fetcher, PermanentFetchError } from '../../crawlers/http';
import { BLOCK_HEADER, blockReason, startGuardProxy, type ProxyBlock } from '../../crawlers/guard-proxy';
import { DnsLookupError, isPrivateAddress, isPrivateHost, NetworkGuard, systemLookup, type LookupFn } from '../../crawlers/netguard';
import { parseSources } from '../../crawlers/sources';
import { localSource, pathOf, runCrawl, startTestServer, type TestServer } from './helpers';

/** Fake DNS: names → addresses. Unknown names do not resolve. */
function fakeDns(table: Record<string, string[]>): LookupFn & { calls: string[] } {
  const calls: string[] = [];
  const fn = (async (hostname: string) => {
    calls.push(hostname);
    const list = table[hostname];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }) as LookupFn & { calls: string[] };
  fn.calls = calls;
  return fn;
}

const DNS = {
  'intern.example': ['127.0.0.1'], // DNS rebinding / localtest.me style
  'metadata.example': ['169.254.169.254'],
  'gemengd.example': ['93.184.216.34', '10.0.0.7'], // one private address is enough to refuse
  'ula.example': ['2606:4700::1111', 'fd00::1'],
  'mapped.example': ['::ffff:127.0.0.1'],
  'publiek.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
};

/** Paths under /lek… must never be requested: seeing one means a refused request got through. */
const leaked = (s: TestServer) => s.log.filter((l) => l.path.includes('/lek'));

describe('address classification', () => {
  it('knows the private, loopback, link-local, CGNAT and unique-local ranges (IPv4 and IPv6)', () => {
    const priv = [
      '10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.254', '192.168.0.1', '127.0.0.1', '127.8.9.10', '169.254.169.254',
      '0.0.0.0', '0.1.2.3', '100.64.0.1', '100.127.255.254', '192.0.0.8', '198.18.0.1', '224.0.0.1', '255.255.255.255',
      '::1', '::', '0:0:0:0:0:0:0:1', 'fc00::1', 'fd12:3456:789a::1', 'fe80::1', 'fe80::1%eth0', 'febf::1', 'fec0::1', 'ff02::1',
      '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.1.2.3', '::ffff:a9fe:a9fe', '::127.0.0.1', '64:ff9b::10.0.0.1', '64:ff9b:1::1', '2002:7f00:1::1', '2002:c0a8:101::1',
    ];
    const pub = ['8.8.8.8', '93.184.216.34', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '192.0.32.10', '192.0.78.9', '169.253.1.1', '2001:4860:4860::8888', '2606:4700::1111', '::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::8.8.8.8', '2002:808:808::1', 'fbff::1', 'fe7f::1'];
    for (const a of priv) expect(isPrivateAddress(a), a).toBe(true);
    for (const a of pub) expect(isPrivateAddress(a), a).toBe(false);
    expect(isPrivateAddress('intern.example')).toBe(false);
    // Local names, also with a trailing dot and as bracketed IPv6 literals.
    for (const h of ['localhost', 'LOCALHOST.', 'api.localhost', 'nas.local', 'db.internal', 'router.home.arpa', '[::1]', '[::ffff:7f00:1]']) expect(isPrivateHost(h), h).toBe(true);
  });
});

describe('NetworkGuard', () => {
  it('resolves the host and refuses it when any address is private; allowances skip or narrow the check', async () => {
    const dns = fakeDns(DNS);
    const g = new NetworkGuard({ allowPrivateHosts: false, lookup: dns });
    for (const host of ['intern.example', 'metadata.example', 'gemengd.example', 'ula.example', 'mapped.example']) {
      expect(await g.refusal(`https://${host}/vacatures`), host).toMatch(new RegExp(`resolves to a private/loopback address \\(${host.replace('.', '\\.')} → `));
    }
    expect(await g.refusal('https://gemengd.example/')).toContain('→ 10.0.0.7');
    expect(await g.decide('https://publiek.example/vacatures')).toEqual({ ok: true, addresses: expect.arrayContaining([{ address: '93.184.216.34', family: 4 }]) });
    // Literal refusals never reach the resolver; schemes other than http(s) are refused.
    dns.calls.length = 0;
    for (const u of ['http://localhost:8080/', 'http://[::ffff:127.0.0.1]/', 'http://169.254.169.254/', 'file:///etc/passwd', 'ftp://publiek.example/x', 'data:text/html,x', 'javascript:alert(1)', 'ws://publiek.example/']) {
      expect(await g.refusal(u), u).toBeTruthy();
    }
    expect(dns.calls).toEqual([]);
    // Resolutions are cached per guard.
    await g.refusal('https://publiek.example/a');
    await g.refusal('https://publiek.example/b');
    expect(dns.calls).toEqual([]);
    // A name that does not resolve is a DnsLookupError (a network problem), not a refusal.
    await expect(g.decide('https://bestaat-niet.example/')).rejects.toBeInstanceOf(DnsLookupError);

    // allowPrivateHosts: true → no DNS check at all (offline replica, tests).
    const open = fakeDns(DNS);
    expect(await new NetworkGuard({ allowPrivateHosts: true, lookup: open }).refusal('http://intern.example/')).toBeNull();
    expect(open.calls).toEqual([]);
    // A list exempts exactly those hosts (with or without port); everything else is still checked.
    const narrow = new NetworkGuard({ allowPrivateHosts: ['127.0.0.1:4000', 'intern.example'], lookup: fakeDns(DNS) });
    expect(await narrow.refusal('http://127.0.0.1:4000/x')).toBeNull();
    expect(await narrow.refusal('http://127.0.0.1:4001/x')).toMatch(/private\/loopback host/);
    expect(await narrow.refusal('http://localhost:4000/x')).toMatch(/private\/loopback host/);
    expect(await narrow.refusal('https://intern.example:8443/x')).toBeNull();
    expect(await narrow.refusal('https://metadata.example/x')).toMatch(/169\.254\.169\.254/);
  });

  it('uses the system resolver by default (localhost resolves to loopback only)', async () => {
    const addrs = await systemLookup('localhost');
    expect(addrs.length).toBeGreaterThan(0);
    for (const a of addrs) expect(isPrivateAddress(a.address), a.address).toBe(true);
  });

  it('the registry accepts a host list for allowPrivateHosts and applies it to start URLs', () => {
    const base = { id: 'x', name: 'x', kind: 'platform', adapter: 'jsonld', schedule: '0 6 * * *', rateLimitPerMinute: 6, maxConcurrency: 1, browser: false, verification: 'unverified', enabled: true };
    expect(parseSources([{ ...base, startUrls: ['http://127.0.0.1:4000/'], allowPrivateHosts: ['127.0.0.1:4000'] }])[0].allowPrivateHosts).toEqual(['127.0.0.1:4000']);
    expect(() => parseSources([{ ...base, startUrls: ['http://127.0.0.1:4001/'], allowPrivateHosts: ['127.0.0.1:4000'] }])).toThrow(/private\/loopback/);
    expect(() => parseSources([{ ...base, startUrls: ['http://127.0.0.1:4000/'], allowPrivateHosts: 'yes' }])).toThrow(/allowPrivateHosts/);
  });
});

describe('HTTP fetcher: DNS and redirect hops', () => {
  let server: TestServer;
  let other: TestServer;
  beforeAll(async () => {
    other = await startTestServer([], { site: false });
    server = await startTestServer(
      [
        (_req, res, { url }) => {
          const p = server.port;
          const to: Record<string, string> = {
            '/naar-intern': `http://intern.example:${p}/lek/intern`,
            '/naar-localhost': `http://localhost:${p}/lek/localhost`,
            '/naar-localhost-punt': `http://localhost.:${p}/lek/localhost-punt`,
            '/naar-andere-poort': `http://127.0.0.1:${other.port}/lek/andere-poort`,
            '/naar-mapped': `http://[::ffff:127.0.0.1]:${p}/lek/mapped`,
            '/naar-mapped-dns': `http://mapped.example:${p}/lek/mapped-dns`,
            '/naar-v6': `http://ula.example:${p}/lek/v6`,
            '/naar-gemengd': `http://gemengd.example:${p}/lek/gemengd`,
            '/naar-metadata': 'http://169.254.169.254/latest/meta-data/',
            '/naar-bestand': 'file:///etc/passwd',
            '/dubbel': `/naar-intern`, // a safe hop first, then the private one
          };
          if (to[url.pathname]) {
            res.writeHead(302, { location: to[url.pathname] });
            res.end();
          } else if (url.pathname === '/ok') {
            res.writeHead(200, { 'content-type': 'text/plain' });
            res.end('ok');
          }
        },
      ],
      { site: false },
    );
  });
  afterAll(async () => {
    await server?.close();
    await other?.close();
  });

  it('refuses a public-looking name that resolves to a private address, before connecting', async () => {
    const f = new Fetcher({ allowPrivateHosts: [`127.0.0.1:${server.port}`], lookup: fakeDns(DNS) });
    expect((await f.fetch(`${server.base}/ok`)).body).toBe('ok');
    for (const host of ['intern.example', 'mapped.example', 'ula.example', 'metadata.example']) {
      const err = await f.fetch(`http://${host}:${server.port}/lek/direct`).catch((e) => e);
      expect(err, host).toBeInstanceOf(PermanentFetchError);
      expect(err.message).toMatch(/^refusing to fetch: .*resolves to a private\/loopback address/);
    }
    expect(leaked(server)).toEqual([]);
  });

  it('checks every redirect hop (literal host, DNS, scheme, port) and never follows a refused one', async () => {
    const f = new Fetcher({ allowPrivateHosts: [`127.0.0.1:${server.port}`], lookup: fakeDns(DNS) });
    const cases: [string, RegExp][] = [
      ['/naar-intern', /intern\.example → 127\.0\.0\.1/],
      ['/naar-localhost', /private\/loopback host \(localhost\)/],
      ['/naar-localhost-punt', /private\/loopback host \(localhost\.\)/],
      ['/naar-andere-poort', /private\/loopback host \(127\.0\.0\.1\)/],
      ['/naar-mapped', /private\/loopback host \(\[::ffff:7f00:1\]\)/],
      ['/naar-mapped-dns', /mapped\.example → ::ffff:127\.0\.0\.1/],
      ['/naar-v6', /ula\.example → fd00::1/],
      ['/naar-gemengd', /gemengd\.example → 10\.0\.0\.7/],
      ['/naar-metadata', /169\.254\.169\.254/],
      ['/naar-bestand', /uses file: — only http\(s\)/],
      ['/dubbel', /intern\.example → 127\.0\.0\.1/],
    ];
    for (const [path, msg] of cases) {
      const err = await f.fetch(`${server.base}${path}`).catch((e) => e);
      expect(err, path).toBeInstanceOf(PermanentFetchError);
      expect(err.message, path).toMatch(/^refusing to fetch: /);
      expect(err.message, path).toMatch(msg);
    }
    expect(leaked(server)).toEqual([]);
    expect(other.log).toEqual([]);
    // Control: with private hosts allowed the same redirect is followed (this is what the replica tests rely on).
    const open = await new Fetcher({ allowPrivateHosts: true }).fetch(`${server.base}/naar-localhost`).catch((e) => e);
    expect(open.message).toBe(`HTTP 404 Not Found for http://localhost:${server.port}/lek/localhost`);
    expect(server.hits('/lek/localhost')).toHaveLength(1);
    server.log.length = 0;
  });

  it('a crawl records each refused page and origin, and goes on', async () => {
    const site = await startTestServer(
      [
        (_req, res, { url }) => {
          if (url.pathname === '/lijst') {
            res.writeHead(200, { 'content-type': 'text/html' });
            res.end('<a href="/vacature/goed">a</a><a href="/vacature/omleiding">b</a><a href="/vacature/localhost">c</a><a href="/vacature/metadata">d</a>');
          } else if (url.pathname === '/vacature/goed') {
            res.writeHead(200, { 'content-type': 'text/html' });
            res.end(
              `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'JobPosting', title: 'Wijkverpleegkundige', description: 'Je werkt in de wijk en verleent verpleegkundige zorg bij cliënten thuis in Assen en omgeving.', hiringOrganization: { '@type': 'Organization', name: 'Icare' }, jobLocation: { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Assen' } } })}</script>`,
            );
          } else if (url.pathname === '/vacature/omleiding') {
            res.writeHead(301, { location: `http://intern.example:${site.port}/lek/vacature` });
            res.end();
          } else if (url.pathname === '/vacature/localhost') {
            res.writeHead(302, { location: `http://localhost:${site.port}/lek/vacature` });
            res.end();
          } else if (url.pathname === '/vacature/metadata') {
            res.writeHead(307, { location: 'http://metadata.example/latest/meta-data/' });
            res.end();
          }
        },
      ],
      { site: false },
    );
    try {
      const src = localSource(site.base, {
        id: 'dns-guard',
        adapter: 'jsonld',
        sitemap: false,
        startUrls: [`${site.base}/lijst`, `http://intern.example:${site.port}/lijst`],
        allowPrivateHosts: [`127.0.0.1:${site.port}`],
      });
      const r = await runCrawl(src, { lookup: fakeDns(DNS), maxRequestRetries: 1 });
      expect(r.postings.map((x) => x.title)).toEqual(['Wijkverpleegkundige']);
      const byUrl = new Map(r.errors.map((e) => [e.url, e.error]));
      expect(byUrl.get(`http://intern.example:${site.port}/robots.txt`)).toMatch(/robots\.txt unavailable.*refusing to fetch: .*intern\.example → 127\.0\.0\.1/);
      expect(byUrl.get(`${site.base}/vacature/omleiding`)).toMatch(/^refusing to fetch: .*intern\.example → 127\.0\.0\.1/);
      expect(byUrl.get(`${site.base}/vacature/localhost`)).toMatch(/^refusing to fetch: .*private\/loopback host \(localhost\)/);
      expect(byUrl.get(`${site.base}/vacature/metadata`)).toMatch(/^refusing to fetch: .*metadata\.example → 169\.254\.169\.254/);
      expect(r.errors).toHaveLength(4);
      // Refusals are permanent (not retried) and nothing was ever sent to a refused name.
      expect(site.hits('/vacature/omleiding')).toHaveLength(1);
      expect(leaked(site)).toEqual([]);
      expect(new Set(site.log.map((l) => l.host))).toEqual(new Set([`127.0.0.1:${site.port}`]));
    } finally {
      await site.close();
    }
  });
});

describe('guard proxy (browser network layer)', () => {
  it('refuses private targets for plain HTTP and CONNECT, forwards allowed ones to the checked address', async () => {
    const server = await startTestServer([], { site: false });
    const blocks: ProxyBlock[] = [];
    const guard = new NetworkGuard({ allowPrivateHosts: [`127.0.0.1:${server.port}`], lookup: fakeDns(DNS) });
    const proxy = await startGuardProxy(guard, { onBlocked: (b) => blocks.push(b), token: 'geheim-token' });
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const s = connect(Number(new URL(proxy.url).port), '127.0.0.1', () => s.write(request));
        let out = '';
        s.on('data', (d) => {
          out += d.toString('latin1');
          // A tunnel stays open: answer with what we have once the proxy's reply (and any tunnelled reply) is in.
          if (/\r\n\r\n/.test(out) && /^HTTP\/1\.1 200 Connection Established/.test(out) && !request.includes('GET /tunnel')) s.end();
        });
        s.on('end', () => resolve(out));
        s.on('close', () => resolve(out));
        s.on('error', reject);
        setTimeout(() => s.destroy(), 3000).unref();
      });
    try {
      const http403 = await raw(`GET http://intern.example:${server.port}/lek/http HTTP/1.1\r\nHost: intern.example:${server.port}\r\nConnection: close\r\n\r\n`);
      expect(http403).toMatch(/^HTTP\/1\.1 403/);
      const header = /^x-noord-crawler-blocked: (.*)$/im.exec(http403)?.[1];
      expect(BLOCK_HEADER).toBe('x-noord-crawler-blocked');
      expect(blockReason(header, 'geheim-token')).toMatch(/intern\.example → 127\.0\.0\.1/);
      expect(blockReason(header, 'ander-token')).toBeNull();
      const tunnel403 = await raw(`CONNECT localhost:${server.port} HTTP/1.1\r\nHost: localhost:${server.port}\r\n\r\n`);
      expect(tunnel403).toMatch(/^HTTP\/1\.1 403/);
      const other403 = await raw(`CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n`);
      expect(other403).toMatch(/^HTTP\/1\.1 403/);
      // A name that does not resolve is a network error (502), not a refusal.
      expect(await raw(`CONNECT bestaat-niet.example:443 HTTP/1.1\r\nHost: bestaat-niet.example:443\r\n\r\n`)).toMatch(/^HTTP\/1\.1 502/);
      expect(blocks.map((b) => [b.url, b.tunnel])).toEqual([
        [`http://intern.example:${server.port}/lek/http`, false],
        [`https://localhost:${server.port}/`, true],
        ['https://127.0.0.1:1/', true],
      ]);
      // Allowed: plain HTTP is forwarded with the original Host header …
      const ok = await raw(`GET http://127.0.0.1:${server.port}/hallo HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
      expect(ok).toMatch(/^HTTP\/1\.1 404/);
      // … and a tunnel to the allowed host carries bytes both ways.
      const tunnelled = await raw(`CONNECT 127.0.0.1:${server.port} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\nGET /tunnel HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
      expect(tunnelled).toMatch(/^HTTP\/1\.1 200 Connection Established\r\n\r\nHTTP\/1\.1 404/);
      expect(server.log.map((l) => [l.path, l.host])).toEqual([
        ['/hallo', `127.0.0.1:${server.port}`],
        ['/tunnel', `127.0.0.1:${server.port}`],
      ]);
    } finally {
      await proxy.close();
      await server.close();
    }
  });
});

describe('BrowserNetworkGuard on a bare Chromium page', () => {
  it('refuses a main document by DNS (permanent), treats an unresolvable name as retryable, and charges popups to their opener', async () => {
    const server = await startTestServer(
      [
        (_req, res, { url }) => {
          if (url.pathname === '/opener') {
            res.writeHead(200, { 'content-type': 'text/html' });
            res.end(`<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><script>window.open('http://localhost:${server.port}/lek/popup')</script>`);
            return true;
          }
        },
      ],
      { site: false },
    );
    const logs: string[] = [];
    const guard = new BrowserNetworkGuard(new NetworkGuard({ allowPrivateHosts: [`127.0.0.1:${server.port}`], lookup: fakeDns(DNS) }), { maxBodyBytes: 100_000, log: (m) => logs.push(m) });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'], headless: true });
    try {
      const ctx = await browser.newContext();
      const p1 = await ctx.newPage();
      await guard.attach(p1, { uniqueKey: 'een' });
      await expect(p1.goto(`http://intern.example:${server.port}/lek/direct`)).rejects.toThrow(/ERR_BLOCKED_BY_CLIENT/);
      expect(guard.refusal('een')).toMatch(/^refusing to fetch: .*intern\.example → 127\.0\.0\.1/);

      const p2 = await ctx.newPage();
      await guard.attach(p2, { uniqueKey: 'twee' });
      await expect(p2.goto('http://bestaat-niet.example/')).rejects.toThrow(/ERR_NAME_NOT_RESOLVED/);
      expect(guard.refusal('twee')).toBeNull();
      expect(await guard.takeBlocked('twee')).toEqual([]);
      // Chromium's own error page is not mistaken for an oversized document.
      expect(logs.filter((l) => /byte limit/.test(l))).toEqual([]);

      const p3 = await ctx.newPage();
      await guard.attach(p3, { uniqueKey: 'drie' });
      const popup = p3.waitForEvent('popup');
      await p3.goto(`${server.base}/opener`);
      await (await popup).waitForLoadState().catch(() => undefined);
      expect(guard.refusal('drie')).toBeNull();
      expect(await guard.takeBlocked('drie')).toEqual([{ url: `http://localhost:${server.port}/lek/popup`, reason: expect.stringMatching(/private\/loopback host \(localhost\)/) }]);
      expect(leaked(server)).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 30_000);
});

describe('browser crawl: sub-requests, redirects and the page size cap', () => {
  it('blocks and records private sub-requests, refuses private redirects and oversized pages, and goes on', async () => {
    const other = await startTestServer([], { site: false });
    const CAP = 300_000;
    const server: TestServer = await startTestServer(
      [
        (_req, res, { url }) => {
          const p = server.port;
          const html = (body: string) => {
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
            res.end(`<!doctype html><html lang="nl"><head><meta charset="utf-8"></head><body>${body}</body></html>`);
          };
          const detail = (title: string) =>
            `<article><h1 class="kop">${title}</h1><p class="org">Zorggroep Noorderboog</p><div class="omschrijving"><p>Je biedt zorg en ondersteuning aan bewoners van ons woonzorgcentrum in Meppel.</p></div></article>`;
          switch (url.pathname) {
            case '/b/lijst':
              // Like a single-page app: the list appears once the page's own requests have settled.
              return html(`
                <div id="app">Laden…</div>
                <link rel="stylesheet" href="/b/stijl.css">
                <script src="http://localhost:${p}/lek/script.js"></script>
                <img src="http://intern.example:${p}/lek/beeld.png">
                <iframe src="http://127.0.0.1:${other.port}/lek/frame"></iframe>
                <iframe src="ftp://publiek.example/lek/ftp"></iframe>
                <iframe src="file:///etc/passwd"></iframe>
                <script>
                  const ws = new Promise((done) => {
                    try { const s = new WebSocket('ws://metadata.example/lek/ws'); s.onerror = s.onclose = done; } catch (e) { done(); }
                  });
                  Promise.allSettled([fetch('http://[::ffff:127.0.0.1]:${p}/lek/api'), fetch('/b/omleiding-api'), ws]).then(() => {
                    document.getElementById('app').innerHTML = ['goed', 'omleiding', 'groot-aangekondigd', 'groot-gestreamd', 'groot-dom']
                      .map((id) => '<div class="kaart"><a class="link" href="/b/vacature/' + id + '">' + id + '</a></div>').join('');
                  });
                </script>`);
            case '/b/omleiding-api':
              res.writeHead(302, { location: `http://localhost:${p}/lek/api-na-omleiding`, 'access-control-allow-origin': '*' });
              res.end();
              return;
            case '/b/stijl.css':
              res.writeHead(200, { 'content-type': 'text/css' });
              res.end('h1 { color: teal }');
              return;
            case '/b/vacature/goed':
              // A site cannot fake the guard's refusal header (no token; the proxy also strips it).
              res.setHeader(BLOCK_HEADER, 'nep%20geweigerd');
              return html(detail('Helpende plus'));
            case '/b/vacature/omleiding':
              res.writeHead(302, { location: `http://intern.example:${p}/lek/vacature` });
              res.end();
              return;
            case '/b/vacature/groot-aangekondigd':
              // Announces 10 MB and then stalls: must be refused on the header, without waiting for the body.
              res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(10 * 1024 * 1024) });
              res.write('<html><body>');
              setTimeout(() => res.socket?.destroy(), 20_000).unref();
              return;
            case '/b/vacature/groot-gestreamd': {
              res.writeHead(200, { 'content-type': 'text/html' });
              res.write(`<html><body>${detail('Te groot')}`);
              let sent = 0;
              const chunk = `<p>${'vulling '.repeat(8000)}</p>`;
              const t = setInterval(() => {
                if (res.destroyed || sent > 4 * CAP) {
                  clearInterval(t);
                  res.end('</body></html>');
                  return;
                }
                sent += chunk.length;
                res.write(chunk);
              }, 2);
              return;
            }
            case '/b/vacature/groot-dom':
              // Small document, huge DOM built by its script.
              return html(`${detail('Opgeblazen')}<script>document.body.insertAdjacentHTML('beforeend', '<p>' + 'x'.repeat(${CAP + 50_000}) + '</p>');</script>`);
          }
        },
      ],
      { site: false },
    );
    try {
      const src = localSource(server.base, {
        id: 'browser-guard',
        adapter: 'listing',
        browser: true,
        maxConcurrency: 2,
        startUrls: [`${server.base}/b/lijst`],
        allowPrivateHosts: [`127.0.0.1:${server.port}`],
        selectors: { list: { item: '.kaart', link: 'a.link' }, detail: { title: 'h1.kop', description: '.omschrijving', employer: '.org' } },
      });
      const r = await runCrawl(src, { lookup: fakeDns(DNS), fetchPolicy: { maxBodyBytes: CAP }, maxRequestRetries: 1, selectorTimeoutMs: 2_000, browserPath: '/usr/bin/chromium' });
      expect(r.postings.map((x) => x.title)).toEqual(['Helpende plus']);
      const byPath = new Map<string, string[]>();
      for (const e of r.errors) byPath.set(pathOf(e.url), [...(byPath.get(pathOf(e.url)) ?? []), e.error]);

      // The listing page itself worked; its refused sub-requests are one recorded error.
      expect(byPath.get('/b/lijst')).toHaveLength(1);
      const listErr = byPath.get('/b/lijst')![0];
      expect(listErr).toMatch(/^blocked \d+ requests made by the page: /);
      expect(listErr).toContain(`http://localhost:${server.port}/lek/script.js (`); // literal loopback name
      expect(listErr).toContain(`http://intern.example:${server.port}/lek/beeld.png (`); // DNS → 127.0.0.1
      expect(listErr).toContain(`http://127.0.0.1:${other.port}/lek/frame (`); // iframe, port not allowed
      expect(listErr).toContain(`/lek/api (`); // fetch() to an IPv4-mapped IPv6 literal
      expect(listErr).toContain(`http://localhost:${server.port}/lek/api-na-omleiding (`); // redirect hop, caught by the proxy
      expect(listErr).toMatch(/ws:\/\/metadata\.example\/lek\/ws \(.*169\.254\.169\.254/); // WebSocket, refused by the proxy
      expect(listErr).toContain('ftp://publiek.example/lek/ftp ("ftp://publiek.example/lek/ftp" uses ftp: — only http(s) URLs are allowed)');
      expect(listErr).not.toContain('stijl.css');

      expect(byPath.get('/b/vacature/omleiding')).toEqual([expect.stringMatching(/^refusing to fetch: .*intern\.example → 127\.0\.0\.1/)]);
      expect(byPath.get('/b/vacature/groot-aangekondigd')).toEqual([`response body of ${server.base}/b/vacature/groot-aangekondigd is 10485760 bytes, over the ${CAP}-byte limit`]);
      expect(byPath.get('/b/vacature/groot-gestreamd')).toEqual([`response body of ${server.base}/b/vacature/groot-gestreamd exceeds the ${CAP}-byte limit`]);
      expect(byPath.get('/b/vacature/groot-dom')).toEqual([expect.stringMatching(new RegExp(`^rendered page .*/b/vacature/groot-dom is \\d+ bytes, over the ${CAP}-byte limit`))]);
      expect(r.errors).toHaveLength(5);
      // Refusals are permanent: one attempt each.
      for (const p of ['/b/vacature/omleiding', '/b/vacature/groot-aangekondigd', '/b/vacature/groot-gestreamd', '/b/vacature/groot-dom']) expect(server.hits(p), p).toHaveLength(1);
      // Nothing refused ever reached a server, under any name.
      expect(leaked(server)).toEqual([]);
      expect(other.log).toEqual([]);
      expect(new Set(server.log.map((l) => l.host))).toEqual(new Set([`127.0.0.1:${server.port}`]));
      expect(server.hits('/b/stijl.css')).toHaveLength(1);
      expect(r.stats.pagesFetched).toBe(2);
    } finally {
      await server.close();
      await other.close();
    }
  }, 60_000);

  it('without any allowance the browser crawl refuses even the allowed-looking loopback start page', async () => {
    // Hand-built source, as a caller could pass it: crawlSource re-validates and throws before any request.
    const server = await startTestServer([], { site: false });
    try {
      const src = localSource(server.base, { id: 'geen-uitzondering', adapter: 'listing', browser: true, allowPrivateHosts: undefined, selectors: { list: { item: 'a', link: 'a' } } });
      await expect(runCrawl(src)).rejects.toThrow(/private\/loopback/);
      expect(server.log).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

