/** Section-aware skill extraction. Pure: no I/O besides the cached taxonomy loader. */
import nlp from 'compromise';
import type { MatchMethod, SkillMatch } from '../types';
import { detectLanguage } from './lang';
import { sectionAt, splitSections, type Section, type SectionKind } from './sections';
import { loadTaxonomies, type Taxonomies } from './taxonomy';
import { foldText, tokenize, type Token } from './tokenize';

export interface SkillInput {
  title: string;
  description: string;
  language?: string | null;
}

export const METHOD_SCORE: Record<string, number> = { exact: 1, alias: 0.95, english: 0.9, stem: 0.85, compound: 0.8, fuzzy: 0.6 };

/** Sections skills are taken from; 'aanbod' (what the employer offers) and 'organisatie' never yield skills. */
export const SKILL_SECTIONS: ReadonlySet<SectionKind> = new Set(['taken', 'eisen', 'overig']);

/** Sentences that describe what the employer offers ("wij bieden een opleiding wondzorg") even outside an aanbod section. */
const OFFER_CUE =
  /\b(?:wij|we) (?:bieden|geven|betalen|vergoeden|investeren)\b|\bbieden (?:wij|we|je|jou)\b|\b(?:je|jij) krijgt (?:de )?(?:mogelijkheid|kans|ruimte|een opleiding|scholing|training)|\bmogelijkhe(?:id|den) (?:om|tot|voor)\b|\b(?:opleidings|scholings|ontwikkel)mogelijkhe|\bleiden (?:wij|we) (?:je|jou) op\b|\b(?:wij|we) leiden (?:je|jou)\b|\bop (?:onze )?kosten\b|\bin overleg (?:te )?volgen\b|\bwe (?:offer|provide)\b|\byou will receive\b|\bwe will train\b|\bvergoed\b|\bwordt (?:je|jou) aangeboden\b|\b(?:interne )?academie\b/;

interface Prepared {
  tokens: Token[];
  sections: Section[];
  language: 'nl' | 'en';
  sentenceOf: Int32Array;
}

function englishBreaks(text: string, tokens: Token[]): void {
  try {
    const doc = nlp(text).json({ offset: true }) as Array<{ offset?: { start?: number } }>;
    const starts = new Set<number>();
    for (const s of doc) if (typeof s.offset?.start === 'number') starts.add(s.offset.start);
    for (const t of tokens) if (starts.has(t.start)) t.brk = true;
  } catch {
    // compromise failure: keep punctuation-based breaks
  }
}

/** The last text prepared: the extract stage prepares the same description for skills and for candidate phrases. */
let memo: { description: string; language: string | null | undefined; p: Prepared } | null = null;

export function prepare(description: string, language?: string | null): Prepared {
  if (memo && memo.description === description && (language === undefined || language === null || memo.language === language)) return memo.p;
  const p = prepareUncached(description, language);
  memo = { description, language, p };
  return p;
}

function prepareUncached(description: string, language?: string | null): Prepared {
  const tokens = tokenize(description);
  const lang = language === 'en' || language === 'nl' ? language : detectLanguage(tokens);
  if (lang === 'en') englishBreaks(description, tokens);
  const sections = splitSections(description);
  const sentenceOf = new Int32Array(tokens.length);
  let s = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0 && tokens[i].brk) s++;
    sentenceOf[i] = s;
  }
  return { tokens, sections, language: lang, sentenceOf };
}

function sentenceText(description: string, p: Prepared, idx: number): string {
  let a = idx;
  let b = idx;
  const s = p.sentenceOf[idx];
  while (a > 0 && p.sentenceOf[a - 1] === s) a--;
  while (b + 1 < p.tokens.length && p.sentenceOf[b + 1] === s) b++;
  return description.slice(p.tokens[a].start, p.tokens[b].end);
}

/** Tokens that make a sentence about a degree/training, so that context forms ("?fysiotherapie") may match. */
const DEGREE_CUE = new Set(
  'diploma diplomas opleiding opleidingen hbo mbo wo bachelor master masters niveau studie afgeronde afgerond degree qualification registratie geregistreerd registered registration vervolgopleiding'.split(' '),
);
/** Generic level concept, dropped when the same sentence names a specific diploma ("hbo-diploma fysiotherapie"). */
const GENERIC_DIPLOMA = 'skill:diploma-mbo-hbo';
const isSpecificDiploma = (id: string) => id !== GENERIC_DIPLOMA && (id.startsWith('skill:diploma-') || id === 'skill:specialisatie');

interface Hit {
  conceptId: string;
  method: MatchMethod;
  from: number;
  to: number;
  sentence: number;
}

export function extractSkills(input: SkillInput, tax: Taxonomies = loadTaxonomies()): SkillMatch[] {
  const description = typeof input?.description === 'string' ? input.description : '';
  if (!description.trim()) return [];
  const p = prepare(description, input.language);
  const matcher = p.language === 'en' ? tax.skillMatcherEn : tax.skillMatcher;
  const offerCache = new Map<number, boolean>();
  const { tokens } = p;
  const isOffer = (idx: number) => {
    const sent = p.sentenceOf[idx];
    let offer = offerCache.get(sent);
    if (offer === undefined) {
      offer = OFFER_CUE.test(foldText(sentenceText(description, p, idx)));
      offerCache.set(sent, offer);
    }
    return offer;
  };
  const hits: Hit[] = [];
  // Match per section so that spans never cross a heading.
  for (const sec of p.sections) {
    if (!SKILL_SECTIONS.has(sec.kind)) continue;
    let from = 0;
    while (from < tokens.length && tokens[from].start < sec.start) from++;
    let to = from;
    while (to < tokens.length && tokens[to].start < sec.end) to++;
    if (to <= from) continue;
    const main = matcher.match(tokens, from, to);
    const taken = new Uint8Array(to - from);
    for (const m of main) {
      for (let k = m.from; k < m.to; k++) taken[k - from] = 1;
      hits.push({ ...m, sentence: p.sentenceOf[m.from] });
    }
    // Context forms only inside sentences that name a degree or training.
    for (let a = from; a < to; ) {
      let b = a + 1;
      while (b < to && !tokens[b].brk) b++;
      let cue = false;
      for (let k = a; k < b && !cue; k++) cue = DEGREE_CUE.has(tokens[k].norm);
      if (cue)
        for (const m of tax.skillCueMatcher.match(tokens, a, b)) {
          let free = true;
          for (let k = m.from; k < m.to; k++) if (taken[k - from]) free = false;
          if (free) hits.push({ ...m, sentence: p.sentenceOf[m.from] });
        }
      a = b;
    }
  }
  const specificIn = new Set(hits.filter((h) => isSpecificDiploma(h.conceptId)).map((h) => h.sentence));
  const best = new Map<string, SkillMatch>();
  for (const m of hits) {
    if (m.conceptId === GENERIC_DIPLOMA && specificIn.has(m.sentence)) continue;
    if (isOffer(m.from)) continue;
    const concept = tax.skillById.get(m.conceptId);
    if (!concept) continue;
    const start = tokens[m.from].start;
    const end = tokens[m.to - 1].end;
    const method: MatchMethod = p.language === 'en' ? 'english' : m.method;
    const score = p.language === 'en' && m.method === 'stem' ? 0.8 : METHOD_SCORE[method] ?? 0.5;
    const prev = best.get(m.conceptId);
    if (prev && prev.score >= score) continue;
    best.set(m.conceptId, {
      conceptId: m.conceptId,
      label: concept.prefLabel,
      method,
      score,
      span: { text: description.slice(start, end), start, end },
      section: sectionAt(p.sections, start)?.kind ?? null,
    });
  }
  return [...best.values()].sort((a, b) => a.span.start - b.span.start);
}
