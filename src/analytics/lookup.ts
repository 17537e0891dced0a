/**
 * Resolving what users type into canonical ids: regions ("Friesland", "fryslan" → provincie "Fryslân"),
 * functions/skills ("verzorgende-ig", "fn:verzorgende-ig", "Verzorgende IG" → "fn:verzorgende-ig"),
 * periods ("2025-01", "2025-01-15", "2025-W03" → a date). Pure: reads only the bundled geo reference.
 */
import { geoData } from '../domain/normalize/reference';

export type RegionLevel = 'all' | 'provincie' | 'arbeidsmarktregio';
export const REGION_LEVELS: readonly RegionLevel[] = ['all', 'provincie', 'arbeidsmarktregio'];

/** Lower-case, strip accents and everything that is not a letter or digit. */
export function foldKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Names by which provinces are also known (folded key → official name). */
const PROVINCE_ALIASES: Record<string, string> = {
  friesland: 'Fryslân',
  fryslan: 'Fryslân',
  frl: 'Fryslân',
  fr: 'Fryslân',
  gn: 'Groningen',
  gr: 'Groningen',
  dr: 'Drenthe',
  noordbrabant: 'Noord-Brabant',
  brabant: 'Noord-Brabant',
};

export interface RegionRef {
  level: RegionLevel;
  region: string;
}

let regionIndex: { provincie: Map<string, string>; arbeidsmarktregio: Map<string, string> } | null = null;
function index() {
  if (regionIndex) return regionIndex;
  const provincie = new Map<string, string>();
  const arbeidsmarktregio = new Map<string, string>();
  for (const g of geoData().gemeenten.values()) {
    provincie.set(foldKey(g.provincie), g.provincie);
    arbeidsmarktregio.set(foldKey(g.arbeidsmarktregio), g.arbeidsmarktregio);
  }
  for (const [k, v] of Object.entries(PROVINCE_ALIASES)) if (!provincie.has(k)) provincie.set(k, v);
  provincie.set('onbekend', 'onbekend');
  arbeidsmarktregio.set('onbekend', 'onbekend');
  regionIndex = { provincie, arbeidsmarktregio };
  return regionIndex;
}

/** All known region names per level (for /api/regions and help texts). */
export function knownRegions(): { provincie: string[]; arbeidsmarktregio: string[] } {
  const ix = index();
  const uniq = (m: Map<string, string>) => [...new Set(m.values())].filter((x) => x !== 'onbekend').sort((a, b) => a.localeCompare(b, 'nl'));
  return { provincie: uniq(ix.provincie), arbeidsmarktregio: uniq(ix.arbeidsmarktregio) };
}

/**
 * Resolve a region name. Without a level a province wins over a labour-market region of the same name
 * ("Groningen", "Drenthe" are both; "Friesland" is the province Fryslân and the region Friesland).
 * Empty / "all" / "*" / "nl" → the whole area. Throws with the known names when nothing matches.
 */
export function resolveRegion(input: string | null | undefined, level?: RegionLevel): RegionRef {
  const k = foldKey(input ?? '');
  if (!k || k === 'all' || k === 'alle' || k === 'nl' || k === 'noord' || k === 'totaal' || input?.trim() === '*') {
    if (level && level !== 'all' && k) throw new Error(`"${input}" is not a ${level}`);
    return { level: 'all', region: '*' };
  }
  const ix = index();
  const order: ('provincie' | 'arbeidsmarktregio')[] =
    level === 'arbeidsmarktregio' ? ['arbeidsmarktregio'] : level === 'provincie' ? ['provincie'] : ['provincie', 'arbeidsmarktregio'];
  for (const l of order) {
    const hit = ix[l].get(k) ?? (l === 'arbeidsmarktregio' && PROVINCE_ALIASES[k] ? ix[l].get(foldKey(PROVINCE_ALIASES[k])) : undefined);
    if (hit) return { level: l, region: hit };
  }
  const known = knownRegions();
  throw new Error(
    `unknown region "${input}"${level ? ` at level ${level}` : ''}; provinces: ${known.provincie.join(', ')}; ` +
      `labour-market regions include: ${known.arbeidsmarktregio.filter((r) => /Groningen|Friesland|Drenthe/.test(r)).join(', ')} …`,
  );
}

/** A taxonomy concept as returned by loadTaxonomies() (only the fields used here). */
export interface ConceptLike {
  id: string;
  prefLabel: string;
  altLabels?: string[];
  type: string;
  parent?: string | null;
  esco?: string | null;
  isco?: string | null;
}

/**
 * A taxonomy as loadTaxonomies() returns it: either `{ version, functions, skills }` (src/domain/extract)
 * or a flat `{ version, concepts }` list (e.g. rows of taxonomy_concepts).
 */
export interface TaxonomyLike {
  version: string;
  concepts?: ConceptLike[];
  functions?: ConceptLike[];
  skills?: ConceptLike[];
}

const conceptCache = new WeakMap<TaxonomyLike, { all: ConceptLike[]; byId: Map<string, ConceptLike> }>();

/** All concepts of a taxonomy (functions and skills), cached per taxonomy object. */
export function conceptsOf(tax: TaxonomyLike): ConceptLike[] {
  return conceptIndex(tax).all;
}

function conceptIndex(tax: TaxonomyLike) {
  let c = conceptCache.get(tax);
  if (!c) {
    const all = [...(tax.concepts ?? []), ...(tax.functions ?? []), ...(tax.skills ?? [])];
    c = { all, byId: new Map(all.map((x) => [x.id, x])) };
    conceptCache.set(tax, c);
  }
  return c;
}

/** A concept by exact id. */
export function conceptById(tax: TaxonomyLike | null | undefined, id: string): ConceptLike | undefined {
  return tax ? conceptIndex(tax).byId.get(id) : undefined;
}

/**
 * Resolve a function or skill typed by a user: exact id, id without the "fn:"/"skill:" prefix,
 * preferred label or alternative label (case/accents ignored). Throws with suggestions when unknown.
 */
export function resolveConcept(tax: TaxonomyLike, input: string, kind: 'function' | 'skill'): ConceptLike {
  const prefix = kind === 'function' ? 'fn:' : 'skill:';
  const pool = conceptsOf(tax).filter((c) => (kind === 'function' ? c.id.startsWith('fn:') || c.type === 'function' : c.id.startsWith('skill:') || c.type === 'skill'));
  const raw = input.trim();
  const byId = pool.find((c) => c.id === raw || c.id === prefix + raw || c.id.toLowerCase() === (prefix + raw).toLowerCase() || c.id.toLowerCase() === raw.toLowerCase());
  if (byId) return byId;
  const k = foldKey(raw.replace(/^(fn|skill):/i, ''));
  const byKey = pool.find((c) => foldKey(c.id.slice(c.id.indexOf(':') + 1)) === k) ?? pool.find((c) => foldKey(c.prefLabel) === k) ?? pool.find((c) => (c.altLabels ?? []).some((a) => foldKey(a) === k));
  if (byKey) return byKey;
  const sugg = pool
    .filter((c) => k.length >= 3 && (foldKey(c.prefLabel).includes(k) || foldKey(c.id).includes(k)))
    .slice(0, 5)
    .map((c) => c.id);
  throw new Error(`unknown ${kind} "${input}"${sugg.length ? `; did you mean ${sugg.join(', ')}?` : ''}`);
}

/** Concept label by id (falls back to the id). */
export function labelOf(tax: TaxonomyLike | null | undefined, id: string): string {
  if (id === '*') return 'alle functies';
  return conceptById(tax, id)?.prefLabel ?? id;
}

/**
 * Parse a period start: "2025" → 2025-01-01, "2025-03" → 2025-03-01, "2025-03-15" as is,
 * "2025-Q2" → 2025-04-01, "2025-W03" → Monday of ISO week 3. Returns YYYY-MM-DD; throws on bad input.
 */
export function parsePeriod(s: string): string {
  const t = s.trim();
  let m: RegExpMatchArray | null;
  const iso = (y: number, mo: number, d: number) => {
    const dt = new Date(Date.UTC(y, mo - 1, d));
    if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) throw new Error(`invalid date "${s}"`);
    return dt.toISOString().slice(0, 10);
  };
  if ((m = t.match(/^(\d{4})$/))) return iso(+m[1], 1, 1);
  if ((m = t.match(/^(\d{4})-(\d{1,2})$/))) return iso(+m[1], +m[2], 1);
  if ((m = t.match(/^(\d{4})-(\d{2})-(\d{2})$/))) return iso(+m[1], +m[2], +m[3]);
  if ((m = t.match(/^(\d{4})-?Q([1-4])$/i))) return iso(+m[1], (+m[2] - 1) * 3 + 1, 1);
  if ((m = t.match(/^(\d{4})-?W(\d{1,2})$/i))) {
    const y = +m[1];
    const w = +m[2];
    if (w < 1 || w > 53) throw new Error(`invalid ISO week "${s}"`);
    const jan4 = new Date(Date.UTC(y, 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000 + (w - 1) * 7 * 86_400_000);
    return monday.toISOString().slice(0, 10);
  }
  throw new Error(`invalid period "${s}" (use YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn or YYYY-Wnn)`);
}

/** Add months to a YYYY-MM-DD date (clamped to the month's last day). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}
