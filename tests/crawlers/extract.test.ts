/** Pure extract functions on saved fixtures (no network). */
import { describe, expect, it } from 'vitest';
import { extractJsonLdItems, extractJsonLdPostings, parseAmount, parseLenientJson } from '../../crawlers/extract/jsonld';
import { extractListLinks, extractWithSelectors, htmlToText } from '../../crawlers/extract/html';
import { extractAtsItems, extractAtsPostings, workdayJobUrl, workdayPostedOn } from '../../crawlers/extract/ats';
import { canonicalizeUrl, canonicalUrlOrNull, resolveLink } from '../../crawlers/extract/url';
import { charsetFromContentType, decodeBody, decodeWindows1252, parseRetryAfter, sniffCharset } from '../../crawlers/http';
import { crawlDelayFor } from '../../crawlers/robots';
import { fixture, fixtureBytes } from './helpers';

const BASE = 'https://fixtures.example';

describe('JSON-LD / microdata extraction', () => {
  it('maps a schema.org JobPosting to a RawPosting', () => {
    const url = `${BASE}/vacature/normal`;
    const { items, errors } = extractJsonLdItems(fixture('site/vacature/normal.html'), url, 'fx');
    expect(errors).toEqual([]);
    expect(items).toHaveLength(1);
    const p = items[0].posting;
    expect(items[0].via).toBe('jsonld');
    expect(p).toMatchObject({
      sourceId: 'fx',
      externalId: 'zb-01',
      url,
      title: 'Verpleegkundige interne geneeskunde',
      employerName: 'Ziekenhuis Lauwersland',
      locationText: 'Henri Dunantweg 12, 8934 AD Leeuwarden',
      postalCode: '8934 AD',
      hoursText: '28-36 uur per week',
      employmentType: 'PART_TIME, TEMPORARY',
      salaryMin: 3346,
      salaryMax: 4790,
      salaryUnit: 'MONTH',
      educationText: 'MBO 4 of HBO Verpleegkunde, BIG-registratie',
      language: 'nl',
    });
    expect(p.salaryText).toMatch(/€ 3\.346 - € 4\.790 per maand/);
    // HTML description → text with section headings on their own lines.
    expect(p.description.split('\n')).toContain('Wat ga je doen?');
    expect(p.description).toMatch(/^- Je verleent basis- en specialistische/m);
    expect(p.description).not.toMatch(/<\/?(p|li|ul|h2)>/);
    // The raw payload is the JSON-LD object itself.
    expect(JSON.parse(items[0].raw!).identifier.value).toBe('zb-01');
  });

  it('finds the JobPosting inside @graph and next to a BreadcrumbList', () => {
    const graph = extractJsonLdPostings(fixture('site/vacature/graph.html'), `${BASE}/vacature/graph`, 'fx');
    expect(graph.errors).toEqual([]);
    expect(graph.postings.map((p) => [p.title, p.externalId, p.employmentType])).toEqual([['Verpleegkundige acute opname', 'zb-03', 'FULL_TIME']]);
    const two = extractJsonLdPostings(fixture('site/vacature/twee-blokken.html'), `${BASE}/vacature/twee-blokken`, 'fx');
    expect(two.errors).toEqual([]);
    expect(two.postings.map((p) => p.title)).toEqual(['Pedagogisch medewerker kinderopvang']);
    expect(two.postings[0].locationText).toContain('Groningen');
  });

  it('falls back to microdata when the JSON-LD block is broken, and reports the broken block', () => {
    const url = `${BASE}/vacature/microdata`;
    const { items, errors } = extractJsonLdItems(fixture('site/vacature/microdata.html'), url, 'fx');
    expect(items).toHaveLength(1);
    expect(items[0].via).toBe('microdata');
    expect(items[0].raw).toBeNull();
    expect(items[0].posting).toMatchObject({
      title: 'Begeleider woonlocatie',
      externalId: 'zb-06',
      datePosted: '2026-09-15',
      employerName: 'De Kolk Zorg',
      postalCode: '9675 AZ',
      locationText: 'Beertsterweg 14, 9675 AZ Winschoten',
      hoursText: '28-32 uur per week',
      employmentType: 'PART_TIME',
    });
    expect(items[0].posting.description.length).toBeGreaterThan(100);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/malformed JSON-LD block 1/);
  });

  it('handles ItemList with several postings, string addresses, legalName, telecommute and Dutch amounts', () => {
    const { postings, errors } = extractJsonLdPostings(fixture('site/vacature/itemlist.html'), `${BASE}/vacature/itemlist`, 'fx');
    expect(errors).toEqual([]);
    expect(postings.map((p) => p.externalId)).toEqual(['DM-101', 'DM-102']);
    const [a, b] = postings;
    expect(a.title).toBe('Helpende Plus');
    expect(a.employerName).toBe('Zorgcentrum De Marke');
    expect(a.locationText).toBe('Marktstraat 4, 7941 KN Meppel');
    expect(a.salaryMin).toBe(2450.5);
    // Double-escaped HTML in the description is decoded once, then converted to text.
    expect(a.description).toContain('Diploma Helpende Zorg & Welzijn niveau 2');
    expect(a.description.split('\n')).toContain('Wat vragen wij?');
    expect(b.title).toBe('Teamleider wonen');
    expect(b.employerName).toBe('Stichting De Marke');
    expect(b.locationText).toBe('Thuiswerken');
    // min > max in the source is swapped.
    expect([b.salaryMin, b.salaryMax]).toEqual([3500, 4100]);
    expect(b.employmentType).toBe('FULL_TIME, PERMANENT');
  });

  it('records malformed, empty, truncated and title-less blocks without throwing', () => {
    const multi = extractJsonLdPostings(fixture('bad/multiple-jsonld.html'), `${BASE}/x`, 'fx');
    expect(multi.postings.map((p) => p.title)).toEqual(['Sociaal werker']);
    expect(multi.errors.some((e) => /malformed JSON-LD block 1/.test(e))).toBe(true);
    expect(multi.errors.some((e) => /block 2 .* is empty/.test(e))).toBe(true);
    expect(multi.errors.some((e) => /JobPosting without title/.test(e))).toBe(true);

    const truncated = extractJsonLdPostings(fixture('bad/truncated.html'), `${BASE}/t`, 'fx');
    expect(truncated.postings).toEqual([]);
    expect(truncated.errors.join()).toMatch(/malformed JSON-LD/);

    const malformed = extractJsonLdPostings(fixture('bad/malformed-jsonld.html'), `${BASE}/m`, 'fx');
    expect(malformed.postings).toEqual([]);
    expect(malformed.errors).toHaveLength(1);

    const none = extractJsonLdPostings(fixture('bad/no-jobposting.html'), `${BASE}/n`, 'fx');
    expect(none).toEqual({ postings: [], errors: [] });
    expect(extractJsonLdPostings('', `${BASE}/e`, 'fx')).toEqual({ postings: [], errors: [] });
  });

  it('repairs trailing commas, raw newlines and comment wrappers', () => {
    const { postings, errors } = extractJsonLdPostings(fixture('bad/repairable-jsonld.html'), `${BASE}/r`, 'fx');
    expect(errors).toEqual([]);
    expect(postings[0]).toMatchObject({ title: 'Helpende plus', externalId: 'RM-3', employerName: 'Thuiszorg It Span', locationText: 'Drachten' });
    expect(parseLenientJson('{"a": [1, 2,],}').repaired).toBe(true);
    expect(() => parseLenientJson('{a: }')).toThrow();
  });

  it('parses published amounts', () => {
    expect([parseAmount('2.800'), parseAmount('2.800,50'), parseAmount('2,800.50'), parseAmount('€ 3.100'), parseAmount('2800,5'), parseAmount('n.o.t.k.')]).toEqual([
      2800, 2800.5, 2800.5, 3100, 2800.5, null,
    ]);
  });
});

describe('listing / detail selectors', () => {
  const list = { item: 'li.resultaat', link: 'a.titel', next: 'a.volgende' };

  it('extracts canonical detail links and the next page', () => {
    const r = extractListLinks(fixture('site/lijst/pagina-1.html'), `${BASE}/lijst/pagina-1`, list);
    expect(r.errors).toEqual([]);
    expect(r.links).toEqual([`${BASE}/lijst/vacature/verzorgende-ig`, `${BASE}/lijst/vacature/wijkverpleegkundige`, 'https://elders.example/vacature/extern']);
    expect(r.next).toBe(`${BASE}/lijst/pagina-2`);
    const last = extractListLinks(fixture('site/lijst/pagina-2.html'), `${BASE}/lijst/pagina-2`, list);
    expect(last.links).toHaveLength(2);
    expect(last.next).toBeNull();
  });

  it('reports invalid selectors instead of throwing', () => {
    const r = extractListLinks(fixture('site/lijst/pagina-1.html'), `${BASE}/lijst/pagina-1`, { item: 'li[[', link: 'a' });
    expect(r.links).toEqual([]);
    expect(r.errors[0]).toMatch(/invalid selector "li\[\["/);
  });

  it('reads a detail page with CSS selectors, including @attribute selectors', () => {
    const sel = { title: 'h1.functie', description: '.tekst', employer: '.organisatie', location: '.standplaats', hours: '.uren', salary: '.salaris', date: 'time.geplaatst@datetime' };
    const url = `${BASE}/lijst/vacature/verzorgende-ig`;
    const r = extractWithSelectors(fixture('site/lijst/vacature/verzorgende-ig.html'), url, 'fx', sel);
    expect(r.errors).toEqual([]);
    expect(r.postings[0]).toMatchObject({
      url,
      title: 'Verzorgende IG',
      employerName: 'Zorggroep Lauwerszee',
      locationText: 'Dokkum, 9101 KV',
      postalCode: '9101 KV',
      hoursText: '24 - 32 uur per week',
      salaryText: '€ 2.600 - € 3.500 bruto per maand',
      datePosted: '2026-10-01',
      language: 'nl',
    });
    expect(r.postings[0].description.split('\n')).toEqual(['Wat ga je doen?', '- Je verzorgt bewoners met dementie', '- Je deelt medicatie uit', 'Wat vragen wij?', 'Diploma Verzorgende IG (niveau 3).']);
    const missing = extractWithSelectors(fixture('site/over-ons.html'), `${BASE}/over-ons`, 'fx', sel);
    expect(missing.postings).toEqual([]);
    expect(missing.errors[0]).toMatch(/title selector "h1.functie" matched nothing/);
  });

  it('htmlToText keeps structure and drops scripts', () => {
    expect(htmlToText('<div><h2>Aanbod</h2><script>x()</script><ul><li>Goed&nbsp;salaris</li><li>Reiskosten</li></ul>Tekst<br>regel</div>')).toBe(
      'Aanbod\n- Goed salaris\n- Reiskosten\nTekst\nregel',
    );
  });
});

describe('ATS JSON and XML feeds', () => {
  it('Recruitee-style offers', () => {
    const r = extractAtsItems(fixture('site/ats/recruitee.json'), 'recruitee', 'fx', `${BASE}/ats/recruitee.json`);
    expect(r.errors).toEqual([]);
    expect(r.items).toHaveLength(3);
    const p = r.items[0].posting;
    expect(p.externalId).toMatch(/^88\d{4}$/);
    expect(p.url).toMatch(new RegExp(`^${BASE}/ats/noorderlicht/o/`));
    expect(p.title.length).toBeGreaterThan(3);
    expect(p.hoursText).toMatch(/^\d+(-\d+)? uur per week$/);
    expect(p.salaryUnit).toBe('MONTH');
    expect(p.salaryMin).toBeLessThan(p.salaryMax!);
    expect(p.employerName).toBe('Zorggroep Het Noorderlicht');
    // Requirements are appended to the description.
    expect(p.description).toContain('Wat vragen wij?');
    expect(JSON.parse(r.items[0].raw).id).toBe(Number(p.externalId));
  });

  it('Homerun-style vacancies with next_page_url', () => {
    const one = extractAtsItems(fixture('site/ats/homerun-1.json'), 'homerun', 'fx', `${BASE}/ats/homerun-1.json`);
    expect(one.errors).toEqual([]);
    expect(one.next).toBe(`${BASE}/ats/homerun-2.json`);
    expect(one.total).toBe(3);
    expect(one.items.map((i) => i.posting)).toMatchObject([
      {
        externalId: 'hr-7781',
        url: `${BASE}/ats/homerun/vacatures/poh-ggz`,
        employerName: 'Huisartsenpraktijk Het Hoogeland',
        locationText: 'Hoofdstraat 10, 9951 AA Winsum',
        postalCode: '9951 AA',
        hoursText: '16-24 uur per week',
        salaryMin: 3400,
        salaryMax: 4600,
        salaryUnit: 'MONTH',
      },
      { externalId: 'hr-7782', url: `${BASE}/ats/homerun/vacatures/doktersassistent`, locationText: 'Bedum', hoursText: '20 uur' },
    ]);
    expect(one.items[0].posting.description.split('\n')).toEqual(['Je begeleidt patiënten met psychische klachten.', '- Hbo SPV of maatschappelijk werk', 'Salaris conform cao Huisartsenzorg.']);
    const two = extractAtsItems(fixture('site/ats/homerun-2.json'), 'homerun', 'fx', `${BASE}/ats/homerun-2.json`);
    expect(two.next).toBeNull();
    expect(two.items.map((i) => i.posting.title)).toEqual(['Triagist huisartsenpost']);
    expect(two.errors).toEqual(['homerun: vacancy 1 (hr-7791) has no title']);
  });

  it('Workday-style jobPostings: site-relative links, relative dates, requisition ids', () => {
    const now = new Date('2026-11-01T12:00:00Z');
    const api = `${BASE}/wday/cxs/noordzorg/Careers/jobs`;
    const r = extractAtsItems(fixture('site/ats/workday-1.json'), 'workday', 'fx', api, { now });
    expect(r.errors).toEqual([]);
    expect(r.total).toBe(3);
    expect(r.items.map((i) => i.posting)).toMatchObject([
      { title: 'Verpleegkundige Intensive Care', url: `${BASE}/Careers/job/Groningen/Verpleegkundige-Intensive-Care_R-10234`, externalId: 'R-10234', datePosted: '2026-10-29', employmentType: 'Full time' },
      { title: 'Medisch secretaresse', externalId: 'R-10240', datePosted: '2026-11-01', locationText: '2 Locations' },
    ]);
    expect(r.items[1].posting.description).toContain('Afdeling Neurologie');
    expect(workdayJobUrl('/job/X_R1', 'https://t.wd3.myworkdayjobs.com/nl-NL/Careers')).toBe('https://t.wd3.myworkdayjobs.com/nl-NL/Careers/job/X_R1');
    expect(workdayPostedOn('Posted 30+ Days Ago', now)).toBe('2026-10-02');
    expect(workdayPostedOn('Posted Yesterday', now)).toBe('2026-10-31');
    expect(workdayPostedOn('binnenkort', now)).toBeNull();
  });

  it('XML vacancy feed (Dutch element names, CDATA, tracking parameters removed)', () => {
    const r = extractAtsItems(fixture('site/feed/vacatures.xml'), 'xml', 'fx', `${BASE}/feed/vacatures.xml`);
    expect(r.errors).toEqual([]);
    expect(r.items).toHaveLength(5);
    const p = r.items[0].posting;
    expect(p.externalId).toMatch(/^WH-\d+$/);
    expect(p.url).toMatch(new RegExp(`^${BASE}/feeds/wiedenhof/vacature/[a-z0-9-]+$`));
    expect(p.employerName).toBe('Stichting Wiedenhof Zorg');
    expect(p.postalCode).toMatch(/^\d{4} [A-Z]{2}$/);
    expect(p.locationText).toContain(p.postalCode!);
    expect(p.description).toContain('Wat ga je doen?');
    expect(r.items[0].raw).toMatch(/^<vacature>/);
  });

  it('truncated XML, malformed JSON and wrong shapes become errors', () => {
    const t = extractAtsItems(fixture('bad/truncated.xml'), 'xml', 'fx', BASE);
    expect(t.items[0].posting).toMatchObject({ externalId: 'T-1', title: 'Kok', locationText: 'Sneek' });
    expect(t.errors.join()).toMatch(/not closed \(truncated feed\?\)/);
    expect(extractAtsPostings('{"offers": [', 'recruitee', 'fx', BASE).errors[0]).toMatch(/malformed JSON/);
    expect(extractAtsPostings('{"foo": 1}', 'workday', 'fx', BASE).errors).toEqual(['workday: no "jobPostings" array in response']);
    expect(extractAtsPostings('', 'homerun', 'fx', BASE).errors).toEqual(['homerun: empty response body']);
    expect(extractAtsPostings('<html>', 'xml', 'fx', BASE).errors[0]).toMatch(/no <job>/);
    expect(extractAtsPostings('niet xml', 'xml', 'fx', BASE).errors).toEqual(['xml: response is not XML']);
  });
});

describe('URLs, charsets, robots helpers', () => {
  it('canonicalises URLs', () => {
    expect(canonicalUrlOrNull('HTTPS://Example.NL:443/vacature/a/?utm_source=x&id=3&gclid=y#top')).toBe('https://example.nl/vacature/a?id=3');
    expect(canonicalUrlOrNull('/b/', 'http://x.nl/a')).toBe('http://x.nl/b');
    expect(canonicalUrlOrNull('javascript:alert(1)')).toBeNull();
    expect(canonicalizeUrl('mailto:a@b.nl')).toBe('mailto:a@b.nl');
    expect(resolveLink('#solliciteer', 'http://x.nl/a')).toBeNull();
  });

  it('decodes windows-1252 declared in <meta> and undeclared legacy bytes', () => {
    const bytes = fixtureBytes('bad/windows-1252.html');
    expect(sniffCharset(bytes)).toBe('windows-1252');
    const d = decodeBody(bytes, 'text/html');
    expect(d.charset).toBe('windows-1252');
    expect(d.text).toContain('Cliëntbegeleider – coördinator dagbesteding');
    expect(d.text).toContain('€ 2.900 – € 3.800');
    expect(d.text).toContain('’s Avonds');
    const p = extractJsonLdPostings(d.text, `${BASE}/w`, 'fx').postings[0];
    expect(p.employerName).toBe('Zorggroep Tjongerwâld');

    const u = decodeBody(fixtureBytes('bad/undeclared-1252.html'), null);
    expect(u.charset).toBe('windows-1252');
    expect(u.text).toContain('Medewerker café – restaurant');
    // A header charset wins; UTF-8 stays UTF-8.
    expect(decodeBody(Buffer.from('<p>€ é</p>', 'utf8'), 'text/html; charset="UTF-8"')).toEqual({ text: '<p>€ é</p>', charset: 'utf-8' });
    expect(charsetFromContentType('text/html; charset=ISO-8859-1')).toBe('ISO-8859-1');
    expect(decodeWindows1252(Uint8Array.from([0x80, 0x93, 0x41, 0x94, 0xe9]))).toBe('€“A”é');
  });

  it('parses Retry-After and Crawl-delay', () => {
    const now = Date.parse('2026-11-01T10:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 01 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('morgen', now)).toBeNull();
    const robots = 'User-agent: *\nCrawl-delay: 5\n\nUser-agent: NoordVacatureMonitor\nUser-agent: other\nCrawl-delay: 2\nDisallow: /x\n';
    expect(crawlDelayFor(robots, 'NoordVacatureMonitor/0.1 (+contact)')).toBe(2);
    expect(crawlDelayFor(robots, 'SomeBot/1.0')).toBe(5);
    expect(crawlDelayFor('User-agent: *\nDisallow:', 'x')).toBeNull();
  });
});
