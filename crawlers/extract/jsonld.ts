/**
 * schema.org JobPosting extraction from HTML pages: JSON-LD first (all blocks, @graph, arrays, nested
 * ItemLists), with lenient repair of malformed blocks, and a microdata fallback. Pure.
 */
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { RawPosting } from '../../src/domain/types';
import { cleanInline, htmlToText } from './html';
import { canonicalUrlOrNull } from './url';

export interface ExtractedItem {
  posting: RawPosting;
  /** The raw item for reprocessing: the JSON-LD object as JSON, or null for microdata (use the page HTML). */
  raw: string | null;
  via: 'jsonld' | 'microdata';
}

type Json = any;

/** Parse JSON; on failure try a lenient repair (comments/CDATA wrappers, control characters, trailing commas). */
export function parseLenientJson(text: string): { value: Json; repaired: boolean } {
  const t = text.replace(/^\uFEFF/, '').trim();
  try {
    return { value: JSON.parse(t), repaired: false };
  } catch (first) {
    let r = t
      .replace(/^\s*(<!--|\/\*\s*<!\[CDATA\[\s*\*\/|<!\[CDATA\[)/, '')
      .replace(/(-->|\/\*\s*\]\]>\s*\*\/|\]\]>)\s*$/, '')
      // Raw control characters are illegal inside JSON strings; between tokens they are whitespace anyway.
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      // Trailing commas before } or ].
      .replace(/,\s*([}\]])/g, '$1')
      // A trailing semicolon from a script assignment.
      .replace(/;\s*$/, '');
    // Invalid escapes such as "\'" or "\ " → drop the backslash.
    r = r.replace(/\\([^"\\/bfnrtu])/g, '$1');
    try {
      return { value: JSON.parse(r), repaired: true };
    } catch {
      throw first;
    }
  }
}

function types(node: Json): string[] {
  const t = node?.['@type'];
  const arr = Array.isArray(t) ? t : t != null ? [t] : [];
  return arr.map((x) => String(x).replace(/^https?:\/\/schema\.org\//i, '').replace(/^schema:/i, ''));
}

/** Collect JobPosting nodes anywhere in a JSON-LD document (arrays, @graph, ItemList, mainEntity…). */
function collectJobPostings(node: Json, out: Json[], depth = 0): void {
  if (node == null || typeof node !== 'object' || depth > 8) return;
  if (Array.isArray(node)) {
    for (const n of node) collectJobPostings(n, out, depth + 1);
    return;
  }
  if (types(node).includes('JobPosting')) {
    out.push(node);
    return;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === '@context') continue;
    if (v && typeof v === 'object') collectJobPostings(v, out, depth + 1);
  }
}

function str(v: Json): string | null {
  if (v == null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
    const s = cleanInline(String(v));
    return s || null;
  }
  if (Array.isArray(v)) {
    const parts = v.map(str).filter((x): x is string => !!x);
    return parts.length ? parts.join(', ') : null;
  }
  if (typeof v === 'object') return str(v['@value'] ?? v.name ?? v.value ?? null);
  return null;
}

function first<T>(v: T | T[] | null | undefined): T | null {
  if (v == null) return null;
  return Array.isArray(v) ? (v[0] ?? null) : v;
}

/** Parse a number as published: 2800, "2800", "2.800", "2.800,50", "2,800.50", "€ 3.100". */
export function parseAmount(v: Json): number | null {
  if (v == null || v === '') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  let s = String(v).replace(/[^\d.,-]/g, '');
  if (!/\d/.test(s)) return null;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma > -1 && lastDot > -1) {
    // Whichever comes last is the decimal separator.
    s = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (lastComma > -1) {
    // "2,800" / "1,250,000" (English thousands) vs "2800,50" (Dutch decimal).
    s = /^-?\d{1,3}(,\d{3})+$/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.');
  } else if (lastDot > -1) {
    // "2.800" (Dutch thousands) vs "2800.5" (decimal).
    if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
  }
  const n = Number.parseFloat(s);
  return Number.isFinite(n) ? n : null;
}

const UNIT_NL: Record<string, string> = { HOUR: 'uur', DAY: 'dag', WEEK: 'week', MONTH: 'maand', YEAR: 'jaar' };

function fmtEuro(n: number): string {
  return '€ ' + n.toLocaleString('nl-NL', { maximumFractionDigits: 2 });
}

interface Salary {
  min: number | null;
  max: number | null;
  unit: string | null;
  text: string | null;
}

function readSalary(node: Json): Salary {
  const src = first(node.baseSalary) ?? first(node.estimatedSalary);
  const none: Salary = { min: null, max: null, unit: null, text: null };
  if (src == null) return none;
  if (typeof src === 'string' || typeof src === 'number') {
    const text = str(src);
    const n = parseAmount(src);
    return { min: n, max: n, unit: null, text };
  }
  const currency = str(src.currency ?? node.salaryCurrency);
  const value = src.value;
  let min: number | null = null;
  let max: number | null = null;
  let unit: string | null = null;
  let text: string | null = null;
  if (value != null && typeof value === 'object' && !Array.isArray(value)) {
    min = parseAmount(value.minValue ?? value.value);
    max = parseAmount(value.maxValue ?? value.value);
    unit = str(value.unitText);
    if (typeof value.value === 'string' && parseAmount(value.value) == null) text = str(value.value);
  } else {
    min = max = parseAmount(value ?? src.minValue);
    if (src.maxValue != null) max = parseAmount(src.maxValue);
    unit = str(src.unitText);
    if (typeof value === 'string' && !/^[\d.,\s€-]+$/.test(value)) text = str(value);
  }
  unit = unit ? unit.toUpperCase() : null;
  if (min != null && max != null && min > max) [min, max] = [max, min];
  if (!text && (min != null || max != null)) {
    const cur = !currency || currency.toUpperCase() === 'EUR' ? '' : ` ${currency}`;
    const range = min != null && max != null && min !== max ? `${fmtEuro(min)} - ${fmtEuro(max)}` : fmtEuro((min ?? max) as number);
    text = `${range}${cur}${unit ? ` per ${UNIT_NL[unit] ?? unit.toLowerCase()}` : ''}`;
  }
  return { min, max, unit, text };
}

interface Loc {
  text: string | null;
  postalCode: string | null;
}

function readLocation(node: Json): Loc {
  const locs = node.jobLocation == null ? [] : Array.isArray(node.jobLocation) ? node.jobLocation : [node.jobLocation];
  const texts: string[] = [];
  let postalCode: string | null = null;
  for (const loc of locs) {
    if (loc == null) continue;
    if (typeof loc === 'string') {
      const t = str(loc);
      if (t) texts.push(t);
      continue;
    }
    const addrs = loc.address == null ? [] : Array.isArray(loc.address) ? loc.address : [loc.address];
    if (addrs.length === 0) {
      const t = str(loc.name);
      if (t) texts.push(t);
    }
    for (const a of addrs) {
      if (typeof a === 'string') {
        const t = str(a);
        if (t) texts.push(t);
        continue;
      }
      const street = str(a.streetAddress);
      const pc = str(a.postalCode);
      const locality = str(a.addressLocality) ?? str(loc.name);
      if (pc && !postalCode) postalCode = pc;
      const cityPart = [pc, locality].filter(Boolean).join(' ');
      const t = [street, cityPart].filter(Boolean).join(', ') || str(a.addressRegion);
      if (t) texts.push(t);
    }
  }
  const unique = [...new Set(texts)];
  if (unique.length === 0 && /TELECOMMUTE/i.test(String(node.jobLocationType ?? ''))) unique.push('Thuiswerken');
  return { text: unique.length ? unique.join('; ') : null, postalCode };
}

function readIdentifier(v: Json): string | null {
  const f = first(v);
  if (f == null) return null;
  if (typeof f === 'object') return str(f.value ?? f['@value'] ?? f.name);
  return str(f);
}

function readEducation(v: Json): string | null {
  const arr = v == null ? [] : Array.isArray(v) ? v : [v];
  const parts = arr
    .map((e: Json) => (e && typeof e === 'object' ? str(e.credentialCategory ?? e.name ?? e.description ?? e.educationalLevel) : str(e)))
    .filter(Boolean) as string[];
  return parts.length ? [...new Set(parts)].join(', ') : null;
}

function readDescription(node: Json): string {
  const parts = [htmlToText(typeof node.description === 'string' ? node.description : str(node.description) ?? '')];
  for (const key of ['responsibilities', 'qualifications', 'skills', 'experienceRequirements', 'jobBenefits']) {
    const v = node[key];
    if (typeof v !== 'string' || !v.trim()) continue;
    const t = htmlToText(v);
    if (t && !parts[0].includes(t.slice(0, 60))) parts.push(t);
  }
  return parts.filter(Boolean).join('\n');
}

function sameHost(a: string, b: string): boolean {
  try {
    return new URL(a).hostname.replace(/^www\./, '') === new URL(b).hostname.replace(/^www\./, '');
  } catch {
    return false;
  }
}

/** Map one JSON-LD JobPosting object to a RawPosting; null (with a reason) when it has no usable title. */
export function jobPostingToRaw(node: Json, pageUrl: string, sourceId: string): { posting: RawPosting | null; error?: string } {
  const title = str(node.title) ?? str(node.name);
  const page = canonicalUrlOrNull(pageUrl) ?? pageUrl;
  if (!title) return { posting: null, error: `JobPosting without title on ${page}` };
  const own = typeof node.url === 'string' ? canonicalUrlOrNull(node.url, pageUrl) : null;
  const salary = readSalary(node);
  const loc = readLocation(node);
  const org = first(node.hiringOrganization);
  const lang = str(first(node.inLanguage));
  const hours = str(node.workHours) ?? (node.totalJobHours != null ? str(node.totalJobHours) : null);
  const posting: RawPosting = {
    sourceId,
    externalId: readIdentifier(node.identifier),
    url: own && sameHost(own, page) ? own : page,
    title,
    description: readDescription(node),
    employerName: org == null ? null : typeof org === 'string' ? str(org) : str(org.name ?? org.legalName),
    locationText: loc.text,
    postalCode: loc.postalCode,
    datePosted: str(node.datePosted),
    validThrough: str(node.validThrough),
    employmentType: str(node.employmentType),
    hoursText: hours,
    salaryText: salary.text,
    salaryMin: salary.min,
    salaryMax: salary.max,
    salaryUnit: salary.unit,
    educationText: readEducation(node.educationRequirements),
    language: lang ? lang.split(/[-_]/)[0].toLowerCase() : null,
  };
  return { posting };
}

// ---------------------------------------------------------------------------------------------
// Microdata

function itemValue($: cheerio.CheerioAPI, el: Element): string | null {
  const name = el.name.toLowerCase();
  const $el = $(el);
  const content = $el.attr('content');
  if (content != null) return content;
  if (name === 'meta') return null;
  if (name === 'a' || name === 'link' || name === 'area') return $el.attr('href') ?? null;
  if (name === 'img' || name === 'source' || name === 'audio' || name === 'video') return $el.attr('src') ?? null;
  if (name === 'time' || name === 'data' || name === 'meter') return $el.attr('datetime') ?? $el.attr('value') ?? $el.text();
  return null;
}

/** Convert an itemscope element into a JSON-LD-like object so the same mapper can be reused. */
function microdataToObject($: cheerio.CheerioAPI, scope: Element, depth = 0): Json {
  const obj: Json = {};
  const type = $(scope).attr('itemtype');
  if (type) obj['@type'] = type.split(/\s+/).map((t) => t.replace(/^https?:\/\/schema\.org\//i, ''));
  const props = $(scope)
    .find('[itemprop]')
    .toArray()
    .filter((el) => {
      // Only properties whose nearest enclosing itemscope is this scope.
      let p = (el as Element).parent as Element | null;
      while (p && p.type === 'tag') {
        if (p === scope) return true;
        if ($(p).is('[itemscope]')) return false;
        p = p.parent as Element | null;
      }
      return false;
    }) as Element[];
  for (const el of props) {
    const $el = $(el);
    const names = ($el.attr('itemprop') ?? '').split(/\s+/).filter(Boolean);
    let value: Json;
    if ($el.is('[itemscope]') && depth < 4) value = microdataToObject($, el, depth + 1);
    else if (names.includes('description') || names.some((n) => ['responsibilities', 'qualifications', 'jobBenefits', 'skills'].includes(n))) {
      value = $el.attr('content') ?? $.html($el.contents() as cheerio.Cheerio<AnyNode>);
    } else value = itemValue($, el) ?? $el.text();
    for (const n of names) {
      if (obj[n] === undefined) obj[n] = value;
      else obj[n] = Array.isArray(obj[n]) ? [...obj[n], value] : [obj[n], value];
    }
  }
  return obj;
}

// ---------------------------------------------------------------------------------------------

function isJsonLdScript(type: string | undefined): boolean {
  return !!type && type.trim().toLowerCase().split(';')[0].trim() === 'application/ld+json';
}

/** Like extractJsonLdPostings, but keeps the raw JSON-LD object with every posting. */
export function extractJsonLdItems(html: string, pageUrl: string, sourceId: string): { items: ExtractedItem[]; errors: string[] } {
  const items: ExtractedItem[] = [];
  const errors: string[] = [];
  let $: cheerio.CheerioAPI;
  try {
    $ = cheerio.load(html ?? '');
  } catch (e) {
    return { items, errors: [`cannot parse HTML of ${pageUrl}: ${(e as Error).message}`] };
  }
  const scripts = $('script').toArray().filter((el) => isJsonLdScript($(el).attr('type')));
  scripts.forEach((el, i) => {
    const text = $(el).text();
    if (!text.trim()) {
      errors.push(`JSON-LD block ${i + 1} on ${pageUrl} is empty`);
      return;
    }
    let doc: Json;
    try {
      doc = parseLenientJson(text).value;
    } catch (e) {
      errors.push(`malformed JSON-LD block ${i + 1} on ${pageUrl}: ${(e as Error).message}`);
      return;
    }
    const nodes: Json[] = [];
    collectJobPostings(doc, nodes);
    for (const node of nodes) {
      const r = jobPostingToRaw(node, pageUrl, sourceId);
      if (r.posting) items.push({ posting: r.posting, raw: JSON.stringify(node), via: 'jsonld' });
      else if (r.error) errors.push(r.error);
    }
  });
  if (items.length === 0) {
    const scopes = $('[itemscope][itemtype]')
      .toArray()
      .filter((el) => /schema\.org\/JobPosting\b/i.test($(el).attr('itemtype') ?? '')) as Element[];
    for (const scope of scopes) {
      const node = microdataToObject($, scope);
      const r = jobPostingToRaw(node, pageUrl, sourceId);
      if (r.posting) items.push({ posting: r.posting, raw: null, via: 'microdata' });
      else if (r.error) errors.push(r.error);
    }
  }
  return { items, errors };
}

/** All schema.org JobPostings on a page (JSON-LD, falling back to microdata). Never throws. */
export function extractJsonLdPostings(html: string, pageUrl: string, sourceId: string): { postings: RawPosting[]; errors: string[] } {
  const { items, errors } = extractJsonLdItems(html, pageUrl, sourceId);
  return { postings: items.map((i) => i.posting), errors };
}
