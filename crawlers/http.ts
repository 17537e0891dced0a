/**
 * Polite HTTP fetching for the crawlers: our own User-Agent, manual redirects with loop detection, an SSRF guard
 * on every hop (http(s) only; no private/loopback hosts, literally or by DNS — crawlers/netguard.ts), a body size
 * cap, charset detection (header → BOM → <meta charset> → XML declaration → UTF-8 with windows-1252 fallback),
 * and 429/503 back-off that honours Retry-After (capped) and pauses the whole host, not just one request.
 *
 * `CrawleeHttpClient` plugs the same logic into Crawlee's HttpCrawler/CheerioCrawler (BaseHttpClient), so the
 * crawler's requests and our out-of-band robots.txt fetches behave identically.
 */
import { Readable } from 'node:stream';
import { NonRetryableError } from 'crawlee';
import type { BaseHttpClient, HttpRequest, HttpResponse, ResponseTypes, StreamingHttpResponse } from 'crawlee';
import { DnsLookupError, NetworkGuard, type LookupFn, type PrivateHostAllowance } from './netguard';

export const DEFAULT_USER_AGENT = 'NoordVacatureMonitor/0.1 (+contact via README)';

export interface FetchPolicy {
  userAgent: string;
  /** Maximum decoded body size; larger responses are aborted and recorded. Default 5 MiB. */
  maxBodyBytes: number;
  /** Per attempt timeout. Default 20 s. */
  timeoutMs: number;
  maxRedirects: number;
  /** How many times a 429/503 is retried after waiting. Default 3. */
  maxBackoffRetries: number;
  /** Upper bound for one Retry-After wait. Default 30 s. */
  retryAfterCapMs: number;
  /** Wait used when 429/503 comes without Retry-After (doubles each retry). Default 1 s. */
  backoffBaseMs: number;
  /** Private/loopback hosts: true = allowed (replica, tests), a list = only these hosts, false = refused (default). */
  allowPrivateHosts: PrivateHostAllowance;
  /** DNS resolver for the private-address check (default node:dns lookup; tests inject one). */
  lookup?: LookupFn;
  /** Minimum spacing between request starts to one host (ms). Default 0; crawlSource derives it from rateLimitPerMinute. */
  minIntervalMs: number;
  /** Maximum simultaneous requests to one host through this fetcher's gate. Default unlimited. */
  maxConcurrentPerHost: number;
  onBackoff?: (url: string, waitMs: number, status: number) => void;
}

export const DEFAULT_POLICY: FetchPolicy = {
  userAgent: DEFAULT_USER_AGENT,
  maxBodyBytes: 5 * 1024 * 1024,
  timeoutMs: 20_000,
  maxRedirects: 5,
  maxBackoffRetries: 3,
  retryAfterCapMs: 30_000,
  backoffBaseMs: 1_000,
  allowPrivateHosts: false,
  minIntervalMs: 0,
  maxConcurrentPerHost: Infinity,
};

/** An error that retrying will not fix (4xx, redirect loop, body too large, blocked host). */
export class PermanentFetchError extends NonRetryableError {
  constructor(
    message: string,
    public readonly status?: number,
  ) {
    super(message);
    this.name = 'PermanentFetchError';
  }
}

export interface FetchedPage {
  /** Final URL after redirects. */
  url: string;
  status: number;
  headers: Record<string, string>;
  /** Lower-case MIME type without parameters ("text/html"). */
  contentType: string;
  /** Charset actually used for decoding. */
  charset: string;
  body: string;
  bytes: number;
  redirects: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retry-After: delta-seconds or HTTP-date → milliseconds (null when absent/unparseable). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return Math.max(0, t - now);
}

function normaliseCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const l = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (!l) return null;
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return null;
  }
}

/** Charset from a Content-Type header value. */
export function charsetFromContentType(ct: string | null | undefined): string | null {
  const m = /charset\s*=\s*("?)([^";,\s]+)\1/i.exec(ct ?? '');
  return m ? m[2] : null;
}

/** Sniff <meta charset>, <meta http-equiv=Content-Type> or <?xml encoding?> from the first bytes. */
export function sniffCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)/i.exec(head);
  if (meta) return meta[1];
  const xml = /<\?xml[^>]+encoding\s*=\s*["']([a-z0-9_:.-]+)["']/i.exec(head);
  if (xml) return xml[1];
  return null;
}

/** windows-1252 code points for bytes 0x80–0x9F (undefined bytes map to the C1 control, as WHATWG does). */
const CP1252_C1 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * windows-1252 decoder. Own implementation because some Node 20 builds decode the "windows-1252" label as
 * plain latin-1 (0x96 → U+0096 instead of "–"), which would corrupt euro signs and typographic quotes.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const part = bytes.subarray(i, i + CHUNK);
    const codes = new Array<number>(part.length);
    for (let j = 0; j < part.length; j++) {
      const b = part[j];
      codes[j] = b >= 0x80 && b <= 0x9f ? CP1252_C1[b - 0x80] : b;
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

function decodeAs(bytes: Uint8Array, charset: string): string {
  // WHATWG maps latin1 / iso-8859-1 / us-ascii labels to windows-1252 as well.
  if (charset === 'windows-1252') return decodeWindows1252(bytes);
  return new TextDecoder(charset).decode(bytes);
}

/** Decode bytes: declared charset wins; undeclared invalid UTF-8 falls back to windows-1252 (common on old NL sites). */
export function decodeBody(bytes: Uint8Array, contentTypeHeader: string | null): { text: string; charset: string } {
  const declared = normaliseCharset(charsetFromContentType(contentTypeHeader)) ?? normaliseCharset(sniffCharset(bytes));
  if (declared && declared !== 'utf-8') return { text: decodeAs(bytes, declared), charset: declared };
  // Declared UTF-8 (or nothing declared): a page that is not valid UTF-8 is almost always windows-1252 in practice.
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), charset: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), charset: 'windows-1252' };
  }
}

async function readCapped(res: Response, max: number, url: string, abort: AbortController): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    abort.abort();
    throw new PermanentFetchError(`response body of ${url} is ${declared} bytes, over the ${max}-byte limit`);
  }
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      abort.abort();
      await reader.cancel().catch(() => undefined);
      throw new PermanentFetchError(`response body of ${url} exceeds the ${max}-byte limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Per-host politeness gate, shared by every crawl in the process (one module-level instance): requests to the
 * same host:port are spaced at least `minIntervalMs` apart, at most `maxConcurrent` run at once, and a 429/503
 * pauses the host for everyone (so two sources on one domain cannot together exceed its limits).
 */
export class HostGate {
  private nextStart = new Map<string, number>();
  private active = new Map<string, number>();
  private waiters = new Map<string, (() => void)[]>();

  /** Earliest time (epoch ms) at which the next request to host may start. */
  nextAllowedAt(host: string): number {
    return this.nextStart.get(host) ?? 0;
  }

  /** Pause the host until `untilMs` (epoch ms), e.g. after a 429 with Retry-After. */
  pause(host: string, untilMs: number): void {
    this.nextStart.set(host, Math.max(this.nextStart.get(host) ?? 0, untilMs));
  }

  /** Wait for a concurrency slot and a start time; returns the release function for the slot. */
  async acquire(host: string, minIntervalMs: number, maxConcurrent = Infinity): Promise<() => void> {
    while ((this.active.get(host) ?? 0) >= maxConcurrent) {
      await new Promise<void>((resolve) => {
        const list = this.waiters.get(host) ?? [];
        list.push(resolve);
        this.waiters.set(host, list);
      });
    }
    this.active.set(host, (this.active.get(host) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.active.set(host, Math.max(0, (this.active.get(host) ?? 1) - 1));
      const next = this.waiters.get(host)?.shift();
      if (next) next();
    };
    try {
      // Reserve a start slot synchronously, then sleep until it; re-check in case a pause arrived meanwhile.
      while (true) {
        const now = Date.now();
        const start = Math.max(now, this.nextStart.get(host) ?? 0);
        if (start <= now) {
          this.nextStart.set(host, now + Math.max(0, minIntervalMs));
          return release;
        }
        await sleep(start - now);
      }
    } catch (e) {
      release();
      throw e;
    }
  }
}

/** The process-wide gate used by default. */
export const sharedHostGate = new HostGate();

export class Fetcher {
  readonly policy: FetchPolicy;
  readonly gate: HostGate;
  /** URL + DNS gate (also used by the browser crawler, so both paths refuse the same hosts). */
  readonly guard: NetworkGuard;

  constructor(policy: Partial<FetchPolicy> = {}, gate: HostGate = sharedHostGate) {
    this.policy = { ...DEFAULT_POLICY, ...policy };
    this.gate = gate;
    this.guard = new NetworkGuard({ allowPrivateHosts: this.policy.allowPrivateHosts, lookup: this.policy.lookup });
  }

  /**
   * GET (or other method) one URL. Throws PermanentFetchError for things retrying cannot fix and plain Errors
   * for transient problems (network, timeout, 5xx other than 503-after-backoff).
   * 2xx and 3xx-resolved responses are returned; 404/410 etc. throw PermanentFetchError.
   */
  async fetch(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; accept?: string } = {}): Promise<FetchedPage> {
    const p = this.policy;
    const redirects: string[] = [];
    const visited = new Set<string>();
    let current = url;
    let backoffs = 0;
    while (true) {
      // Every hop (start URL and each redirect target): scheme, literal host and every address the name resolves to.
      let problem: string | null;
      try {
        problem = await this.guard.refusal(current);
      } catch (e) {
        if (e instanceof DnsLookupError) throw new Error(`fetch ${current} failed: ${e.message}`);
        throw e;
      }
      if (problem) throw new PermanentFetchError(`refusing to fetch: ${problem}`);
      const host = new URL(current).host;
      const release = await this.gate.acquire(host, p.minIntervalMs, p.maxConcurrentPerHost);
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(new Error(`timeout after ${p.timeoutMs} ms`)), p.timeoutMs);
      let res: Response;
      try {
        res = await fetch(current, {
          method: init.method ?? 'GET',
          redirect: 'manual',
          signal: abort.signal,
          body: init.body,
          headers: {
            'user-agent': p.userAgent,
            accept: init.accept ?? 'text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.8,*/*;q=0.5',
            'accept-language': 'nl-NL,nl;q=0.9,en;q=0.5',
            ...init.headers,
          },
        });
      } catch (e) {
        clearTimeout(timer);
        release();
        const err = e as Error & { cause?: Error };
        const reason = abort.signal.aborted ? `timeout after ${p.timeoutMs} ms` : (err.cause?.message ?? err.message);
        throw new Error(`fetch ${current} failed: ${reason}`);
      }
      try {
        if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
          await res.body?.cancel().catch(() => undefined);
          const next = new URL(res.headers.get('location')!, current).toString();
          visited.add(current);
          if (visited.has(next)) throw new PermanentFetchError(`redirect loop: ${[...redirects, current, next].join(' → ')}`, res.status);
          redirects.push(current);
          if (redirects.length > p.maxRedirects) throw new PermanentFetchError(`too many redirects (>${p.maxRedirects}) starting at ${url}`, res.status);
          current = next;
          continue;
        }
        if (res.status === 429 || res.status === 503) {
          await res.body?.cancel().catch(() => undefined);
          if (backoffs >= p.maxBackoffRetries) {
            throw new PermanentFetchError(`HTTP ${res.status} from ${current}, still failing after ${backoffs} back-off retries`, res.status);
          }
          const ra = parseRetryAfter(res.headers.get('retry-after'));
          const wait = Math.min(p.retryAfterCapMs, ra ?? p.backoffBaseMs * 2 ** backoffs);
          backoffs++;
          this.gate.pause(host, Date.now() + wait);
          p.onBackoff?.(current, wait, res.status);
          continue;
        }
        if (res.status >= 400) {
          await res.body?.cancel().catch(() => undefined);
          const msg = `HTTP ${res.status} ${res.statusText} for ${current}`;
          if (res.status >= 500 || res.status === 408) throw new Error(msg);
          throw new PermanentFetchError(msg, res.status);
        }
        const bytes = await readCapped(res, p.maxBodyBytes, current, abort);
        const ctHeader = res.headers.get('content-type');
        const { text, charset } = decodeBody(bytes, ctHeader);
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => (headers[k] = v));
        return {
          url: current,
          status: res.status,
          headers,
          contentType: (ctHeader ?? '').split(';')[0].trim().toLowerCase() || 'application/octet-stream',
          charset,
          body: text,
          bytes: bytes.byteLength,
          redirects,
        };
      } catch (e) {
        if (e instanceof PermanentFetchError) throw e;
        if (abort.signal.aborted) throw new Error(`fetch ${current} failed: timeout after ${p.timeoutMs} ms`);
        throw e;
      } finally {
        clearTimeout(timer);
        release();
      }
    }
  }
}

function headerValue(h: HttpRequest['headers'], name: string): string | undefined {
  if (!h) return undefined;
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name && v != null) return Array.isArray(v) ? v.join(', ') : v;
  return undefined;
}

/**
 * Crawlee BaseHttpClient backed by Fetcher. Bodies are decoded by us and handed to Crawlee as UTF-8 with a
 * rewritten `content-type: …; charset=utf-8`, so meta-declared legacy charsets are handled correctly.
 */
export class CrawleeHttpClient implements BaseHttpClient {
  constructor(private readonly fetcher: Fetcher) {}

  private async get(request: HttpRequest<any>) {
    const page = await this.fetcher.fetch(String(request.url), {
      method: String(request.method ?? 'GET').toUpperCase(),
      accept: headerValue(request.headers, 'accept'),
      headers: headerValue(request.headers, 'content-type') ? { 'content-type': headerValue(request.headers, 'content-type')! } : undefined,
      body: typeof request.body === 'string' ? request.body : undefined,
    });
    const headers: Record<string, string> = { ...page.headers, 'content-type': `${page.contentType}; charset=utf-8` };
    delete headers['content-length'];
    delete headers['content-encoding'];
    // The fields every Crawlee response shape shares (the whole body is already read and decoded).
    const common = {
      request,
      url: page.url,
      redirectUrls: page.redirects.map((u) => new URL(u)),
      statusCode: page.status,
      headers,
      trailers: {},
      complete: true,
    };
    return { page, common };
  }

  async sendRequest<T extends keyof ResponseTypes = 'text'>(request: HttpRequest<T>): Promise<HttpResponse<T>> {
    const { page, common } = await this.get(request);
    const type = request.responseType ?? 'text';
    const body = type === 'json' ? JSON.parse(page.body) : type === 'buffer' ? Buffer.from(page.body, 'utf8') : page.body;
    return { ...common, body } as HttpResponse<T>;
  }

  async stream(request: HttpRequest): Promise<StreamingHttpResponse> {
    const { page, common } = await this.get(request);
    const buf = Buffer.from(page.body, 'utf8');
    return {
      ...common,
      stream: Readable.from([buf]),
      downloadProgress: { percent: 1, transferred: buf.byteLength, total: buf.byteLength },
      uploadProgress: { percent: 1, transferred: 0, total: 0 },
    };
  }
}
