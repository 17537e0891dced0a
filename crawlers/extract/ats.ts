/**
 * ATS / feed extraction: Recruitee-style JSON, Homerun-style JSON, Workday-style JSON and generic XML job
 * feeds (<jobs><job>…, <vacancies><vacancy>…, <vacatures><vacature>…). Pure; malformed input is recorded
 * in `errors`, never thrown.
 */
import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import type { RawPosting } from '../../src/domain/types';
import type { AtsFormat } from '../sources';
import { cleanInline, htmlToText } from './html';
import { parseLenientJson } from './jsonld';
import { canonicalizeUrl, canonicalUrlOrNull } from './url';

export interface AtsItem {
  posting: RawPosting;
  /** The raw feed item (JSON of the item, or the XML element) for reprocessing. */
  raw: string;
}

export interface AtsResult {
  items: AtsItem[];
  errors: string[];
  /** Next page URL when the feed links to one (Homerun-style `next_page_url`, `links.next`…). */
  next: string | null;
  /** Total number of postings if the feed reports it (Workday `total`, Recruitee meta). */
  total: number | null;
}

export interface AtsOptions {
  /** Reference time for relative dates such as Workday's "Posted 3 Days Ago". Default: now. */
  now?: Date;
  /** XML: element name of one vacancy. Default: auto-detect. */
  itemElement?: string;
}

type Json = any;

const s = (v: Json): string | null => {
  if (v == null) return null;
  if (typeof v === 'object') return s(v.name ?? v.title ?? v.value ?? v.label ?? null);
  const t = cleanInline(String(v));
  return t || null;
};

function hoursText(min: Json, max: Json): string | null {
  const a = typeof min === 'number' ? min : Number.parseFloat(min);
  const b = typeof max === 'number' ? max : Number.parseFloat(max);
  const fa = Number.isFinite(a) && a > 0;
  const fb = Number.isFinite(b) && b > 0;
  if (fa && fb) return a === b ? `${a} uur per week` : `${Math.min(a, b)}-${Math.max(a, b)} uur per week`;
  if (fa) return `${a} uur per week`;
  if (fb) return `${b} uur per week`;
  return null;
}

function joinText(...parts: (string | null | undefined)[]): string {
  return parts
    .map((p) => htmlToText(p ?? ''))
    .filter(Boolean)
    .join('\n');
}

const PC = /\b([1-9][0-9]{3})\s?([A-Z]{2})\b/;

function abs(u: Json, base: string): string | null {
  if (typeof u !== 'string' || !u.trim()) return null;
  return canonicalUrlOrNull(u, base);
}

function salaryFrom(v: Json): { text: string | null; min: number | null; max: number | null; unit: string | null } {
  if (v == null) return { text: null, min: null, max: null, unit: null };
  if (typeof v !== 'object') return { text: s(v), min: null, max: null, unit: null };
  const min = Number.isFinite(Number(v.min)) && v.min != null ? Number(v.min) : null;
  const max = Number.isFinite(Number(v.max)) && v.max != null ? Number(v.max) : null;
  const period = s(v.period ?? v.unit ?? v.interval);
  const unitMap: Record<string, string> = { hour: 'HOUR', day: 'DAY', week: 'WEEK', month: 'MONTH', year: 'YEAR', maand: 'MONTH', jaar: 'YEAR', uur: 'HOUR' };
  const unit = period ? (unitMap[period.toLowerCase()] ?? period.toUpperCase()) : null;
  const fmt = (n: number) => '€ ' + n.toLocaleString('nl-NL');
  const text = min != null || max != null ? `${min != null && max != null && min !== max ? `${fmt(min)} - ${fmt(max)}` : fmt((min ?? max)!)}${period ? ` per ${period}` : ''}` : null;
  return { text, min, max, unit };
}

function parseBody(body: string, errors: string[], label: string): Json | undefined {
  if (typeof body !== 'string' || !body.trim()) {
    errors.push(`${label}: empty response body`);
    return undefined;
  }
  try {
    return parseLenientJson(body).value;
  } catch (e) {
    errors.push(`${label}: malformed JSON: ${(e as Error).message}`);
    return undefined;
  }
}

function recruitee(body: string, sourceId: string, baseUrl: string): AtsResult {
  const errors: string[] = [];
  const data = parseBody(body, errors, 'recruitee');
  const items: AtsItem[] = [];
  if (data === undefined) return { items, errors, next: null, total: null };
  const offers = Array.isArray(data?.offers) ? data.offers : Array.isArray(data) ? data : null;
  if (!offers) return { items, errors: [...errors, 'recruitee: no "offers" array in response'], next: null, total: null };
  offers.forEach((o: Json, i: number) => {
    const title = s(o?.title);
    if (!title) {
      errors.push(`recruitee: offer ${i} (${o?.id ?? 'no id'}) has no title`);
      return;
    }
    const url = abs(o.careers_url, baseUrl) ?? (o.slug ? abs(`/o/${o.slug}`, baseUrl) : null) ?? canonicalizeUrl(baseUrl);
    const city = s(o.city);
    const pc = s(o.postal_code);
    const location = s(o.location) ?? ([pc, city].filter(Boolean).join(' ') || null);
    const sal = salaryFrom(o.salary);
    items.push({
      raw: JSON.stringify(o),
      posting: {
        sourceId,
        externalId: o.id != null ? String(o.id) : null,
        url,
        title,
        description: joinText(o.description, o.requirements),
        employerName: s(o.company_name),
        locationText: location,
        postalCode: pc,
        datePosted: s(o.published_at ?? o.created_at),
        validThrough: s(o.close_at ?? o.closes_at),
        employmentType: s(o.employment_type_code ?? o.employment_type),
        hoursText: hoursText(o.min_hours, o.max_hours),
        salaryText: sal.text,
        salaryMin: sal.min,
        salaryMax: sal.max,
        salaryUnit: sal.unit,
        educationText: s(o.education_code ?? o.education),
        language: s(o.language ?? o.locale)?.split(/[-_]/)[0].toLowerCase() ?? null,
      },
    });
  });
  const total = typeof data?.meta?.total === 'number' ? data.meta.total : null;
  return { items, errors, next: null, total };
}

function homerun(body: string, sourceId: string, baseUrl: string): AtsResult {
  const errors: string[] = [];
  const data = parseBody(body, errors, 'homerun');
  const items: AtsItem[] = [];
  if (data === undefined) return { items, errors, next: null, total: null };
  const list = Array.isArray(data?.vacancies) ? data.vacancies : Array.isArray(data?.data) ? data.data : Array.isArray(data?.jobs) ? data.jobs : null;
  if (!list) return { items, errors: [...errors, 'homerun: no "vacancies"/"data"/"jobs" array in response'], next: null, total: null };
  list.forEach((v: Json, i: number) => {
    const title = s(v?.title ?? v?.name);
    if (!title) {
      errors.push(`homerun: vacancy ${i} (${v?.id ?? 'no id'}) has no title`);
      return;
    }
    const loc = v.location ?? v.locations?.[0];
    const city = typeof loc === 'object' && loc ? s(loc.city) : s(loc);
    const pc = typeof loc === 'object' && loc ? s(loc.postal_code ?? loc.zip) : null;
    const street = typeof loc === 'object' && loc ? s(loc.address ?? loc.street) : null;
    const hours = typeof v.hours === 'object' && v.hours ? hoursText(v.hours.min, v.hours.max) : s(v.hours);
    const sal = salaryFrom(v.salary);
    items.push({
      raw: JSON.stringify(v),
      posting: {
        sourceId,
        externalId: v.id != null ? String(v.id) : null,
        url: abs(v.url ?? v.job_url ?? v.link, baseUrl) ?? canonicalizeUrl(baseUrl),
        title,
        description: joinText(v.description, v.requirements, v.offer),
        employerName: s(v.company?.name ?? v.company),
        locationText: [street, [pc, city].filter(Boolean).join(' ')].filter(Boolean).join(', ') || null,
        postalCode: pc,
        datePosted: s(v.published_at ?? v.created_at),
        validThrough: s(v.expires_at),
        employmentType: s(v.employment_type ?? v.type),
        hoursText: hours,
        salaryText: sal.text,
        salaryMin: sal.min,
        salaryMax: sal.max,
        salaryUnit: sal.unit,
        educationText: s(v.education_level),
        language: s(v.language)?.split(/[-_]/)[0].toLowerCase() ?? null,
      },
    });
  });
  const nextRaw = data?.next_page_url ?? data?.links?.next ?? data?.meta?.next_page_url ?? null;
  return { items, errors, next: abs(nextRaw, baseUrl), total: typeof data?.meta?.total === 'number' ? data.meta.total : null };
}

/** "Posted Today", "Posted Yesterday", "Posted 3 Days Ago", "Posted 30+ Days Ago" → YYYY-MM-DD. */
export function workdayPostedOn(text: string | null, now: Date): string | null {
  if (!text) return null;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return text;
  const day = 86_400_000;
  let days: number | null = null;
  if (/today|vandaag/i.test(text)) days = 0;
  else if (/yesterday|gisteren/i.test(text)) days = 1;
  else {
    const m = /(\d+)\+?\s*(days?|dagen|dag)/i.exec(text);
    if (m) days = Number(m[1]);
  }
  if (days == null) return null;
  return new Date(now.getTime() - days * day).toISOString().slice(0, 10);
}

/**
 * Public job page base of a Workday site. externalPath ("/job/Groningen/Verpleegkundige_R123") is relative to
 * the site ("https://t.wd3.myworkdayjobs.com/nl-NL/Careers"), not to the host root, so it is appended, and the
 * site is derived from the CXS API URL (/wday/cxs/{tenant}/{site}/jobs) when no linkBase is configured.
 */
export function workdayJobUrl(externalPath: string, base: string): string | null {
  if (/^https?:\/\//i.test(externalPath)) return canonicalUrlOrNull(externalPath);
  let b: URL;
  try {
    b = new URL(base);
  } catch {
    return null;
  }
  const cxs = /^\/wday\/cxs\/[^/]+\/([^/]+)(\/|$)/.exec(b.pathname);
  const sitePath = cxs ? `/${cxs[1]}` : b.pathname.replace(/\/+$/, '');
  const path = externalPath.startsWith('/') ? externalPath : `/${externalPath}`;
  return canonicalUrlOrNull(`${b.origin}${sitePath}${path}`);
}

function workday(body: string, sourceId: string, baseUrl: string, now: Date): AtsResult {
  const errors: string[] = [];
  const data = parseBody(body, errors, 'workday');
  const items: AtsItem[] = [];
  if (data === undefined) return { items, errors, next: null, total: null };
  const list = Array.isArray(data?.jobPostings) ? data.jobPostings : null;
  if (!list) return { items, errors: [...errors, 'workday: no "jobPostings" array in response'], next: null, total: null };
  list.forEach((j: Json, i: number) => {
    const title = s(j?.title);
    if (!title) {
      errors.push(`workday: posting ${i} has no title`);
      return;
    }
    const url = typeof j.externalPath === 'string' && j.externalPath.trim() ? workdayJobUrl(j.externalPath.trim(), baseUrl) : null;
    if (!url) {
      errors.push(`workday: posting "${title}" has no externalPath`);
      return;
    }
    const bullets: string[] = Array.isArray(j.bulletFields) ? j.bulletFields.map((b: Json) => s(b)).filter(Boolean) : [];
    const id = bullets.find((b) => /^[A-Z]{0,4}[-_]?\d{3,}/.test(b)) ?? null;
    items.push({
      raw: JSON.stringify(j),
      posting: {
        sourceId,
        externalId: id,
        url,
        title,
        // The Workday list API carries no description; the detail endpoint would be needed for full text.
        description: [title, ...bullets.filter((b) => b !== id)].join('\n'),
        employerName: null,
        locationText: s(j.locationsText),
        postalCode: null,
        datePosted: workdayPostedOn(s(j.postedOn), now),
        employmentType: s(j.timeType),
      },
    });
  });
  return { items, errors, next: null, total: typeof data.total === 'number' ? data.total : null };
}

const FIELD_ALIASES: Record<string, string[]> = {
  title: ['title', 'functie', 'functietitel', 'jobtitle', 'job_title', 'name', 'naam', 'vacaturetitel'],
  description: ['description', 'omschrijving', 'functieomschrijving', 'body', 'content', 'tekst', 'vacaturetekst', 'summary'],
  requirements: ['requirements', 'eisen', 'functie-eisen', 'profiel', 'profile', 'wat_vragen_wij'],
  offer: ['offer', 'aanbod', 'arbeidsvoorwaarden', 'benefits', 'wat_bieden_wij'],
  url: ['url', 'link', 'vacancy_url', 'vacancyurl', 'apply_url', 'applyurl', 'detailurl', 'joburl'],
  id: ['id', 'referencenumber', 'reference', 'referentie', 'vacancyid', 'vacatureid', 'vacature_id', 'guid', 'jobid'],
  employer: ['company', 'employer', 'werkgever', 'organisatie', 'organization', 'organisation', 'companyname', 'bedrijf'],
  street: ['street', 'streetaddress', 'adres', 'straat'],
  city: ['city', 'plaats', 'standplaats', 'woonplaats', 'werklocatie', 'locatie', 'location', 'place'],
  postalCode: ['postalcode', 'postal_code', 'postcode', 'zip', 'zipcode'],
  date: ['date', 'dateposted', 'pubdate', 'publicatiedatum', 'posted_at', 'published', 'published_at', 'created', 'startdatum_publicatie'],
  validThrough: ['validthrough', 'expirationdate', 'expires', 'sluitingsdatum', 'einddatum', 'closing_date'],
  salary: ['salary', 'salaris', 'salarisindicatie', 'beloning'],
  salaryMin: ['salarymin', 'salary_min', 'salaris_min', 'minsalary'],
  salaryMax: ['salarymax', 'salary_max', 'salaris_max', 'maxsalary'],
  hours: ['hours', 'uren', 'uren_per_week', 'hoursperweek', 'hours_per_week', 'urenperweek', 'werkuren'],
  hoursMin: ['hoursmin', 'min_hours', 'uren_min', 'minhours'],
  hoursMax: ['hoursmax', 'max_hours', 'uren_max', 'maxhours'],
  employmentType: ['jobtype', 'employmenttype', 'employment_type', 'dienstverband', 'contract', 'contracttype', 'soort_dienstverband'],
  education: ['education', 'opleiding', 'opleidingsniveau', 'educationlevel'],
  language: ['language', 'taal', 'lang'],
};

function xmlFeed(body: string, sourceId: string, baseUrl: string, itemElement?: string): AtsResult {
  const errors: string[] = [];
  const items: AtsItem[] = [];
  const text = typeof body === 'string' ? body.replace(/^\uFEFF/, '').trim() : '';
  if (!text.startsWith('<')) return { items, errors: ['xml: response is not XML'], next: null, total: null };
  const $ = cheerio.load(text, { xml: true });
  const candidates = itemElement ? [itemElement] : ['job', 'vacancy', 'vacature', 'position', 'item', 'entry'];
  let elements: Element[] = [];
  let used = '';
  for (const name of candidates) {
    elements = $('*')
      .toArray()
      .filter((el) => (el as Element).name?.toLowerCase() === name.toLowerCase()) as Element[];
    if (elements.length) {
      used = name;
      break;
    }
  }
  if (!elements.length) {
    errors.push(`xml: no <${candidates.join('>/<')}> elements found`);
    return { items, errors, next: null, total: null };
  }
  // A truncated document leaves the last element unclosed; htmlparser2 closes it silently, so check.
  const closeCount = (text.match(new RegExp(`</${used}\\s*>`, 'gi')) ?? []).length;
  if (closeCount < elements.length) errors.push(`xml: ${elements.length - closeCount} <${used}> element(s) not closed (truncated feed?)`);
  elements.forEach((el, i) => {
    const fields: Record<string, string> = {};
    const walk = (node: Element, prefix: string) => {
      for (const c of node.children) {
        if (c.type !== 'tag') continue;
        const child = c as Element;
        const name = child.name.toLowerCase().replace(/^.*:/, '');
        const hasElementChildren = child.children.some((x) => x.type === 'tag');
        const key = prefix ? `${prefix}.${name}` : name;
        if (hasElementChildren && !['description', 'omschrijving', 'functieomschrijving', 'body', 'content'].includes(name)) walk(child, key);
        else if (fields[name] === undefined) fields[name] = $(child).text();
        for (const [an, av] of Object.entries(child.attribs ?? {})) if (fields[`${name}@${an}`] === undefined) fields[`${name}@${an}`] = av;
      }
    };
    walk(el, '');
    for (const [an, av] of Object.entries(el.attribs ?? {})) if (fields[an.toLowerCase()] === undefined) fields[an.toLowerCase()] = av;
    const get = (k: keyof typeof FIELD_ALIASES): string | null => {
      for (const alias of FIELD_ALIASES[k]) {
        const v = fields[alias];
        if (v != null && v.trim()) return v;
      }
      return null;
    };
    const title = s(get('title'));
    if (!title) {
      errors.push(`xml: <${used}> #${i + 1} has no title`);
      return;
    }
    const link = get('url');
    const city = s(get('city'));
    const pc = s(get('postalCode')) ?? (city && PC.exec(city) ? PC.exec(city)![0] : null);
    const street = s(get('street'));
    const salMin = get('salaryMin');
    const salMax = get('salaryMax');
    const salText = s(get('salary')) ?? (salMin || salMax ? [salMin, salMax].filter(Boolean).map((x) => `€ ${x}`).join(' - ') : null);
    items.push({
      raw: $.xml(el),
      posting: {
        sourceId,
        externalId: s(get('id')),
        url: (link ? canonicalUrlOrNull(link.trim(), baseUrl) : null) ?? canonicalizeUrl(baseUrl),
        title,
        description: joinText(get('description'), get('requirements'), get('offer')),
        employerName: s(get('employer')),
        locationText: [street, [pc && city && !city.includes(pc) ? pc : null, city].filter(Boolean).join(' ')].filter(Boolean).join(', ') || null,
        postalCode: pc,
        datePosted: s(get('date')),
        validThrough: s(get('validThrough')),
        employmentType: s(get('employmentType')),
        hoursText: s(get('hours')) ?? hoursText(get('hoursMin'), get('hoursMax')),
        salaryText: salText,
        salaryMin: salMin != null && Number.isFinite(Number(salMin)) ? Number(salMin) : null,
        salaryMax: salMax != null && Number.isFinite(Number(salMax)) ? Number(salMax) : null,
        educationText: s(get('education')),
        language: s(get('language'))?.split(/[-_]/)[0].toLowerCase() ?? null,
      },
    });
  });
  return { items, errors, next: null, total: null };
}

/** Items with their raw payload, the feed's next-page link and total when present. */
export function extractAtsItems(body: string, format: AtsFormat, sourceId: string, baseUrl: string, opts: AtsOptions = {}): AtsResult {
  try {
    switch (format) {
      case 'recruitee':
        return recruitee(body, sourceId, baseUrl);
      case 'homerun':
        return homerun(body, sourceId, baseUrl);
      case 'workday':
        return workday(body, sourceId, baseUrl, opts.now ?? new Date());
      case 'xml':
        return xmlFeed(body, sourceId, baseUrl, opts.itemElement);
      default:
        return { items: [], errors: [`unknown ATS format ${String(format)}`], next: null, total: null };
    }
  } catch (e) {
    return { items: [], errors: [`${format}: ${(e as Error).message}`], next: null, total: null };
  }
}

/** Postings from an ATS JSON response or XML job feed. Never throws. */
export function extractAtsPostings(
  body: string,
  format: AtsFormat,
  sourceId: string,
  baseUrl: string,
  opts: AtsOptions = {},
): { postings: RawPosting[]; errors: string[] } {
  const r = extractAtsItems(body, format, sourceId, baseUrl, opts);
  return { postings: r.items.map((i) => i.posting), errors: r.errors };
}
