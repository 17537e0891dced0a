/**
 * Employer normalization and intermediary handling.
 *
 * - `normalizeEmployerName`: lower case, no diacritics, legal forms ("B.V.", "Stichting", "N.V.",
 *   "Vereniging", "U.A."…) and punctuation removed. Register hits map to the register's canonical name.
 * - An employer is an intermediary when it is in the register's intermediary list, or when its name
 *   is not a known care employer and the text says so ("in opdracht van onze opdrachtgever",
 *   "via ons bureau", "detachering", "uitzendbureau"…).
 * - The real employer: "voor onze opdrachtgever Treant", "in opdracht van Lentis", "gedetacheerd bij
 *   het UMCG", else the first register employer named in the text.
 */
import type { Branch } from '../types';
import { employerData, type EmployerRef, type IntermediaryRef } from './reference';
import { fold } from './text';

const LEGAL = /\b(b\s?\.?\s?v\s?\.?|n\s?\.?\s?v\s?\.?|v\s?\.?\s?o\s?\.?\s?f\s?\.?|u\s?\.?\s?a\s?\.?|c\s?\.?\s?v\s?\.?|stichting|stg\.?|vereniging|cooperatie|holding|gmbh|ltd|inc|llc|nederland b v)(?=\s|$|[.,])/g;

export function normalizeEmployerName(name: unknown): string | null {
  if (typeof name !== 'string' && typeof name !== 'number') return null;
  const s = fold(String(name).slice(0, 300))
    .replace(/[’‘`´]/g, "'")
    .replace(/\(.*?\)/g, ' ')
    .replace(LEGAL, ' ')
    .replace(/'s\b/g, 's')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return s || null;
}

interface AliasIndex {
  byKey: Map<string, { kind: 'employer'; ref: EmployerRef } | { kind: 'intermediary'; ref: IntermediaryRef }>;
  /** aliases sorted longest first for contains-matching */
  keys: string[];
}
let idx: AliasIndex | null = null;
function index(): AliasIndex {
  if (idx) return idx;
  const d = employerData();
  const byKey: AliasIndex['byKey'] = new Map();
  for (const ref of d.employers) {
    for (const a of [ref.name, ...ref.aliases]) {
      const k = normalizeEmployerName(a);
      if (k && !byKey.has(k)) byKey.set(k, { kind: 'employer', ref });
    }
  }
  for (const ref of d.intermediaries) {
    for (const a of [ref.name, ...ref.aliases]) {
      const k = normalizeEmployerName(a);
      if (k && !byKey.has(k)) byKey.set(k, { kind: 'intermediary', ref });
    }
  }
  idx = { byKey, keys: [...byKey.keys()].sort((a, b) => b.length - a.length) };
  return idx;
}

export type RegisterHit = { kind: 'employer'; ref: EmployerRef } | { kind: 'intermediary'; ref: IntermediaryRef };

/** Look up an employer name: exact alias first, then the longest alias contained as whole words (≥ 4 chars). */
export function lookupEmployer(name: unknown): RegisterHit | null {
  const k = normalizeEmployerName(name);
  if (!k) return null;
  const { byKey, keys } = index();
  const exact = byKey.get(k);
  if (exact) return exact;
  const padded = ` ${k} `;
  for (const a of keys) {
    if (a.length < 4 && !/^(mee|wij|mcl|wza|ozg|vnn|yer)$/.test(a)) continue;
    if (padded.includes(` ${a} `)) return byKey.get(a)!;
  }
  return null;
}

/** Register employers named in free text (by their name or an alias of ≥ 5 chars / known acronym). */
export function findEmployersInText(text: string): EmployerRef[] {
  const { byKey, keys } = index();
  const norm = ` ${normalizeEmployerName(text.slice(0, 20_000)) ?? ''} `;
  const found: EmployerRef[] = [];
  const seen = new Set<string>();
  const positions: Array<{ pos: number; ref: EmployerRef }> = [];
  for (const a of keys) {
    const hit = byKey.get(a)!;
    if (hit.kind !== 'employer') continue;
    if (a.length < 5 && !/^(umcg|mcl|wza|ozg|vnn|treant|lentis|accare|cosis)$/.test(a)) continue;
    const pos = norm.indexOf(` ${a} `);
    if (pos >= 0 && !seen.has(hit.ref.id)) {
      seen.add(hit.ref.id);
      positions.push({ pos, ref: hit.ref });
    }
  }
  positions.sort((x, y) => x.pos - y.pos);
  for (const p of positions) found.push(p.ref);
  return found;
}

const INTERMEDIARY_SIGNALS = /(in opdracht van (onze|een|de) (opdrachtgever|klant|relatie)|voor (onze|een) (opdrachtgever|klant|relatie)|namens (onze|een) (opdrachtgever|klant)|via ons (bureau|uitzendbureau)|ons (uitzend|detacherings|bemiddelings|recruitment)bureau|uitzendbureau|detacheringsbureau|bemiddelingsbureau|wervings- en selectiebureau|werving (en|&) selectie bureau|op detacheringsbasis|via detachering|\bdetachering\b|word je gedetacheerd|gedetacheerd bij|je wordt gedetacheerd|je komt in dienst (van|bij) (ons|onze)|op uitzendbasis|onze opdrachtgever)/;

const NAMED_CLIENT = /(?:voor|bij|namens|van) (?:onze|een|de) (?:opdrachtgever|klant|relatie)\s*[,:]?\s*(?:namelijk|te weten|is)?\s*((?:het\s+|de\s+)?(?:\p{Lu}|['’]s\s)[\p{L}'’&.-]*(?:\s+(?:\p{Lu}[\p{L}'’&.-]*|de|van|het|der|en|voor|\d+)){0,5})|in opdracht van ((?:het\s+|de\s+)?(?:\p{Lu}|['’]s\s)[\p{L}'’&.-]*(?:\s+(?:\p{Lu}[\p{L}'’&.-]*|de|van|het|der|en|voor)){0,5})|gedetacheerd (?:bij|aan) ((?:het\s+|de\s+)?(?:\p{Lu}|['’]s\s)[\p{L}'’&.-]*(?:\s+(?:\p{Lu}[\p{L}'’&.-]*|de|van|het|der|en|voor)){0,5})/u;

export interface EmployerResult {
  employerName: string | null;
  employerNormalized: string | null;
  isIntermediary: boolean;
  realEmployer: string | null;
  /** register entry of the (real) employer, when known */
  register: EmployerRef | null;
}

function trimCapture(c: string): string {
  return c
    .replace(/^(het|de)\s+/i, '')
    .replace(/\s+(de|van|het|der|en|voor|in|te|op)$/i, '')
    .replace(/[.,;:]+$/, '')
    .trim();
}

export function normalizeEmployer(employerName: unknown, title?: unknown, description?: unknown): EmployerResult {
  const name = typeof employerName === 'string' ? employerName.trim().slice(0, 300) || null : typeof employerName === 'number' ? String(employerName) : null;
  const text = `${typeof title === 'string' ? title : ''}\n${typeof description === 'string' ? description.slice(0, 50_000) : ''}`;
  const hit = lookupEmployer(name);
  let isIntermediary = hit?.kind === 'intermediary';
  const folded = fold(text);
  if (!hit && INTERMEDIARY_SIGNALS.test(folded)) isIntermediary = true;
  if (!name && /\b(onze opdrachtgever|onze klant)\b/.test(folded)) isIntermediary = true;

  let employerNormalized = hit ? normalizeEmployerName(hit.ref.name) : normalizeEmployerName(name);
  let register: EmployerRef | null = hit?.kind === 'employer' ? hit.ref : null;
  let realEmployer: string | null = null;

  if (isIntermediary) {
    const m = NAMED_CLIENT.exec(text);
    const cap = m ? trimCapture(m[1] ?? m[2] ?? m[3] ?? '') : '';
    const capHit = cap ? lookupEmployer(cap) : null;
    if (capHit?.kind === 'employer') {
      realEmployer = capHit.ref.name;
      register = capHit.ref;
    } else {
      const named = findEmployersInText(text);
      if (named.length) {
        realEmployer = named[0].name;
        register = named[0];
      } else if (cap && cap.length >= 3 && !/^(een|onze|de|het|zorg|ziekenhuis|zorginstelling|organisatie)$/i.test(cap)) {
        realEmployer = cap;
      }
    }
  }
  if (!employerNormalized && !isIntermediary) {
    const named = findEmployersInText(text);
    if (named.length === 1) {
      employerNormalized = normalizeEmployerName(named[0].name);
      register = named[0];
    }
  }
  return { employerName: name, employerNormalized, isIntermediary, realEmployer, register };
}

export function registerBranch(ref: EmployerRef | null): Branch | null {
  return ref ? ref.branch : null;
}
