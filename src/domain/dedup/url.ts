/** Canonical URL for exact matching: lower-case host without "www.", no fragment, no tracking params, no trailing slash. */
const TRACKING = /^(utm_.*|gclid|fbclid|msclkid|dclid|yclid|mc_cid|mc_eid|_hs.*|ref|referrer|src|source|trk|trackingid|campaign|cmpid|cid|sessionid|jsessionid|sid|igshid|li_fat_id|wt\..*|s_kwcid|ga_.*|_ga|sc_.*)$/i;

export function canonicalUrl(url: string): string {
  if (typeof url !== 'string' || !url.trim()) return '';
  const raw = url.trim();
  try {
    const u = new URL(raw.includes('://') ? raw : `https://${raw}`);
    const host = u.hostname.toLowerCase().replace(/^www\./, '');
    const params = [...u.searchParams.entries()].filter(([k]) => !TRACKING.test(k)).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const q = params.length ? `?${params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : '';
    let path = u.pathname.replace(/\/+$/, '').replace(/;jsessionid=[^/]*/i, '');
    if (!path) path = '';
    return `${host}${path}${q}`;
  } catch {
    return raw.toLowerCase().replace(/[#?].*$/, '').replace(/\/+$/, '');
  }
}
