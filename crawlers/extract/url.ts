/** URL helpers shared by all extractors. Pure. */

const TRACKING_PARAMS = /^(utm_[a-z_]+|gclid|gclsrc|dclid|fbclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|igshid|yclid|ref_src|trk|trackingid)$/i;

/**
 * Canonical form of a vacancy URL: absolute, lower-case host, no fragment, no tracking parameters
 * (utm_*, gclid, fbclid, …), default ports dropped, trailing slash removed (except the root "/").
 * Returns null when the input cannot be resolved to an http(s) URL.
 */
export function canonicalUrlOrNull(raw: string, base?: string): string | null {
  let u: URL;
  try {
    u = base ? new URL(raw.trim(), base) : new URL(raw.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  u.username = '';
  u.password = '';
  for (const key of [...u.searchParams.keys()]) {
    if (TRACKING_PARAMS.test(key)) u.searchParams.delete(key);
  }
  if (u.pathname.length > 1) u.pathname = u.pathname.replace(/\/+$/, '') || '/';
  let s = u.toString();
  if (u.search === '' && s.endsWith('?')) s = s.slice(0, -1);
  return s;
}

/** Best-effort canonical URL: like canonicalUrlOrNull, but returns the trimmed input when it is not an http(s) URL. */
export function canonicalizeUrl(raw: string, base?: string): string {
  return canonicalUrlOrNull(raw, base) ?? String(raw ?? '').trim();
}

/** Resolve a possibly relative link against a page URL; null for javascript:, mailto:, tel:, data: etc. */
export function resolveLink(href: string | undefined | null, pageUrl: string): string | null {
  if (!href) return null;
  const h = href.trim();
  if (!h || h.startsWith('#')) return null;
  return canonicalUrlOrNull(h, pageUrl);
}
