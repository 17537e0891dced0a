/**
 * Cached loader for the bundled function & skill taxonomies and their compiled matchers.
 * taxonomies/skills/accepted.json (written by `vacatures taxonomy accept`) is merged on load: an accepted phrase
 * becomes an alt label of an existing skill or a new skill concept, and the skills version gets a suffix
 * `-a<n>` (n = number of accepted entries) so that every change yields a new taxonomy version.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DictionaryMatcher, dutchStem, englishStem } from './matcher';

export interface Concept {
  id: string;
  prefLabel: string;
  altLabels: string[];
  type: 'function' | 'skill' | 'skill-group';
  parent: string | null;
  esco: string | null;
  isco: string | null;
  lang: 'nl';
  enLabels?: string[];
  escoEnLabels?: string[];
  /** Functions only: tie-break weight when a title holds two function words. */
  priority?: number;
}

export interface Manifest {
  id: string;
  version: string;
  source: string;
  licence: string;
  conceptCount: number;
  builtFrom: string[];
}

export interface Taxonomies {
  version: string;
  functions: Concept[];
  skills: Concept[];
  functionById: Map<string, Concept>;
  skillById: Map<string, Concept>;
  manifests: { functions: Manifest; skills: Manifest };
  /** Dutch skill matcher (labels, alt labels, stems, compounds, fuzzy). */
  skillMatcher: DictionaryMatcher;
  /** English skill matcher over enLabels (Porter stems). */
  skillMatcherEn: DictionaryMatcher;
  /**
   * Context forms ("?fysiotherapie" in curated-skills.txt): only valid in a sentence that also names a degree or
   * training ("hbo-diploma fysiotherapie", "master orthopedagogiek"). Dutch and English forms in one matcher.
   */
  skillCueMatcher: DictionaryMatcher;
  /** Function matcher over Dutch + English labels (compound suffix on, fuzzy off). */
  functionMatcher: DictionaryMatcher;
}

const ROOT = new URL('../../../taxonomies/', import.meta.url);

function readJson<T>(rel: string): T {
  const path = fileURLToPath(new URL(rel, ROOT));
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    throw new Error(`cannot read taxonomy file ${path}: ${(e as Error).message}`);
  }
}

function validate(concepts: unknown, what: string): Concept[] {
  if (!Array.isArray(concepts)) throw new Error(`${what}: concepts.json is not an array`);
  for (const c of concepts as Concept[]) {
    if (typeof c?.id !== 'string' || typeof c.prefLabel !== 'string' || !Array.isArray(c.altLabels))
      throw new Error(`${what}: malformed concept ${JSON.stringify(c).slice(0, 120)}`);
  }
  return concepts as Concept[];
}

/** Build taxonomies from concept arrays (used by loadTaxonomies and by tests with small custom taxonomies). */
export function compileTaxonomies(functions: Concept[], skills: Concept[], manifests: { functions: Manifest; skills: Manifest }): Taxonomies {
  const skillMatcher = new DictionaryMatcher({ stemmer: dutchStem });
  const skillMatcherEn = new DictionaryMatcher({ stemmer: englishStem, compound: false, fuzzy: false });
  const skillCueMatcher = new DictionaryMatcher({ stemmer: dutchStem, compound: false, fuzzy: false });
  const functionMatcher = new DictionaryMatcher({ stemmer: dutchStem, fuzzy: false, compoundMinLen: 6, compoundSuffix: true });
  for (const s of skills) {
    if (s.type !== 'skill') continue;
    skillMatcher.add(s.prefLabel, s.id, 'exact');
    for (const a of s.altLabels) {
      if (a.startsWith('?')) skillCueMatcher.add(a.slice(1), s.id, 'alias');
      else skillMatcher.add(a, s.id, 'alias');
    }
    for (const e of s.enLabels ?? []) {
      if (e.startsWith('?')) skillCueMatcher.add(e.slice(1), s.id, 'english');
      else skillMatcherEn.add(e, s.id, 'english');
    }
  }
  for (const f of functions) {
    // The preferred label without its explanation in brackets ("Doktersassistent", "Kraamverzorgende").
    const pref = f.prefLabel.replace(/\s*\(.*$/, '').trim();
    if (pref && !/[/…]/.test(pref)) functionMatcher.add(pref, f.id, 'title');
    for (const a of f.altLabels) functionMatcher.add(a, f.id, 'title');
    for (const e of f.enLabels ?? []) functionMatcher.add(e, f.id, 'title');
  }
  return {
    version: `${manifests.functions.version}+${manifests.skills.version}`,
    functions,
    skills,
    functionById: new Map(functions.map((c) => [c.id, c])),
    skillById: new Map(skills.map((c) => [c.id, c])),
    manifests,
    skillMatcher,
    skillMatcherEn,
    skillCueMatcher,
    functionMatcher,
  };
}

/** One accepted new-skill candidate: `as` = existing skill id, or `newId` + `label` for a new concept. */
export interface AcceptedEntry {
  phrase: string;
  as?: string;
  newId?: string;
  label?: string;
  acceptedAt?: string;
}

export const ACCEPTED_FILE = fileURLToPath(new URL('skills/accepted.json', ROOT));
export const ACCEPTED_GROUP = 'skill-group:geaccepteerd';

export function readAccepted(path = ACCEPTED_FILE): AcceptedEntry[] {
  if (!existsSync(path)) return [];
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { entries?: AcceptedEntry[] };
  if (!Array.isArray(raw?.entries)) throw new Error(`${path}: expected { "entries": [...] }`);
  return raw.entries;
}

/** Merge accepted entries into (a copy of) the skill concepts; returns the new concepts and version suffix. */
export function mergeAccepted(skills: Concept[], entries: AcceptedEntry[]): { skills: Concept[]; suffix: string } {
  if (!entries.length) return { skills, suffix: '' };
  const out = skills.map((c) => ({ ...c, altLabels: [...c.altLabels] }));
  const byId = new Map(out.map((c) => [c.id, c]));
  for (const e of entries) {
    const phrase = typeof e?.phrase === 'string' ? e.phrase.trim() : '';
    if (!phrase) continue;
    if (e.as) {
      const c = byId.get(e.as);
      if (c && c.type === 'skill' && !c.altLabels.includes(phrase)) c.altLabels.push(phrase);
    } else if (e.newId) {
      let c = byId.get(e.newId);
      if (!c) {
        if (!byId.has(ACCEPTED_GROUP)) {
          const g: Concept = { id: ACCEPTED_GROUP, prefLabel: 'Geaccepteerde nieuwe vaardigheden', altLabels: [], type: 'skill-group', parent: null, esco: null, isco: null, lang: 'nl' };
          out.push(g);
          byId.set(g.id, g);
        }
        c = { id: e.newId, prefLabel: e.label?.trim() || phrase, altLabels: [], type: 'skill', parent: ACCEPTED_GROUP, esco: null, isco: null, lang: 'nl', enLabels: [], escoEnLabels: [] };
        out.push(c);
        byId.set(c.id, c);
      }
      if (phrase.toLowerCase() !== c.prefLabel.toLowerCase() && !c.altLabels.includes(phrase)) c.altLabels.push(phrase);
    }
  }
  return { skills: out, suffix: `-a${entries.length}` };
}

let cached: Taxonomies | null = null;

export function loadTaxonomies(): Taxonomies {
  if (cached) return cached;
  const functions = validate(readJson('functions/concepts.json'), 'functions');
  const base = validate(readJson('skills/concepts.json'), 'skills');
  const manifests = { functions: readJson<Manifest>('functions/manifest.json'), skills: readJson<Manifest>('skills/manifest.json') };
  const { skills, suffix } = mergeAccepted(base, readAccepted());
  if (suffix) manifests.skills = { ...manifests.skills, version: manifests.skills.version + suffix, conceptCount: skills.length };
  cached = compileTaxonomies(functions, skills, manifests);
  return cached;
}

/** Drop the cached taxonomies (after `taxonomy accept` in the same process, and in tests). */
export function resetTaxonomyCache(): void {
  cached = null;
}

/** `${functionsManifest.version}+${skillsManifest.version}` */
export function TAXONOMY_VERSION(): string {
  return loadTaxonomies().version;
}
