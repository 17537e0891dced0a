/** Function (occupation group) classification: title first, description as fallback, null when unknown. */
import type { FunctionMatch } from '../types';
import type { RawMatch } from './matcher';
import { splitSections, sectionAt } from './sections';
import { loadTaxonomies, type Concept, type Taxonomies } from './taxonomy';
import { foldText, tokenize } from './tokenize';

const NONE: FunctionMatch = { conceptId: null, label: null, method: 'none', confidence: 0, isco: null, escoUri: null };

const HBO = /\b(?:hbo|hbo-?v|niveau [56]|bachelor|bn|hbo-opgeleide?)\b/;
const MBO = /\b(?:mbo|mbo-?v|niveau 4|n4)\b/;
const GENERIC_NURSE = 'fn:verpleegkundige';

function pick(matches: RawMatch[], tax: Taxonomies): { m: RawMatch; c: Concept } | null {
  let best: { m: RawMatch; c: Concept } | null = null;
  for (const m of matches) {
    const c = tax.functionById.get(m.conceptId);
    if (!c) continue;
    if (!best) {
      best = { m, c };
      continue;
    }
    // A whole-word title form beats a compound guess ("Doktersassistent huisartsenpraktijk": not huisarts).
    const ca = m.method === 'compound' ? 0 : 1;
    const cb = best.m.method === 'compound' ? 0 : 1;
    if (ca !== cb) {
      if (ca > cb) best = { m, c };
      continue;
    }
    const pa = c.priority ?? 0;
    const pb = best.c.priority ?? 0;
    const la = m.to - m.from;
    const lb = best.m.to - best.m.from;
    if (pa > pb || (pa === pb && la > lb)) best = { m, c };
  }
  return best;
}

/**
 * Nurse level. Titles/texts naming only hbo/niveau 5 → verpleegkundige-hbo, only mbo/niveau 4 → -mbo;
 * both or neither → the generic parent fn:verpleegkundige (we do not guess the level).
 */
function refineNurse(id: string, title: string, description: string): string {
  if (id !== GENERIC_NURSE) return id;
  const t = foldText(title);
  const th = HBO.test(t);
  const tm = MBO.test(t);
  if (th !== tm) return th ? 'fn:verpleegkundige-hbo' : 'fn:verpleegkundige-mbo';
  if (th && tm) return id;
  const d = foldText(description);
  const dh = HBO.test(d);
  const dm = MBO.test(d);
  if (dh !== dm) return dh ? 'fn:verpleegkundige-hbo' : 'fn:verpleegkundige-mbo';
  return id;
}

function result(c: Concept, method: 'title' | 'text', confidence: number): FunctionMatch {
  return { conceptId: c.id, label: c.prefLabel, method, confidence, isco: c.isco, escoUri: c.esco };
}

const HIRING_CUE = /\b(?:zoeken|zoekt|zoek|gezocht|vacature|als|functie van|we are looking for|hiring|join us as)\b/;

export function classifyFunction(title: string, description: string, tax: Taxonomies = loadTaxonomies()): FunctionMatch {
  const t = typeof title === 'string' ? title : '';
  const d = typeof description === 'string' ? description : '';
  const titleTokens = tokenize(t);
  if (titleTokens.length) {
    const best = pick(tax.functionMatcher.match(titleTokens), tax);
    if (best) {
      const id = refineNurse(best.c.id, t, d);
      const c = tax.functionById.get(id) ?? best.c;
      const conf = best.m.method === 'compound' ? 0.75 : id === GENERIC_NURSE ? 0.8 : 0.95;
      return result(c, 'title', conf);
    }
  }
  if (!d.trim()) return NONE;
  // Fallback: function words in the description, outside offer/organisation sections, with a hiring cue or repeated.
  const sections = splitSections(d);
  const tokens = tokenize(d);
  const counts = new Map<string, { n: number; cue: boolean; first: number }>();
  for (const m of tax.functionMatcher.match(tokens)) {
    const sec = sectionAt(sections, tokens[m.from].start);
    if (sec && (sec.kind === 'aanbod' || sec.kind === 'organisatie')) continue;
    const span = d.slice(tokens[m.from].start, tokens[m.to - 1].end);
    if (span.length < 5) continue;
    const before = foldText(d.slice(Math.max(0, tokens[m.from].start - 60), tokens[m.from].start));
    const cue = HIRING_CUE.test(before.split(/[.!?\n]/).pop() ?? '');
    const e = counts.get(m.conceptId) ?? { n: 0, cue: false, first: m.from };
    e.n++;
    e.cue ||= cue;
    counts.set(m.conceptId, e);
  }
  let bestId: string | null = null;
  let bestScore = 0;
  for (const [id, e] of counts) {
    if (!e.cue && e.n < 2) continue;
    const score = e.n + (e.cue ? 2 : 0) + (tax.functionById.get(id)?.priority ?? 0) * 0.1 - e.first * 1e-6;
    if (score > bestScore) {
      bestScore = score;
      bestId = id;
    }
  }
  if (!bestId) return NONE;
  const id = refineNurse(bestId, t, d);
  const c = tax.functionById.get(id);
  if (!c) return NONE;
  return result(c, 'text', counts.get(bestId)!.cue ? 0.55 : 0.4);
}
