/** HTML → text and CSS-selector based extraction for listing/detail sites. Pure (no I/O). */
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { RawPosting } from '../../src/domain/types';
import { canonicalUrlOrNull, resolveLink } from './url';

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer',
  'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table',
  'tbody', 'thead', 'tfoot', 'tr', 'ul', 'summary', 'details', 'caption',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'head', 'button', 'select', 'option']);

/** Decode the common HTML entities in a string that is not going through an HTML parser. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return cheerio.load(`<x>${s.replace(/</g, '&lt;')}</x>`, null, false)('x').text();
}

function looksLikeHtml(s: string): boolean {
  return /<\/?[a-z][a-z0-9]*[\s>/]/i.test(s) || /&lt;\/?[a-z]/i.test(s);
}

/**
 * Convert an HTML fragment (or a whole page) to plain text.
 * Block elements become separate lines; headings and list items each get their own line
 * (list items prefixed with "- ") so that section headings such as "Wat ga je doen?" survive.
 * Entities are decoded, whitespace collapsed, empty lines dropped.
 * Plain text input (no tags) is returned with entities decoded and whitespace normalised per line.
 */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return '';
  let input = String(html);
  // Double-escaped HTML ("&lt;p&gt;…") as found in many JSON-LD descriptions.
  if (!/<[a-z!/]/i.test(input) && /&lt;\/?[a-z]/i.test(input)) input = decodeEntities(input);
  if (!looksLikeHtml(input)) {
    return decodeEntities(input)
      .split(/\r?\n/)
      .map((l) => l.replace(/[\s\u00a0]+/g, ' ').trim())
      .filter(Boolean)
      .join('\n');
  }
  const $ = cheerio.load(input);
  const out: string[] = [];
  let line = '';
  const flush = () => {
    const t = line.replace(/[\s\u00a0]+/g, ' ').trim();
    if (t) out.push(t);
    line = '';
  };
  const walk = (node: AnyNode) => {
    if (node.type === 'text') {
      line += (node as unknown as { data: string }).data;
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root' && node.type !== 'script' && node.type !== 'style') return;
    if (node.type === 'script' || node.type === 'style') return;
    const el = node as Element;
    const name = node.type === 'root' ? '' : el.name?.toLowerCase();
    if (SKIP.has(name)) return;
    if (name === 'br') {
      flush();
      return;
    }
    const block = BLOCK.has(name);
    if (block) flush();
    if (name === 'li') line += '- ';
    if (name === 'td' || name === 'th') line += ' ';
    for (const child of el.children ?? []) walk(child);
    if (name === 'td' || name === 'th') line += ' ';
    if (block) flush();
  };
  const root = $.root()[0];
  walk(root as unknown as AnyNode);
  flush();
  // Lines consisting only of a bullet are noise.
  return out.filter((l) => l !== '-').join('\n');
}

/** Inline text: entities decoded, tags removed, whitespace collapsed to one line. */
export function cleanInline(s: string | null | undefined): string {
  if (s == null) return '';
  return htmlToText(String(s)).replace(/\s*\n\s*/g, ' ').trim();
}

export interface ListSelectors {
  item: string;
  link: string;
  next?: string;
}

export interface DetailSelectors {
  title: string;
  description: string;
  employer?: string;
  location?: string;
  hours?: string;
  salary?: string;
  date?: string;
}

export interface ListLinks {
  links: string[];
  next: string | null;
  errors: string[];
}

function splitAttr(selector: string): { css: string; attr: string | null } {
  // "time.posted@datetime" reads an attribute instead of the text.
  const m = /^(.*?)@([a-z_:-][a-z0-9_:.-]*)$/i.exec(selector.trim());
  if (m && m[1].trim()) return { css: m[1].trim(), attr: m[2] };
  return { css: selector.trim(), attr: null };
}

function safeSelect($: cheerio.CheerioAPI, css: string, errors: string[], ctx?: cheerio.Cheerio<AnyNode>) {
  try {
    return ctx ? ctx.find(css) : $(css);
  } catch (e) {
    errors.push(`invalid selector "${css}": ${(e as Error).message}`);
    return null;
  }
}

/** Absolute, canonical detail URLs from a listing page plus the next-page URL (selector, rel=next). */
export function extractListLinks(html: string, pageUrl: string, list: ListSelectors): ListLinks {
  const errors: string[] = [];
  const $ = cheerio.load(html ?? '');
  const links: string[] = [];
  const seen = new Set<string>();
  const items = safeSelect($, list.item, errors);
  items?.each((_, el) => {
    const $el = $(el);
    let anchors: cheerio.Cheerio<AnyNode> | null;
    try {
      anchors = $el.is(list.link) ? $el : $el.find(list.link);
    } catch (e) {
      errors.push(`invalid selector "${list.link}": ${(e as Error).message}`);
      anchors = null;
    }
    const href = anchors?.first().attr('href');
    const abs = resolveLink(href, pageUrl);
    if (abs && !seen.has(abs)) {
      seen.add(abs);
      links.push(abs);
    }
  });
  let next: string | null = null;
  if (list.next) {
    const n = safeSelect($, list.next, errors);
    next = resolveLink(n?.first().attr('href'), pageUrl);
  }
  if (!next) next = resolveLink($('link[rel="next"]').attr('href') ?? $('a[rel="next"]').first().attr('href'), pageUrl);
  if (next && next === canonicalUrlOrNull(pageUrl)) next = null;
  return { links, next, errors };
}

function readSelector($: cheerio.CheerioAPI, selector: string | undefined, errors: string[], asBlock = false): string | null {
  if (!selector) return null;
  const { css, attr } = splitAttr(selector);
  const sel = safeSelect($, css, errors);
  if (!sel || sel.length === 0) return null;
  if (attr) {
    const v = sel.first().attr(attr);
    return v ? cleanInline(v) || null : null;
  }
  if (asBlock) {
    const parts = sel.toArray().map((el) => htmlToText($.html(el)));
    return parts.filter(Boolean).join('\n') || null;
  }
  // Inner HTML: an <li class="uren"> must not become "- 24 uur" (list prefix of the element itself).
  const first = sel.first();
  return cleanInline(first.html() ?? first.text()) || null;
}

const POSTCODE = /\b([1-9][0-9]{3})\s?([A-Z]{2})\b/;

/** Extract one posting from a rendered/static detail page with CSS selectors. */
export function extractWithSelectors(
  html: string,
  pageUrl: string,
  sourceId: string,
  selectors: DetailSelectors,
): { postings: RawPosting[]; errors: string[] } {
  const errors: string[] = [];
  const url = canonicalUrlOrNull(pageUrl);
  if (!url) return { postings: [], errors: [`invalid page URL ${pageUrl}`] };
  const $ = cheerio.load(html ?? '');
  const title = readSelector($, selectors.title, errors);
  const description = readSelector($, selectors.description, errors, true);
  if (!title) errors.push(`title selector "${selectors.title}" matched nothing on ${url}`);
  if (!description) errors.push(`description selector "${selectors.description}" matched nothing on ${url}`);
  if (!title || !description) return { postings: [], errors };
  const locationText = readSelector($, selectors.location, errors);
  const pc = locationText ? POSTCODE.exec(locationText) : null;
  const posting: RawPosting = {
    sourceId,
    externalId: null,
    url,
    title,
    description,
    employerName: readSelector($, selectors.employer, errors),
    locationText,
    postalCode: pc ? `${pc[1]} ${pc[2]}` : null,
    datePosted: readSelector($, selectors.date, errors),
    hoursText: readSelector($, selectors.hours, errors),
    salaryText: readSelector($, selectors.salary, errors),
    language: ($('html').attr('lang') ?? '').split('-')[0].toLowerCase() || null,
  };
  return { postings: [posting], errors };
}
