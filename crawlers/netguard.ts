/**
 * Network guard (SSRF protection) shared by every crawler path: the source registry, the HTTP fetcher (Cheerio
 * crawls, robots.txt), the browser's request interception and the browser's forwarding proxy.
 *
 *  - only http(s) URLs without credentials;
 *  - no private, loopback, link-local, CGNAT, unique-local, multicast … hosts, judged on the literal host AND on
 *    every address the name resolves to (a public-looking name pointing at 127.0.0.1 or 169.254.169.254 — DNS
 *    rebinding, `localtest.me`-style names, /etc/hosts entries — is refused as well);
 *  - unless private hosts are explicitly allowed: `true` (the bundled offline replica and tests) or a list of
 *    hosts (`"127.0.0.1:4123"`, `"127.0.0.1"`) for tests that serve from localhost but must still exercise the guard.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has (like dns.lookup with all: true). Tests inject their own. */
export type LookupFn = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemLookup: LookupFn = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** `true` = every private host is allowed; a list = only these hosts ("host" or "host:port"); false = none. */
export type PrivateHostAllowance = boolean | readonly string[];

function ipv4Bytes(h: string): number[] | null {
  if (isIP(h) !== 4) return null;
  return h.split('.').map(Number);
}

/** 16 bytes of an IPv6 address (zone id ignored), or null when it is not one. */
export function ipv6Bytes(input: string): number[] | null {
  const h = input.split('%')[0];
  if (isIP(h) !== 6) return null;
  let head = h;
  let v4: number[] | null = null;
  const lastColon = h.lastIndexOf(':');
  if (h.slice(lastColon + 1).includes('.')) {
    v4 = ipv4Bytes(h.slice(lastColon + 1));
    if (!v4) return null;
    head = h.slice(0, lastColon + 1) + '0:0';
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, null];
  const lp = left ? left.split(':') : [];
  const rp = right ? right.split(':') : [];
  const groups = right === null ? lp : [...lp, ...new Array<string>(8 - lp.length - rp.length).fill('0'), ...rp];
  if (groups.length !== 8) return null;
  const bytes: number[] = [];
  for (const g of groups) {
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 255);
  }
  if (v4) bytes.splice(12, 4, ...v4);
  return bytes;
}

function isPrivateIPv4([a, b, c]: number[]): boolean {
  if (a === 0 || a === 10 || a === 127) return true; // "this network", RFC1918, loopback
  if (a === 169 && b === 254) return true; // link-local (cloud metadata endpoints live here)
  if (a === 172 && b >= 16 && b <= 31) return true;
  if (a === 192 && b === 168) return true;
  if (a === 100 && b >= 64 && b <= 127) return true; // CGNAT 100.64/10
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return true; // 192.0.0/24 IETF protocol assignments, 192.0.2/24 documentation
  if (a === 198 && (b === 18 || b === 19)) return true; // benchmarking 198.18/15
  return a >= 224; // multicast, reserved, broadcast
}

function isPrivateIPv6(x: number[]): boolean {
  const zero = (from: number, to: number) => x.slice(from, to).every((b) => b === 0);
  const v4 = (at: number) => isPrivateIPv4(x.slice(at, at + 4));
  if (zero(0, 10) && x[10] === 0xff && x[11] === 0xff) return v4(12); // IPv4-mapped ::ffff:a.b.c.d
  if (zero(0, 12)) return true; // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
  if (x[0] === 0x00 && x[1] === 0x64 && x[2] === 0xff && x[3] === 0x9b) {
    // NAT64: 64:ff9b::/96 embeds an IPv4 address; 64:ff9b:1::/48 is for local use only.
    return zero(4, 12) ? v4(12) : true;
  }
  if (x[0] === 0x20 && x[1] === 0x02) return v4(2); // 6to4 2002::/16 embeds an IPv4 address
  if ((x[0] & 0xfe) === 0xfc) return true; // unique local fc00::/7
  if (x[0] === 0xfe && (x[1] & 0xc0) === 0x80) return true; // link-local fe80::/10
  if (x[0] === 0xfe && (x[1] & 0xc0) === 0xc0) return true; // site-local fec0::/10 (deprecated)
  return x[0] === 0xff; // multicast ff00::/8
}

/** True for a literal IPv4/IPv6 address in a private, loopback, link-local, CGNAT, unique-local … range. */
export function isPrivateAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '');
  const v4 = ipv4Bytes(a);
  if (v4) return isPrivateIPv4(v4);
  const v6 = ipv6Bytes(a);
  return v6 ? isPrivateIPv6(v6) : false;
}

/** True for loopback, RFC1918, link-local, CGNAT, unspecified and unique-local addresses / local names. */
export function isPrivateHost(hostname: string): boolean {
  const h = hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.+$/, ''); // "localhost." is "localhost"
  if (h === '' || h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal') || h.endsWith('.home.arpa') || h === 'localhost.localdomain') {
    return true;
  }
  return isIP(h) ? isPrivateAddress(h) : false;
}

/** Does the allowance exempt this URL's host from the private-host rules? */
export function privateHostAllowed(u: URL, allow: PrivateHostAllowance): boolean {
  if (allow === true) return true;
  if (!allow || allow.length === 0) return false;
  const hostname = u.hostname.toLowerCase();
  const port = u.port || (u.protocol === 'https:' || u.protocol === 'wss:' ? '443' : '80');
  const withPort = `${hostname}:${port}`;
  return allow.some((entry) => {
    const e = entry.trim().toLowerCase();
    return e === hostname || e === withPort;
  });
}

/** Returns an error message for a URL that may not be crawled (judged on the literal URL), or null when it is fine. */
export function checkCrawlUrl(raw: string, allowPrivateHosts: PrivateHostAllowance): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return `"${raw}" is not a valid absolute URL`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `"${raw}" uses ${u.protocol} — only http(s) URLs are allowed`;
  if (u.username || u.password) return `"${raw}" must not contain credentials`;
  if (!privateHostAllowed(u, allowPrivateHosts) && isPrivateHost(u.hostname)) {
    return `"${raw}" points at a private/loopback host (${u.hostname}); set allowPrivateHosts: true only for local replica/test sources`;
  }
  return null;
}

/** The host name could not be resolved (a network problem, not a policy refusal). */
export class DnsLookupError extends Error {
  constructor(
    public readonly hostname: string,
    public readonly code: string,
  ) {
    super(`DNS lookup of ${hostname} failed: ${code}`);
    this.name = 'DnsLookupError';
  }
}

export type GuardDecision =
  | { ok: true; /** Checked addresses to connect to (absent when the host is exempt: connect by name). */ addresses?: ResolvedAddress[] }
  | { ok: false; reason: string };

export interface NetworkGuardOptions {
  allowPrivateHosts: PrivateHostAllowance;
  lookup?: LookupFn;
  /** How long a resolution is reused (ms). Default 30 s. */
  cacheTtlMs?: number;
}

/**
 * URL + DNS gate. `decide` checks scheme, credentials and the literal host, then resolves the name and refuses
 * it when ANY of its addresses is private. Resolutions are cached briefly (per guard, i.e. per crawl).
 */
export class NetworkGuard {
  readonly allowPrivateHosts: PrivateHostAllowance;
  private readonly lookup: LookupFn;
  private readonly ttl: number;
  private readonly cache = new Map<string, { expires: number; result: Promise<ResolvedAddress[]> }>();

  constructor(opts: NetworkGuardOptions) {
    this.allowPrivateHosts = opts.allowPrivateHosts;
    this.lookup = opts.lookup ?? systemLookup;
    this.ttl = opts.cacheTtlMs ?? 30_000;
  }

  /** True when no host is subject to the private-address rules (no DNS check needed). */
  get allowsAllPrivate(): boolean {
    return this.allowPrivateHosts === true;
  }

  /** Literal checks only (scheme, credentials, private literal host). */
  checkUrl(url: string): string | null {
    return checkCrawlUrl(url, this.allowPrivateHosts);
  }

  /** Resolve (cached). Throws DnsLookupError when the name does not resolve. */
  async resolve(hostname: string): Promise<ResolvedAddress[]> {
    const h = hostname.replace(/^\[|\]$/g, '');
    const family = isIP(h);
    if (family) return [{ address: h, family }];
    const now = Date.now();
    const hit = this.cache.get(h);
    if (hit && hit.expires > now) return hit.result;
    const result = this.lookup(h).then(
      (list) => {
        if (!list.length) throw new DnsLookupError(h, 'no addresses');
        return list;
      },
      (e: NodeJS.ErrnoException) => {
        throw e instanceof DnsLookupError ? e : new DnsLookupError(h, e?.code ?? e?.message ?? String(e));
      },
    );
    this.cache.set(h, { expires: now + this.ttl, result });
    result.catch(() => this.cache.delete(h));
    if (this.cache.size > 1000) this.cache.delete(this.cache.keys().next().value!);
    return result;
  }

  /** Full decision for one URL (literal checks + DNS). Throws DnsLookupError when the host does not resolve. */
  async decide(url: string): Promise<GuardDecision> {
    const problem = this.checkUrl(url);
    if (problem) return { ok: false, reason: problem };
    const u = new URL(url);
    if (privateHostAllowed(u, this.allowPrivateHosts)) return { ok: true };
    const addresses = await this.resolve(u.hostname);
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) {
      return {
        ok: false,
        reason: `"${url}" resolves to a private/loopback address (${u.hostname} → ${bad.address}); set allowPrivateHosts only for local replica/test sources`,
      };
    }
    return { ok: true, addresses };
  }

  /** Reason to refuse the URL, or null. Throws DnsLookupError when the host does not resolve. */
  async refusal(url: string): Promise<string | null> {
    const d = await this.decide(url);
    return d.ok ? null : d.reason;
  }
}
