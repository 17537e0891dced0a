/**
 * Offline demo replica of recruitment platforms, served by node:http on 127.0.0.1.
 *
 *  /robots.txt                         shared robots.txt (Sitemap line + Disallow /zorgbanen/admin/, /rommel/geheim/)
 *  /zorgbanen/…                        "Zorgbanen Noord": static job board, sitemap index, paginated listing,
 *                                      detail pages with schema.org JobPosting JSON-LD (one malformed block with
 *                                      microdata fallback, one page with two JSON-LD blocks, @graph variants)
 *  /wizn/…                             "Werken in de Zorg Noord": JavaScript-rendered job board (HTML shell +
 *                                      /wizn/api/*.json rendered client-side, paginated)
 *  /ats/noorderlicht/api/offers/       "Zorggroep Het Noorderlicht": Recruitee-style ATS JSON feed
 *  /feeds/wiedenhof/vacatures.xml      "Stichting Wiedenhof Zorg": XML vacancy feed
 *  /rommel/…                           bad input for tests: truncated HTML, malformed JSON-LD, windows-1252,
 *                                      10 MB page, redirect loop, 404, 429+Retry-After, 500
 *  /rommel/dood/…                      a listing whose every detail page fails (circuit-breaker test)
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchVacancies, buildVacancies, type ReplicaVacancy } from './vacancies';

export interface ReplicaOptions {
  port?: number;
  host?: string;
  /** Reference "today" for datePosted (default 2026-11-01). */
  referenceDate?: Date;
  /** Extra synthetic vacancies on Zorgbanen Noord and Werken in de Zorg Noord (benchmarks). */
  benchPages?: number;
  /** Artificial latency per response in ms (default 0). */
  latencyMs?: number;
}

export interface Replica {
  baseUrl: string;
  close(): Promise<void>;
  /** Request counts per path (without query), for tests. */
  hits: Map<string, number>;
  vacancies: ReplicaVacancy[];
}

export const PAGE_SIZE = 10;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JSON for embedding in <script>: no "</script>" breakouts. */
const scriptJson = (v: unknown) => JSON.stringify(v, null, 1).replace(/</g, '\\u003c');

/** Minimal windows-1252 encoder (latin-1 plus the 0x80–0x9F typographic characters). */
export function encodeCp1252(s: string): Buffer {
  const special: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };
  const out = Buffer.alloc(s.length);
  let i = 0;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    out[i++] = special[ch] ?? (code < 256 ? code : 0x3f);
  }
  return out.subarray(0, i);
}

function jobPostingLd(v: ReplicaVacancy, base: string, url: string) {
  return {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    title: v.title,
    description: v.descriptionHtml,
    identifier: { '@type': 'PropertyValue', name: 'Zorgbanen Noord', value: v.id },
    url,
    datePosted: v.datePosted,
    validThrough: `${v.validThrough}T23:59:59+01:00`,
    employmentType: v.employmentType === 'FULL_TIME' ? 'FULL_TIME' : ['PART_TIME', v.contract === 'vast' ? 'PERMANENT' : 'TEMPORARY'],
    workHours: v.hoursText,
    hiringOrganization: { '@type': 'Organization', name: v.employerName, sameAs: `${base}/zorgbanen/werkgever/${v.realEmployer.toLowerCase().replace(/[^a-z]+/g, '-')}` },
    jobLocation: {
      '@type': 'Place',
      address: { '@type': 'PostalAddress', streetAddress: v.place.street, postalCode: v.place.postalCode, addressLocality: v.place.city, addressRegion: v.place.province, addressCountry: 'NL' },
    },
    baseSalary: { '@type': 'MonetaryAmount', currency: 'EUR', value: { '@type': 'QuantitativeValue', minValue: v.salaryMin, maxValue: v.salaryMax, unitText: 'MONTH' } },
    educationRequirements: { '@type': 'EducationalOccupationalCredential', credentialCategory: v.education },
    inLanguage: 'nl-NL',
  };
}

function layout(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
${head}
</head>
<body>
<header><a href="/zorgbanen/">Zorgbanen Noord</a> · <a href="/zorgbanen/vacatures">Vacatures</a> · <a href="/zorgbanen/over-ons">Over ons</a></header>
<main>
${body}
</main>
<footer><p>&copy; Zorgbanen Noord — demo replica, alle werkgevers zijn fictief.</p></footer>
</body>
</html>`;
}

function zorgbanenDetail(v: ReplicaVacancy, base: string, variant: 'normal' | 'microdata' | 'two-blocks' | 'graph'): string {
  const url = `${base}/zorgbanen/vacature/${v.slug}`;
  const ld = jobPostingLd(v, base, url);
  const facts = `<ul class="kenmerken">
<li class="plaats">${esc(v.place.city)}</li><li class="uren">${esc(v.hoursText)}</li><li class="salaris">${esc(v.salaryText)}</li></ul>`;
  if (variant === 'microdata') {
    // A broken JSON-LD block (unquoted keys, cut off) — the microdata below carries the posting.
    const broken = `{"@context": "https://schema.org", "@type": "JobPosting", title: "${v.title}", "description": "<p>Zie hieronder</p>`;
    const body = `<article itemscope itemtype="https://schema.org/JobPosting">
<h1 itemprop="title">${esc(v.title)}</h1>
<meta itemprop="identifier" content="${v.id}">
<p>Geplaatst op <time itemprop="datePosted" datetime="${v.datePosted}">${v.datePosted}</time></p>
<div itemprop="hiringOrganization" itemscope itemtype="https://schema.org/Organization"><span itemprop="name">${esc(v.employerName)}</span></div>
<div itemprop="jobLocation" itemscope itemtype="https://schema.org/Place"><div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
<span itemprop="streetAddress">${esc(v.place.street)}</span>, <span itemprop="postalCode">${v.place.postalCode}</span> <span itemprop="addressLocality">${esc(v.place.city)}</span></div></div>
<p><span itemprop="workHours">${esc(v.hoursText)}</span> · <span itemprop="employmentType">${v.employmentType}</span></p>
<div itemprop="description">${v.descriptionHtml}</div>
</article>`;
    return layout(v.title, body, `<script type="application/ld+json">${broken}</script>`);
  }
  let head: string;
  if (variant === 'two-blocks') {
    const crumbs = {
      '@context': 'https://schema.org',
      '@type': 'BreadcrumbList',
      itemListElement: [
        { '@type': 'ListItem', position: 1, name: 'Vacatures', item: `${base}/zorgbanen/vacatures` },
        { '@type': 'ListItem', position: 2, name: v.title, item: url },
      ],
    };
    head = `<script type="application/ld+json">${scriptJson(crumbs)}</script>\n<script type="application/ld+json">${scriptJson(ld)}</script>`;
  } else if (variant === 'graph') {
    const graph = { '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage', '@id': url, name: v.title }, { ...ld, '@context': undefined }] };
    head = `<script type="application/ld+json">${scriptJson(graph)}</script>`;
  } else {
    head = `<script type="application/ld+json">${scriptJson(ld)}</script>`;
  }
  const body = `<article class="vacature">
<nav class="kruimels"><a href="/zorgbanen/vacatures">Vacatures</a> › ${esc(v.title)}</nav>
<h1>${esc(v.title)}</h1>
<p class="werkgever">${esc(v.employerName)}</p>
${facts}
<section class="omschrijving">${v.descriptionHtml}</section>
<p><a class="solliciteer" href="/zorgbanen/solliciteer/${v.id}">Solliciteer direct</a></p>
</article>`;
  return layout(v.title, body, head);
}

function zorgbanenList(vs: ReplicaVacancy[], page: number): string {
  const pages = Math.max(1, Math.ceil(vs.length / PAGE_SIZE));
  const slice = vs.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const cards = slice
    .map(
      (v) => `<article class="vacature-kaart">
<h2><a href="/zorgbanen/vacature/${v.slug}?utm_source=zorgbanen&amp;utm_medium=lijst">${esc(v.title)}</a></h2>
<p>${esc(v.employerName)} · ${esc(v.place.city)} · ${esc(v.hoursText)}</p>
</article>`,
    )
    .join('\n');
  const nav = `<nav class="paginering">${page > 1 ? `<a rel="prev" href="/zorgbanen/vacatures?page=${page - 1}">Vorige</a>` : ''} Pagina ${page} van ${pages} ${page < pages ? `<a rel="next" href="/zorgbanen/vacatures?page=${page + 1}">Volgende</a>` : ''}</nav>`;
  return layout(`Vacatures in de zorg – pagina ${page}`, `<h1>Vacatures in zorg en welzijn in Noord-Nederland</h1>\n<p>${vs.length} vacatures</p>\n${cards}\n${nav}`);
}

const WIZN_SCRIPT = `
(function () {
  var app = document.getElementById('app');
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  var m = location.pathname.match(/\\/wizn\\/vacature\\/([^\\/?#]+)/);
  if (m) {
    fetch('/wizn/api/vacatures/' + encodeURIComponent(m[1])).then(function (r) {
      if (!r.ok) { app.textContent = 'Vacature niet gevonden'; return null; }
      return r.json();
    }).then(function (v) {
      if (!v) return;
      document.title = v.title + ' | Werken in de Zorg Noord';
      var art = el('article', 'vacature-detail');
      art.appendChild(el('h1', 'titel', v.title));
      art.appendChild(el('p', 'werkgever', v.employer));
      var meta = el('ul', 'feiten');
      meta.appendChild(el('li', 'plaats', v.postalCode + ' ' + v.city));
      meta.appendChild(el('li', 'uren', v.hours));
      meta.appendChild(el('li', 'salaris', v.salary));
      var t = el('time', 'geplaatst', 'Geplaatst: ' + v.datePosted); t.setAttribute('datetime', v.datePosted);
      var li = el('li'); li.appendChild(t); meta.appendChild(li);
      art.appendChild(meta);
      var d = el('div', 'omschrijving'); d.innerHTML = v.descriptionHtml; art.appendChild(d);
      app.innerHTML = ''; app.appendChild(art);
    });
    return;
  }
  var page = Number(new URLSearchParams(location.search).get('page') || '1');
  fetch('/wizn/api/vacatures?page=' + page).then(function (r) { return r.json(); }).then(function (data) {
    var ul = el('ul', 'vacatures');
    data.items.forEach(function (it) {
      var li = el('li', 'vacature');
      var a = el('a', 'vacature-link', it.title); a.href = '/wizn/vacature/' + it.id;
      li.appendChild(a);
      li.appendChild(el('span', 'meta', it.employer + ' – ' + it.city));
      ul.appendChild(li);
    });
    app.innerHTML = '';
    app.appendChild(el('h1', null, 'Vacatures (' + data.total + ')'));
    app.appendChild(ul);
    if (data.page < data.pages) {
      var next = el('a', 'volgende', 'Volgende pagina'); next.href = '/wizn/vacatures?page=' + (data.page + 1); next.rel = 'next';
      app.appendChild(next);
    }
  });
})();
`;

function wiznShell(title: string): string {
  return `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body>
<header><strong>Werken in de Zorg Noord</strong></header>
<div id="app"><p class="laden">Vacatures worden geladen…</p><noscript>Schakel JavaScript in om vacatures te bekijken.</noscript></div>
<script>${WIZN_SCRIPT}</script>
</body>
</html>`;
}

function wiznDetailJson(v: ReplicaVacancy) {
  return {
    id: v.id,
    title: v.title,
    employer: v.employerName,
    city: v.place.city,
    postalCode: v.place.postalCode,
    hours: v.hoursText,
    salary: `${v.salaryText} (${v.scale})`,
    datePosted: v.datePosted,
    descriptionHtml: v.descriptionHtml,
  };
}

function recruiteeOffer(v: ReplicaVacancy, base: string) {
  const [descr, req] = splitRequirements(v.descriptionHtml);
  return {
    id: 880000 + Number(v.id.replace(/\D/g, '')),
    slug: v.slug,
    title: v.title,
    description: descr,
    requirements: req,
    location: `${v.place.city}, Nederland`,
    city: v.place.city,
    postal_code: v.place.postalCode,
    country_code: 'NL',
    employment_type_code: v.employmentType === 'FULL_TIME' ? 'fulltime_permanent' : v.contract === 'vast' ? 'parttime_permanent' : 'parttime_fixed_term',
    min_hours: v.hoursMin,
    max_hours: v.hoursMax,
    salary: { min: v.salaryMin, max: v.salaryMax, currency: 'EUR', period: 'month' },
    education_code: v.education,
    careers_url: `${base}/ats/noorderlicht/o/${v.slug}`,
    careers_apply_url: `${base}/ats/noorderlicht/o/${v.slug}/c/new`,
    published_at: `${v.datePosted} 08:30:00 UTC`,
    company_name: v.employerName,
    department: 'Wonen & Zorg',
    language: 'nl',
  };
}

/** Recruitee keeps "requirements" separate: move the "Wat vragen wij?" section there. */
function splitRequirements(html: string): [string, string] {
  const m = /<h2>Wat vragen wij\?<\/h2>\s*<ul>[\s\S]*?<\/ul>/.exec(html);
  if (!m) return [html, ''];
  return [html.replace(m[0], ''), m[0]];
}

function wiedenhofXml(vs: ReplicaVacancy[], base: string): string {
  const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
  const items = vs
    .map(
      (v) => `  <vacature>
    <id>${v.id.toUpperCase()}</id>
    <functietitel>${esc(v.title)}</functietitel>
    <werkgever>${esc(v.employerName)}</werkgever>
    <standplaats>${esc(v.place.city)}</standplaats>
    <postcode>${v.place.postalCode}</postcode>
    <adres>${esc(v.place.street)}</adres>
    <uren_per_week>${esc(v.hoursText)}</uren_per_week>
    <salaris>${esc(v.salaryText)} (${esc(v.scale)})</salaris>
    <dienstverband>${v.contract}</dienstverband>
    <opleidingsniveau>${esc(v.education)}</opleidingsniveau>
    <publicatiedatum>${v.datePosted}</publicatiedatum>
    <sluitingsdatum>${v.validThrough}</sluitingsdatum>
    <url>${base}/feeds/wiedenhof/vacature/${v.slug}?utm_source=feed</url>
    <omschrijving>${cdata(v.descriptionHtml)}</omschrijving>
  </vacature>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<vacatures bron="Stichting Wiedenhof Zorg">\n${items}\n</vacatures>\n`;
}

// ----------------------------------------------------------------------------------------------------------
// Bad-input pages

const ROMMEL_LINKS = ['afgebroken', 'kapotte-jsonld', 'herstelbaar', 'windows-1252', 'enorm', 'lus-a', 'weg', 'druk', 'storing', 'twee-blokken'];

function goodLd(title: string, id: string, extra: Record<string, unknown> = {}) {
  return {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    title,
    identifier: id,
    description: '<h2>Wat ga je doen?</h2><ul><li>Je biedt zorg en begeleiding</li></ul>',
    datePosted: '2026-10-20',
    hiringOrganization: { '@type': 'Organization', name: 'Stichting De Esdoorn' },
    jobLocation: { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Assen', postalCode: '9401 RK' } },
    ...extra,
  };
}

function rommelPage(name: string, hits: number, res: ServerResponse): void {
  const html = (s: string, status = 200) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(s);
  };
  switch (name) {
    case 'afgebroken':
      // Truncated mid-JSON-LD and mid-tag (connection dropped / CMS bug).
      return html(`<!doctype html><html><head><title>Verpleegkundige</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting","title":"Verpleegkundige nacht","descr`);
    case 'kapotte-jsonld':
      return html(`<!doctype html><html><head><script type="application/ld+json">{ "@type": "JobPosting", title: 'Begeleider', description: <p>kapot</p> }</script></head><body><h1>Begeleider</h1><p>Zonder microdata.</p></body></html>`);
    case 'herstelbaar': {
      // Trailing commas and a raw newline inside a string: repairable.
      const text = `{"@context":"https://schema.org","@type":"JobPosting","title":"Helpende plus","identifier":"RM-3","description":"<p>Eerste regel\nTweede regel</p>","hiringOrganization":{"name":"Thuiszorg It Span",},"jobLocation":{"address":{"addressLocality":"Drachten",},},}`;
      return html(`<!doctype html><html><head><script type="application/ld+json">${text}</script></head><body><h1>Helpende plus</h1></body></html>`);
    }
    case 'windows-1252': {
      const ld = goodLd('Cliëntbegeleider – coördinator dagbesteding', 'RM-4', {
        description: '<h2>Wat bieden wij?</h2><ul><li>Salaris € 2.900 – € 3.800 bruto per maand</li><li>’s Avonds vrij</li></ul>',
      });
      const page = `<!doctype html><html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><title>Cliëntbegeleider</title><script type="application/ld+json">${JSON.stringify(ld)}</script></head><body><h1>Cliëntbegeleider – coördinator</h1><p>Prijs € 5</p></body></html>`;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(encodeCp1252(page));
      return;
    }
    case 'enorm': {
      // 10 MB, chunked (no content-length) so the cap has to be enforced while streaming.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      res.write(`<!doctype html><html><head><script type="application/ld+json">${JSON.stringify(goodLd('Te groot', 'RM-5'))}</script></head><body><p>`);
      let n = 0;
      const writeMore = () => {
        while (n < 10) {
          n++;
          if (!res.write(chunk)) {
            res.once('drain', writeMore);
            return;
          }
        }
        res.end('</p></body></html>');
      };
      res.on('error', () => undefined);
      writeMore();
      return;
    }
    case 'lus-a':
      res.writeHead(302, { location: '/rommel/vacature/lus-b' });
      res.end();
      return;
    case 'lus-b':
      res.writeHead(302, { location: '/rommel/vacature/lus-a' });
      res.end();
      return;
    case 'druk':
      if (hits === 1) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' });
        res.end('Too Many Requests');
        return;
      }
      return html(`<!doctype html><html><head><script type="application/ld+json">${JSON.stringify(goodLd('Doktersassistent', 'RM-8'))}</script></head><body></body></html>`);
    case 'storing':
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error');
      return;
    case 'twee-blokken':
      return html(
        `<!doctype html><html><head><script type="application/ld+json">{"@context": "https://schema.org", "@type": "Organization", "name": "Kapot" "url": }</script><script type="application/ld+json">${JSON.stringify(goodLd('Sociaal werker', 'RM-10'))}</script></head><body></body></html>`,
      );
    default:
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<h1>Niet gevonden</h1>');
  }
}

// ----------------------------------------------------------------------------------------------------------

export async function startReplica(opts: ReplicaOptions = {}): Promise<Replica> {
  const host = opts.host ?? '127.0.0.1';
  const all = buildVacancies({ referenceDate: opts.referenceDate });
  const extra = opts.benchPages ?? 0;
  const zorgbanen = [...all.filter((v) => v.platform === 'zorgbanen'), ...benchVacancies(extra, 'zorgbanen', opts)];
  const wizn = [...all.filter((v) => v.platform === 'wizn'), ...benchVacancies(extra, 'wizn', opts)];
  const ats = all.filter((v) => v.platform === 'ats');
  const xml = all.filter((v) => v.platform === 'xml');
  const zbBySlug = new Map(zorgbanen.map((v) => [v.slug, v]));
  const wiznById = new Map(wizn.map((v) => [v.id, v]));
  const hits = new Map<string, number>();
  // Deterministic variants: a few Zorgbanen detail pages exercise JSON-LD edge cases.
  const variantOf = (v: ReplicaVacancy): 'normal' | 'microdata' | 'two-blocks' | 'graph' =>
    v.id === 'zb-06' ? 'microdata' : v.id === 'zb-07' ? 'two-blocks' : /[369]$/.test(v.id) ? 'graph' : 'normal';

  let base = '';
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    const count = (hits.get(path) ?? 0) + 1;
    hits.set(path, count);
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, ...headers });
      res.end(body);
    };
    const html = (body: string, status = 200) => send(status, 'text/html; charset=utf-8', body);
    const json = (v: unknown, status = 200) => send(status, 'application/json; charset=utf-8', JSON.stringify(v));
    const xmlOut = (body: string) => send(200, 'application/xml; charset=utf-8', body);
    let m: RegExpExecArray | null;

    if (path === '/robots.txt') {
      return send(
        200,
        'text/plain; charset=utf-8',
        `# Demo replica robots.txt\nUser-agent: *\nDisallow: /zorgbanen/admin/\nDisallow: /rommel/geheim/\n\nUser-agent: BadBot\nDisallow: /\n\nSitemap: ${base}/zorgbanen/sitemap.xml\n`,
      );
    }
    if (path === '/' || path === '/index.html') {
      return html(
        `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Demo replica</title></head><body><h1>Noord vacancy monitor — offline replica</h1><ul><li><a href="/zorgbanen/">Zorgbanen Noord</a></li><li><a href="/wizn/vacatures">Werken in de Zorg Noord</a></li><li><a href="/ats/noorderlicht/api/offers/">Noorderlicht ATS</a></li><li><a href="/feeds/wiedenhof/vacatures.xml">Wiedenhof XML</a></li></ul></body></html>`,
      );
    }
    // ---- Zorgbanen Noord
    if (path === '/zorgbanen' || path === '/zorgbanen/') return html(layout('Zorgbanen Noord', `<h1>Zorgbanen Noord</h1><p><a href="/zorgbanen/vacatures">Bekijk alle ${zorgbanen.length} vacatures</a></p>`));
    if (path === '/zorgbanen/over-ons') return html(layout('Over ons', '<h1>Over Zorgbanen Noord</h1><p>Het vacatureplatform voor zorg en welzijn in Groningen, Fryslân en Drenthe.</p>'));
    if (path === '/zorgbanen/vacatures') {
      const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1);
      return html(zorgbanenList(zorgbanen, page));
    }
    if ((m = /^\/zorgbanen\/vacature\/([^/]+)$/.exec(path))) {
      const v = zbBySlug.get(decodeURIComponent(m[1]));
      if (!v) return html(layout('Niet gevonden', '<h1>Deze vacature bestaat niet meer</h1>'), 404);
      return html(zorgbanenDetail(v, base, variantOf(v)));
    }
    if (path === '/zorgbanen/sitemap.xml') {
      return xmlOut(
        `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n<sitemap><loc>${base}/zorgbanen/sitemap-vacatures.xml</loc></sitemap>\n<sitemap><loc>${base}/zorgbanen/sitemap-paginas.xml</loc></sitemap>\n</sitemapindex>\n`,
      );
    }
    if (path === '/zorgbanen/sitemap-vacatures.xml') {
      const urls = zorgbanen.map((v) => `<url><loc>${base}/zorgbanen/vacature/${v.slug}</loc><lastmod>${v.datePosted}</lastmod></url>`);
      urls.push(`<url><loc>${base}/zorgbanen/admin/vacature/concept-verpleegkundige</loc></url>`);
      return xmlOut(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`);
    }
    if (path === '/zorgbanen/sitemap-paginas.xml') {
      const pages = ['/zorgbanen/', '/zorgbanen/over-ons', '/zorgbanen/vacatures'];
      return xmlOut(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${pages.map((p) => `<url><loc>${base}${p}</loc></url>`).join('\n')}\n</urlset>\n`);
    }
    if (path.startsWith('/zorgbanen/admin/')) return html('<h1>Geen toegang</h1>', 403);
    // ---- Werken in de Zorg Noord (JS-rendered)
    if (path === '/wizn' || path === '/wizn/' || path === '/wizn/vacatures') return html(wiznShell('Vacatures | Werken in de Zorg Noord'));
    if (/^\/wizn\/vacature\/[^/]+$/.test(path)) return html(wiznShell('Vacature | Werken in de Zorg Noord'));
    if (path === '/wizn/api/vacatures') {
      const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1);
      const pages = Math.max(1, Math.ceil(wizn.length / PAGE_SIZE));
      const items = wizn.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((v) => ({ id: v.id, title: v.title, employer: v.employerName, city: v.place.city }));
      return json({ page, pages, total: wizn.length, items });
    }
    if ((m = /^\/wizn\/api\/vacatures\/([^/]+)$/.exec(path))) {
      const v = wiznById.get(decodeURIComponent(m[1]));
      return v ? json(wiznDetailJson(v)) : json({ error: 'not found' }, 404);
    }
    // ---- Noorderlicht ATS (Recruitee-style)
    if (path === '/ats/noorderlicht/api/offers' || path === '/ats/noorderlicht/api/offers/') return json({ offers: ats.map((v) => recruiteeOffer(v, base)) });
    if ((m = /^\/ats\/noorderlicht\/o\/([^/]+)$/.exec(path))) {
      const v = ats.find((x) => x.slug === decodeURIComponent(m![1]));
      return v ? html(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${esc(v.title)}</title></head><body><h1>${esc(v.title)}</h1>${v.descriptionHtml}</body></html>`) : html('<h1>Niet gevonden</h1>', 404);
    }
    // ---- Wiedenhof XML feed
    if (path === '/feeds/wiedenhof/vacatures.xml') return xmlOut(wiedenhofXml(xml, base));
    if ((m = /^\/feeds\/wiedenhof\/vacature\/([^/]+)$/.exec(path))) {
      const v = xml.find((x) => x.slug === decodeURIComponent(m![1]));
      return v ? html(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${esc(v.title)}</title></head><body><h1>${esc(v.title)}</h1>${v.descriptionHtml}</body></html>`) : html('<h1>Niet gevonden</h1>', 404);
    }
    // ---- Bad input
    if (path === '/rommel/' || path === '/rommel') {
      const links = [...ROMMEL_LINKS.map((n) => `/rommel/vacature/${n}`), '/rommel/geheim/vacature/intern'];
      return html(`<!doctype html><html><head><meta charset="utf-8"><title>Rommel</title></head><body><h1>Vacatures</h1><ul>${links.map((l) => `<li><a href="${l}">${l}</a></li>`).join('')}</ul></body></html>`);
    }
    if (path === '/rommel/dood/' || path === '/rommel/dood') {
      const links = Array.from({ length: 12 }, (_, i) => `/rommel/dood/vacature/${i + 1}`);
      return html(`<!doctype html><html><head><meta charset="utf-8"></head><body><ul>${links.map((l) => `<li><a href="${l}">vacature ${l}</a></li>`).join('')}</ul></body></html>`);
    }
    if (path.startsWith('/rommel/dood/vacature/')) return send(500, 'text/plain', 'Internal Server Error');
    if (path.startsWith('/rommel/geheim/')) return html('<h1>Intern</h1>', 403);
    if ((m = /^\/rommel\/vacature\/([^/]+)$/.exec(path))) return rommelPage(m[1], count, res);
    return html('<h1>404 Niet gevonden</h1>', 404);
  };

  const server = createServer((req, res) => {
    const run = () => {
      try {
        handle(req, res);
      } catch (e) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`replica error: ${(e as Error).message}`);
      }
    };
    if (opts.latencyMs) setTimeout(run, opts.latencyMs);
    else run();
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  base = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
  return {
    baseUrl: base,
    hits,
    vacancies: [...zorgbanen, ...wizn, ...ats, ...xml],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
