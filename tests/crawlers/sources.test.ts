/** Source registry validation and source-URL security (SSRF guard). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCrawlUrl, isPrivateHost, loadSources, parseSources, SourceConfigError, type SourceConfig } from '../../crawlers/sources';
import { demoSources } from '../../crawlers/replica/sources';
import { Fetcher, PermanentFetchError } from '../../crawlers/http';
import { runCrawl, startTestServer } from './helpers';

const valid = {
  id: 'voorbeeld',
  name: 'Voorbeeld',
  kind: 'employer',
  adapter: 'jsonld',
  startUrls: ['https://www.werkenbijvoorbeeld.nl/vacatures'],
  schedule: '0 3 * * *',
  rateLimitPerMinute: 12,
  maxConcurrency: 1,
  browser: false,
  verification: 'unverified',
  enabled: false,
};

describe('crawlers/sources.json registry', () => {
  const sources = loadSources();

  it('validates and covers the northern zorg landscape', () => {
    expect(sources.length).toBeGreaterThanOrEqual(40);
    const ids = new Set(sources.map((s) => s.id));
    for (const id of ['umcg', 'mcl', 'martini-ziekenhuis', 'treant', 'antonius-sneek', 'tjongerschans', 'nij-smellinghe', 'wilhelmina-ziekenhuis-assen', 'ozg', 'lentis', 'ggz-drenthe', 'ggz-friesland', 'cosis', 's-heeren-loo', 'talant', 'alliade', 'werkenindezorg', 'werk-nl']) {
      expect(ids, id).toContain(id);
    }
    const branches = new Set(sources.map((s) => s.branch).filter(Boolean));
    for (const b of ['ziekenhuizen', 'vvt', 'ggz', 'gehandicaptenzorg', 'jeugdzorg']) expect(branches).toContain(b);
    expect(sources.filter((s) => s.kind === 'platform').length).toBeGreaterThanOrEqual(8);
  });

  it('is honest about verification: nothing unverified is enabled, every unverified entry says why', () => {
    for (const s of sources) {
      expect(['verified-local', 'unverified', 'assumed-structure']).toContain(s.verification);
      if (s.verification !== 'verified-local') {
        expect(s.enabled, s.id).toBe(false);
        expect(s.verificationNote, s.id).toMatch(/not reachable/i);
      }
      // Real sites: polite defaults, public https hosts only.
      expect(s.rateLimitPerMinute, s.id).toBeLessThanOrEqual(30);
      expect(s.allowPrivateHosts ?? false).toBe(false);
      for (const u of s.startUrls) expect(u.startsWith('https://'), u).toBe(true);
      if (s.browser) expect(s.adapter).toBe('listing');
    }
  });

  it('demo sources are valid and point at the replica', () => {
    const demo = demoSources('http://127.0.0.1:4321/');
    expect(demo.map((s) => s.adapter).sort()).toEqual(['ats-json', 'jsonld', 'listing', 'xml-feed']);
    expect(demo.find((s) => s.browser)?.id).toBe('demo-wizn');
    for (const s of demo) expect(s.startUrls[0].startsWith('http://127.0.0.1:4321/')).toBe(true);
  });

  it('loadSources reports bad files clearly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sources-'));
    writeFileSync(join(dir, 'bad.json'), '[{"id": "x"');
    expect(() => loadSources(join(dir, 'bad.json'))).toThrow(/not valid JSON/);
    expect(() => loadSources(join(dir, 'missing.json'))).toThrow(/cannot read sources file/);
    writeFileSync(join(dir, 'wrapped.json'), JSON.stringify({ sources: [valid] }));
    expect(loadSources(join(dir, 'wrapped.json')).map((s) => s.id)).toEqual(['voorbeeld']);
  });
});

describe('schema rules', () => {
  const bad = (over: Record<string, unknown>) => () => parseSources([{ ...valid, ...over }]);

  it('accepts a valid entry and names every problem of invalid ones', () => {
    expect(parseSources([valid])[0].id).toBe('voorbeeld');
    expect(bad({ id: 'Geen Kebab' })).toThrow(/kebab-case/);
    expect(bad({ schedule: 'elke dag' })).toThrow(/cron/);
    expect(bad({ rateLimitPerMinute: 0 })).toThrow(SourceConfigError);
    expect(bad({ adapter: 'listing' })).toThrow(/needs selectors.list/);
    expect(bad({ adapter: 'ats-json' })).toThrow(/needs an ats block/);
    expect(bad({ adapter: 'xml-feed', ats: { format: 'recruitee' } })).toThrow(/xml-feed needs ats.format "xml"/);
    expect(bad({ adapter: 'ats-json', ats: { format: 'workday', body: { limit: 20 } } })).toThrow(/ats.body needs ats.method "POST"/);
    expect(bad({ adapter: 'ats-json', browser: true, ats: { format: 'workday', method: 'POST' } })).toThrow(/set browser: false/);
    expect(bad({ detailUrlPattern: '([' })).toThrow(/not a valid regular expression/);
    expect(bad({ startUrls: [] })).toThrow(/at least one start URL/);
    expect(() => parseSources([valid, valid])).toThrow(/duplicate id/);
    expect(() => parseSources('nope')).toThrow(/expected a JSON array/);
  });
});

describe('source URL security', () => {
  it('rejects non-http(s) schemes and credentials', () => {
    expect(checkCrawlUrl('file:///etc/passwd', false)).toMatch(/only http\(s\)/);
    expect(checkCrawlUrl('javascript:alert(1)', false)).toMatch(/only http\(s\)/);
    expect(checkCrawlUrl('ftp://example.nl/jobs.xml', true)).toMatch(/only http\(s\)/);
    expect(checkCrawlUrl('data:text/html,<h1>x</h1>', true)).toMatch(/only http\(s\)/);
    expect(checkCrawlUrl('https://user:pw@example.nl/', false)).toMatch(/credentials/);
    expect(checkCrawlUrl('vacatures', false)).toMatch(/not a valid absolute URL/);
    expect(checkCrawlUrl('https://www.werkenbijhetumcg.nl/vacatures', false)).toBeNull();
  });

  it('rejects private, loopback and link-local hosts unless allowPrivateHosts is set', () => {
    const privateUrls = [
      'http://127.0.0.1:8080/',
      'http://localhost/',
      'http://intranet.local/',
      'http://10.1.2.3/',
      'http://172.16.0.1/',
      'http://192.168.1.10/',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://[::1]/',
      'http://[fd12:3456::1]/',
      'http://[fe80::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:a00:1]/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://255.255.255.255/',
    ];
    for (const u of privateUrls) {
      expect(checkCrawlUrl(u, false), u).toMatch(/private\/loopback host/);
      expect(checkCrawlUrl(u, true), u).toBeNull();
    }
    for (const h of ['172.32.0.1', '8.8.8.8', '2001:4860::8888', '::ffff:808:808', 'example.nl']) expect(isPrivateHost(h), h).toBe(false);
    expect(isPrivateHost('[::1]')).toBe(true);
  });

  it('the registry refuses such start URLs', () => {
    expect(() => parseSources([{ ...valid, startUrls: ['file:///etc/passwd'] }])).toThrow(/only http\(s\) URLs are allowed/);
    expect(() => parseSources([{ ...valid, startUrls: ['http://169.254.169.254/'] }])).toThrow(/private\/loopback/);
    expect(parseSources([{ ...valid, startUrls: ['http://127.0.0.1:9/'], allowPrivateHosts: true }])[0].allowPrivateHosts).toBe(true);
  });

  it('the fetcher refuses private hosts (checked again on every redirect hop) before sending anything', async () => {
    const server = await startTestServer();
    try {
      await expect(new Fetcher({ allowPrivateHosts: false }).fetch(`${server.base}/robots.txt`)).rejects.toThrow(/refusing to fetch: .*private\/loopback/);
      const err = await new Fetcher({ allowPrivateHosts: false }).fetch('http://169.254.169.254/latest/meta-data/').catch((e) => e);
      expect(err).toBeInstanceOf(PermanentFetchError);
      expect(server.log).toHaveLength(0);
      const ok = await new Fetcher({ allowPrivateHosts: true }).fetch(`${server.base}/robots.txt`);
      expect(ok.body).toContain('Disallow: /intern/');
      expect(server.log).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('crawlSource re-validates hand-built sources (throws before any request)', async () => {
    const server = await startTestServer();
    try {
      const src = { ...valid, startUrls: [`${server.base}/`] } as SourceConfig;
      await expect(runCrawl(src)).rejects.toThrow(/private\/loopback/);
      expect(server.log).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});
