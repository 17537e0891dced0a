/**
 * SSRF guard and size cap for browser (Playwright/Chromium) crawls. Three layers:
 *
 *  1. Request interception (context.route): every request a page makes — the document, scripts, XHR/fetch, images,
 *     iframes, popups — is checked against the NetworkGuard (http(s) only, no private/loopback hosts, literally or
 *     by DNS) and aborted as "blocked by client" when refused.
 *  2. The guard proxy (guard-proxy.ts) Chromium is launched with: catches what interception never sees (redirect
 *     hops, WebSockets, anything else on the wire) and pins connections to the checked address.
 *  3. A CDP session per page: a main document whose Content-Length exceeds the body cap is failed before its body
 *     is read; one that streams past the cap without announcing it is stopped (the page is closed).
 *
 * Refusals are attributed to the crawl request whose page made them: a refused document makes that request fail
 * permanently with the reason (`refusal`), refused sub-requests are reported as one recorded error for the page
 * (`takeBlocked`). Nothing here throws into the crawler.
 */
import type { BrowserContext, CDPSession, Page, Request as PwRequest, Response as PwResponse, Route } from 'playwright';
import { PermanentFetchError } from './http';
import { randomUUID } from 'node:crypto';
import { BLOCK_HEADER, blockReason, type ProxyBlock } from './guard-proxy';
import { DnsLookupError, type NetworkGuard } from './netguard';

interface Tracker {
  since: number;
  /** Every URL the page requested (incl. redirect hops) and every host:port it talked to, for proxy attribution. */
  urls: Set<string>;
  endpoints: Set<string>;
  /** Same, for the main document's navigation (incl. redirect hops). */
  docUrls: Set<string>;
  docEndpoints: Set<string>;
  /** Refused sub-requests: URL → reason. */
  blocked: Map<string, string>;
  /** Why the page's own document was refused. */
  refusal: string | null;
  /** The page has been reported (takeBlocked); later refusals are only logged. */
  done: boolean;
}

/** How long a refusal by the proxy may wait for the page it belongs to (see takeBlocked). */
const PROXY_MATCH_MS = 300;

export interface BlockedRequest {
  url: string;
  reason: string;
}

/** host:port of a URL (default ports filled in; ws/wss like http/https). */
export function endpointOf(url: string): string {
  try {
    const u = new URL(url);
    const port = u.port || (u.protocol === 'https:' || u.protocol === 'wss:' ? '443' : '80');
    return `${u.hostname.toLowerCase()}:${port}`;
  } catch {
    return url;
  }
}

function headerValue(headers: { name: string; value: string }[] | undefined, name: string): string | undefined {
  return headers?.find((h) => h.name.toLowerCase() === name)?.value;
}

export class BrowserNetworkGuard {
  private readonly trackers = new Map<string, Tracker>();
  private readonly byPage = new WeakMap<Page, Tracker>();
  private readonly attached = new WeakSet<Page>();
  private readonly routed = new WeakSet<BrowserContext>();
  private readonly proxyBlocks: (ProxyBlock & { at: number })[] = [];
  /** Pass to startGuardProxy({ token }): only refusal headers carrying it are believed. */
  readonly proxyToken = randomUUID();

  constructor(
    private readonly guard: NetworkGuard,
    private readonly opts: { maxBodyBytes: number; log: (msg: string) => void },
  ) {}

  /** Hand this to startGuardProxy({ onBlocked }). */
  readonly proxyBlocked = (b: ProxyBlock): void => {
    this.proxyBlocks.push({ ...b, at: Date.now() });
    if (this.proxyBlocks.length > 2000) this.proxyBlocks.splice(0, this.proxyBlocks.length - 2000);
    this.opts.log(`network guard blocked ${b.tunnel ? 'tunnel to ' : ''}${b.url}: ${b.reason}`);
  };

  /** preNavigationHook: route the page's context through the guard and watch the page. */
  async attach(page: Page, request: { uniqueKey: string }): Promise<void> {
    let t = this.trackers.get(request.uniqueKey);
    if (!t) {
      t = { since: Date.now(), urls: new Set(), endpoints: new Set(), docUrls: new Set(), docEndpoints: new Set(), blocked: new Map(), refusal: null, done: false };
      this.trackers.set(request.uniqueKey, t);
    }
    this.byPage.set(page, t);
    const ctx = page.context();
    if (!this.routed.has(ctx)) {
      this.routed.add(ctx);
      await ctx.route('**/*', (route) => this.onRoute(route));
    }
    if (this.attached.has(page)) return;
    this.attached.add(page);
    page.on('request', (r) => this.seen(page, r));
    page.on('websocket', (ws) => {
      const tr = this.byPage.get(page);
      if (tr) this.remember(tr, ws.url(), false);
    });
    page.on('response', (r) => {
      const reason = blockReason(r.headers()[BLOCK_HEADER], this.proxyToken);
      if (reason) void this.note(r.request(), r.url(), reason);
    });
    await this.watchDocument(page).catch((e) => this.opts.log(`size watch unavailable: ${(e as Error).message}`));
  }

  /** Why the request's document was refused (blocked host, redirect to one, over the size cap), or null. */
  refusal(requestKey: string): string | null {
    const t = this.trackers.get(requestKey);
    if (!t) return null;
    if (t.refusal) return t.refusal;
    const doc = this.proxyBlocks.find((b) => this.owns(t, b) === 'doc');
    if (doc) t.refusal = `refusing to fetch: ${doc.reason}`;
    return t.refusal;
  }

  /**
   * Router check once the page is loaded: throws PermanentFetchError when the document was refused (also a 403
   * from the guard proxy on a redirect hop) or the rendered page is larger than the body cap.
   */
  assertDocument(request: { uniqueKey: string; url: string }, response: PwResponse | null | undefined, body?: string): void {
    const proxied = response ? blockReason(response.headers()[BLOCK_HEADER], this.proxyToken) : null;
    const refusal = this.refusal(request.uniqueKey) ?? (proxied ? `refusing to fetch: ${proxied}` : null);
    if (refusal) throw new PermanentFetchError(refusal);
    if (body != null) {
      const bytes = Buffer.byteLength(body, 'utf8');
      if (bytes > this.opts.maxBodyBytes) throw new PermanentFetchError(`rendered page ${request.url} is ${bytes} bytes, over the ${this.opts.maxBodyBytes}-byte limit`);
    }
  }

  /**
   * The page's refused sub-requests (each once); forgets the request. A refusal by the proxy is matched to the
   * page through Playwright's request events, which for redirect hops can arrive a little after the page looks
   * done: while a fresh proxy refusal is still unmatched by any page, wait briefly (at most PROXY_MATCH_MS after it).
   */
  async takeBlocked(requestKey: string): Promise<BlockedRequest[]> {
    const t = this.trackers.get(requestKey);
    if (!t) return [];
    const unmatched = () => this.proxyBlocks.some((b) => b.at >= t.since && Date.now() - b.at < PROXY_MATCH_MS && ![...this.trackers.values()].some((x) => this.owns(x, b) !== 'no'));
    while (unmatched()) await new Promise((r) => setTimeout(r, 20));
    this.trackers.delete(requestKey);
    t.done = true;
    const out = new Map(t.blocked);
    for (const b of this.proxyBlocks) {
      if (out.has(b.url) || this.owns(t, b) !== 'sub') continue;
      if (!b.tunnel) {
        out.set(b.url, b.reason);
        continue;
      }
      // A refused tunnel (https redirect hop, WebSocket): name the page's requests to that host:port.
      const endpoint = endpointOf(b.url);
      const urls = [...t.urls].filter((u) => endpointOf(u) === endpoint && !out.has(u));
      for (const u of urls.length ? urls : [b.url]) out.set(u, b.reason);
    }
    return [...out].map(([url, reason]) => ({ url, reason }));
  }

  /** Does a proxy refusal belong to this page: its document ('doc'), one of its sub-requests ('sub'), or not? */
  private owns(t: Tracker, b: ProxyBlock & { at: number }): 'doc' | 'sub' | 'no' {
    if (b.at < t.since) return 'no';
    const endpoint = endpointOf(b.url);
    if (t.docUrls.has(b.url) || (b.tunnel && t.docEndpoints.has(endpoint))) return 'doc';
    if (t.urls.has(b.url) || (b.tunnel && t.endpoints.has(endpoint))) return 'sub';
    return 'no';
  }

  /** One line for the page's error record. */
  static describe(blocked: BlockedRequest[], max = 10): string {
    const shown = blocked.slice(0, max).map((b) => `${b.url} (${b.reason})`);
    const more = blocked.length > max ? `; and ${blocked.length - max} more` : '';
    return `blocked ${blocked.length} request${blocked.length === 1 ? '' : 's'} made by the page: ${shown.join('; ')}${more}`;
  }

  private seen(page: Page, r: PwRequest): void {
    const t = this.byPage.get(page);
    if (!t) return;
    const url = r.url();
    const scheme = url.slice(0, url.indexOf(':') + 1).toLowerCase();
    if (!['http:', 'https:', 'data:', 'blob:', 'about:'].includes(scheme)) {
      // ftp:, file:, custom schemes: Chromium does not hand these to interception; refuse (and report) them here.
      void this.note(r, url, this.guard.checkUrl(url) ?? `${scheme} requests are not allowed`);
      return;
    }
    this.remember(t, url, this.isMainDocument(r, page));
  }

  private remember(t: Tracker, url: string, mainDocument: boolean): void {
    t.urls.add(url);
    t.endpoints.add(endpointOf(url));
    if (mainDocument) {
      t.docUrls.add(url);
      t.docEndpoints.add(endpointOf(url));
    }
  }

  private isMainDocument(r: PwRequest, page: Page): boolean {
    try {
      return r.isNavigationRequest() && r.frame() === page.mainFrame();
    } catch {
      return false; // service-worker requests have no frame
    }
  }

  /** Find the crawl request a Playwright request belongs to (popups count for their opener). */
  private async owner(r: PwRequest, url: string): Promise<{ t?: Tracker; main: boolean }> {
    let page: Page | null = null;
    try {
      page = r.frame().page();
    } catch {
      // No frame yet: a popup's first navigation (or a service worker). Match the URL a page announced (window.open).
      for (let waited = 0; waited <= 200; waited += 20) {
        const t = [...this.trackers.values()].find((x) => !x.done && x.urls.has(url));
        if (t) return { t, main: false };
        await new Promise((res) => setTimeout(res, 20));
      }
      return { main: false };
    }
    const t = this.byPage.get(page);
    if (t) return { t, main: this.isMainDocument(r, page) };
    const opener = await page.opener().catch(() => null);
    return { t: opener ? this.byPage.get(opener) : undefined, main: false };
  }

  private async note(r: PwRequest, url: string, reason: string): Promise<void> {
    const { t, main } = await this.owner(r, url);
    if (!t || t.done) {
      this.opts.log(`network guard blocked ${url} (${t ? 'after the page was processed' : 'no crawl page'}): ${reason}`);
      return;
    }
    if (main) t.refusal ??= `refusing to fetch: ${reason}`;
    else t.blocked.set(url, reason);
  }

  private async onRoute(route: Route): Promise<void> {
    const r = route.request();
    const url = r.url();
    if (/^(data|blob):/i.test(url)) {
      await route.fallback().catch(() => undefined); // never touches the network
      return;
    }
    let reason: string | null;
    try {
      reason = await this.guard.refusal(url);
    } catch (e) {
      if (e instanceof DnsLookupError) {
        // Fail closed (the name is not left to Chromium's own resolver), but as a network error, not a refusal:
        // a main document is retried like any navigation that failed to resolve.
        this.opts.log(`${url}: ${e.message}`);
        await route.abort('namenotresolved').catch(() => undefined);
        return;
      }
      reason = `guard error: ${(e as Error).message}`;
    }
    if (!reason) {
      await route.fallback().catch(() => undefined);
      return;
    }
    await this.note(r, url, reason);
    await route.abort('blockedbyclient').catch(() => undefined);
  }

  /**
   * Body cap for the main document: Content-Length over the cap → the response is failed before its body is read;
   * a body that streams past the cap → the page is closed. Either way the request fails with the reason.
   */
  private async watchDocument(page: Page): Promise<void> {
    const max = this.opts.maxBodyBytes;
    const cdp: CDPSession = await page.context().newCDPSession(page);
    page.once('close', () => void cdp.detach().catch(() => undefined));
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const mainFrameId = frameTree.frame.id;
    let docId: string | null = null;
    let docUrl = '';
    let received = 0;
    const tracker = () => this.byPage.get(page);
    cdp.on('Network.requestWillBeSent', (e) => {
      // Also every redirect hop: Playwright's own request events can miss hops that fail quickly.
      const t = tracker();
      const main = e.type === 'Document' && e.frameId === mainFrameId;
      if (t) this.remember(t, e.request.url, main);
      if (!main) return;
      if (e.requestId !== docId) received = 0;
      docId = e.requestId;
      docUrl = e.request.url;
    });
    cdp.on('Network.webSocketCreated', (e) => {
      const t = tracker();
      if (t) this.remember(t, e.url, false);
    });
    // window.open(): the popup's first request has no frame yet, so it is matched by URL (see note()).
    cdp.on('Page.windowOpen', (e) => {
      const t = tracker();
      if (t) this.remember(t, e.url, false);
    });
    cdp.on('Network.loadingFailed', (e) => {
      if (e.requestId === docId) docId = null; // what follows is Chromium's own error page
    });
    cdp.on('Network.dataReceived', (e) => {
      if (e.requestId !== docId) return;
      received += e.dataLength;
      const t = tracker();
      if (received > max && t && !t.refusal) {
        t.refusal = `response body of ${docUrl} exceeds the ${max}-byte limit`;
        this.opts.log(`${t.refusal}: closing the page`);
        void page.close().catch(() => undefined);
      }
    });
    cdp.on('Fetch.requestPaused', (e) => {
      const declared = Number(headerValue(e.responseHeaders, 'content-length'));
      if (e.responseStatusCode != null && Number.isFinite(declared) && declared > max) {
        const msg = `response body of ${e.request.url} is ${declared} bytes, over the ${max}-byte limit`;
        const t = tracker();
        if (t && e.frameId === mainFrameId) t.refusal ??= msg;
        else t?.blocked.set(e.request.url, msg);
        void cdp.send('Fetch.failRequest', { requestId: e.requestId, errorReason: 'BlockedByClient' }).catch(() => undefined);
        return;
      }
      void cdp.send('Fetch.continueResponse', { requestId: e.requestId }).catch(() => cdp.send('Fetch.continueRequest', { requestId: e.requestId }).catch(() => undefined));
    });
    // Small buffers: this session never reads bodies (Playwright's own session does).
    await cdp.send('Network.enable', { maxTotalBufferSize: 64 * 1024, maxResourceBufferSize: 32 * 1024 });
    await cdp.send('Page.enable');
    await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Response' }] });
  }
}
