/**
 * Bad pages through the crawler's pure extraction (the same functions the LIST/DETAIL/FEED handlers call):
 * the saved corpus in tests/fixtures/crawlers/bad/ (truncated HTML/XML, malformed / repairable / multiple JSON-LD
 * blocks, pages without a JobPosting, declared and undeclared windows-1252) plus generated hostile pages (a 10 MB
 * page, deeply nested markup, binary garbage, injection strings in the title, an empty body, JSON where HTML was
 * expected). Every page must end as postings and/or recorded errors, never a throw; the ones with a known
 * outcome are checked. The fetch-level cases (redirect loops, oversized bodies, hosts that are down) are covered
 * by tests/crawlers/bad-input.test.ts against a local server, since they need one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvalSection } from './types';
import { decodeBody } from '../../crawlers/http';
import { extractJsonLdPostings } from '../../crawlers/extract/jsonld';
import { extractAtsPostings } from '../../crawlers/extract/ats';
import { normalizePosting } from '../../src/domain/normalize/index';

interface PageCase {
  name: string;
  bytes: Uint8Array;
  contentType: string | null;
  kind: 'html' | 'xml';
  /** Expected outcome when known: at least this many postings, and whether an error must be recorded. */
  expect?: { minPostings?: number; maxPostings?: number; error?: boolean; titleIncludes?: string };
}

const enc = (s: string) => new TextEncoder().encode(s);
// "<" escaped as a JSON escape, as sites (must) do inside a <script> block
const jsonLdPage = (title: string, extra = '') =>
  `<!doctype html><html><head><script type="application/ld+json">${JSON.stringify({
    '@context': 'https://schema.org', '@type': 'JobPosting', title, description: 'Wat ga je doen? Je verzorgt cliënten.',
    hiringOrganization: { name: 'Zorggroep Noord' }, jobLocation: { address: { addressLocality: 'Assen' } },
  }).replace(/</g, '\\u003c')}</script></head><body>${extra}</body></html>`;

function cases(): PageCase[] {
  const dir = fileURLToPath(new URL('../fixtures/crawlers/bad/', import.meta.url));
  const known: Record<string, PageCase['expect']> = {
    'multiple-jsonld.html': { minPostings: 1, error: true }, // one good JobPosting beside broken / empty / untitled blocks
    'no-jobposting.html': { maxPostings: 0 }, // the crawl core records "no JobPosting on the page"
    'malformed-jsonld.html': { error: true },
    'repairable-jsonld.html': { minPostings: 1 },
    'truncated.xml': { minPostings: 1 },
    'windows-1252.html': { minPostings: 1, titleIncludes: 'ë' },
    'undeclared-1252.html': { minPostings: 1 },
  };
  const out: PageCase[] = readdirSync(dir)
    .sort()
    .map((f) => ({
      name: f,
      bytes: readFileSync(path.join(dir, f)),
      contentType: f.endsWith('.xml') ? 'application/xml' : f === 'windows-1252.html' ? 'text/html; charset=windows-1252' : 'text/html',
      kind: f.endsWith('.xml') ? ('xml' as const) : ('html' as const),
      expect: known[f],
    }));
  const big = jsonLdPage('Verpleegkundige', '<p>' + 'opvulling '.repeat(1_050_000) + '</p>'); // ≈ 10 MB
  out.push(
    { name: 'generated: 10 MB page', bytes: enc(big), contentType: 'text/html', kind: 'html', expect: { minPostings: 1 } },
    { name: 'generated: 20,000 nested divs', bytes: enc(jsonLdPage('Helpende', '<div>'.repeat(20_000))), contentType: 'text/html', kind: 'html', expect: { minPostings: 1 } },
    { name: 'generated: binary garbage', bytes: Uint8Array.from({ length: 65_536 }, (_, i) => (i * 2654435761) >>> 24), contentType: null, kind: 'html', expect: { maxPostings: 0 } },
    { name: 'generated: injection in title', bytes: enc(jsonLdPage(`Verzorgende IG'); DROP TABLE vacancies;-- <script>alert(1)</script>`)), contentType: 'text/html', kind: 'html', expect: { minPostings: 1, titleIncludes: 'DROP TABLE' } },
    { name: 'generated: unescaped </script> in JSON-LD', bytes: enc(jsonLdPage('x').replace('"x"', '"Helpende </script> plus"')), contentType: 'text/html', kind: 'html', expect: { maxPostings: 0, error: true } },
    { name: 'generated: empty body', bytes: new Uint8Array(), contentType: 'text/html', kind: 'html', expect: { maxPostings: 0 } },
    { name: 'generated: JSON instead of HTML', bytes: enc('{"jobs": [1, 2, 3'), contentType: 'application/json', kind: 'html', expect: { maxPostings: 0 } },
    { name: 'generated: XML feed that is HTML', bytes: enc('<html><body><h1>502 Bad Gateway</h1></body></html>'), contentType: 'application/xml', kind: 'xml', expect: { maxPostings: 0 } },
  );
  return out;
}

export async function evaluate(): Promise<EvalSection> {
  let crashes = 0;
  let withPostings = 0;
  let withErrors = 0;
  let unmet = 0;
  let normalizeCrashes = 0;
  let maxMs = 0;
  const lines: string[] = [];
  const all = cases();
  for (const c of all) {
    const t0 = performance.now();
    try {
      const { text } = decodeBody(c.bytes, c.contentType);
      const r =
        c.kind === 'xml'
          ? extractAtsPostings(text, 'xml', 'eval', 'https://example.org/feed.xml')
          : extractJsonLdPostings(text, 'https://example.org/vacature/1', 'eval');
      const postings = r.postings;
      if (postings.length) withPostings++;
      if (r.errors.length) withErrors++;
      for (const p of postings) {
        try {
          normalizePosting(p, { now: new Date('2026-11-01T00:00:00Z') });
        } catch (e) {
          normalizeCrashes++;
          lines.push(`normalize crashed on ${c.name}: ${(e as Error).message}`);
        }
      }
      const x = c.expect;
      const why: string[] = [];
      if (x?.minPostings !== undefined && postings.length < x.minPostings) why.push(`${postings.length} postings < ${x.minPostings}`);
      if (x?.maxPostings !== undefined && postings.length > x.maxPostings) why.push(`${postings.length} postings > ${x.maxPostings}`);
      if (x?.error && !r.errors.length) why.push('no error recorded');
      if (x?.titleIncludes && !postings.some((p) => p.title.includes(x.titleIncludes!))) why.push(`no title with "${x.titleIncludes}"`);
      if (why.length) {
        unmet++;
        lines.push(`${c.name}: ${why.join('; ')}`);
      }
    } catch (e) {
      crashes++;
      lines.push(`CRASH ${c.name}: ${(e as Error).message}`);
    }
    maxMs = Math.max(maxMs, performance.now() - t0);
  }
  return {
    name: 'bad pages: crawler extraction on broken HTML / JSON-LD / XML / encodings / huge pages',
    metrics: {
      pages: all.length,
      crashes,
      normalize_crashes: normalizeCrashes,
      pages_with_postings: withPostings,
      pages_with_recorded_errors: withErrors,
      unmet_expectations: unmet,
      max_ms_per_page: Math.round(maxMs * 10) / 10,
    },
    targets: {
      pages: { min: 15 },
      crashes: { max: 0 },
      normalize_crashes: { max: 0 },
      unmet_expectations: { max: 0 },
      max_ms_per_page: { max: 5000 },
    },
    lines,
  };
}
