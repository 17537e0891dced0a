/**
 * Signatures for dedup: exact keys, MinHash over word 3-shingles of title + description, LSH band keys
 * (B bands × R rows; with 64 permutations = 16 × 4, a pair with Jaccard s becomes a candidate with
 * probability 1-(1-s^4)^16: s=0.5 → 0.64, s=0.6 → 0.88, s=0.7 → 0.98) and metadata blocking keys
 * (employer|gemeente|title tokens) that catch rewritten texts with the same function.
 */
import { fmix32, mulberry32 } from './hash';
import type { DedupRecord, Signature } from './types';
import { canonicalUrl } from './url';

export const NUM_PERM = 64;
export const BANDS = 16;
export const ROWS = NUM_PERM / BANDS;
const MAX_WORDS = 1500;

const PERM_A = new Uint32Array(NUM_PERM);
const PERM_B = new Uint32Array(NUM_PERM);
{
  const rnd = mulberry32(0x5eed1234);
  for (let i = 0; i < NUM_PERM; i++) {
    PERM_A[i] = ((rnd() * 0xffffffff) | 1) >>> 0; // odd multiplier → bijection on 2^32
    PERM_B[i] = (rnd() * 0xffffffff) >>> 0;
  }
}

const WORD = /[\p{L}\p{N}]+/gu;

export function words(text: string): string[] {
  const out: string[] = [];
  const s = text.length > 40_000 ? text.slice(0, 40_000) : text;
  for (const m of s.toLowerCase().matchAll(WORD)) {
    out.push(m[0]);
    if (out.length >= MAX_WORDS) break;
  }
  return out;
}

/** Int32 copies of the permutation constants (keeps the hot loop in int32 arithmetic). */
const PA = Int32Array.from(PERM_A, (x) => x | 0);
const PB = Int32Array.from(PERM_B, (x) => x | 0);

/** Is the BMP code unit / code point a letter or digit (\p{L}\p{N}, as WORD)? Cached per BMP code unit. */
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const bmpClass = new Uint8Array(65_536); // 0 unknown, 1 word, 2 other
function isWordCodePoint(cp: number): boolean {
  if (cp < 128) return (cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90);
  if (cp < 65_536) {
    let c = bmpClass[cp];
    if (c === 0) {
      c = WORD_CHAR.test(String.fromCharCode(cp)) ? 1 : 2;
      bmpClass[cp] = c;
    }
    return c === 1;
  }
  return WORD_CHAR.test(String.fromCodePoint(cp));
}

/** fnv1a of each of words(text), without building the word strings (same values, same limits). */
function wordHashes(text: string): number[] {
  const s = (text.length > 40_000 ? text.slice(0, 40_000) : text).toLowerCase();
  const out: number[] = [];
  const n = s.length;
  let i = 0;
  while (i < n && out.length < MAX_WORDS) {
    let cp = s.charCodeAt(i);
    let w = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) { cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00); w = 2; }
    }
    if (!isWordCodePoint(cp)) { i += w; continue; }
    let h = 0x811c9dc5;
    while (i < n) {
      cp = s.charCodeAt(i);
      w = 1;
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) { cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00); w = 2; }
      }
      if (!isWordCodePoint(cp)) break;
      for (let u = 0; u < w; u++) {
        h ^= s.charCodeAt(i + u);
        h = Math.imul(h, 0x01000193);
      }
      i += w;
    }
    out.push(h >>> 0);
  }
  return out;
}

/** MinHash of the word 3-shingles (word 1/2-grams for very short texts). */
export function minhash(text: string): Uint32Array {
  const wh = wordHashes(text);
  const n = wh.length;
  const k = n >= 3 ? 3 : Math.max(1, n);
  // minimum of the unsigned permuted hashes, kept as signed int32 with the sign bit flipped (same order)
  const m = new Int32Array(NUM_PERM).fill(0x7fffffff);
  for (let i = 0; i + k <= n; i++) {
    let h = 0x9747b28c;
    for (let j = 0; j < k; j++) h = fmix32((h ^ wh[i + j]) >>> 0);
    for (let p = 0; p < NUM_PERM; p++) {
      const v = ((Math.imul(h, PA[p]) + PB[p]) | 0) ^ 0x80000000;
      if (v < m[p]) m[p] = v;
    }
  }
  const mh = new Uint32Array(NUM_PERM);
  for (let p = 0; p < NUM_PERM; p++) mh[p] = (m[p] ^ 0x80000000) >>> 0;
  return mh;
}

export function jaccardEstimate(a: Uint32Array, b: Uint32Array): number {
  let eq = 0;
  let n = 0;
  for (let i = 0; i < a.length && i < b.length; i++) {
    if (a[i] === 0xffffffff && b[i] === 0xffffffff) continue;
    n++;
    if (a[i] === b[i]) eq++;
  }
  return n ? eq / n : 0;
}

export function bandKeysOf(mh: Uint32Array): string[] {
  const keys: string[] = [];
  if (mh[0] === 0xffffffff) return keys; // empty text
  for (let b = 0; b < BANDS; b++) {
    let h = 0x2545f491 ^ b;
    for (let r = 0; r < ROWS; r++) h = fmix32((h ^ mh[b * ROWS + r]) >>> 0);
    keys.push(`b${b}:${h.toString(16)}`);
  }
  return keys;
}

const TITLE_STOP = new Set(['en', 'of', 'de', 'het', 'een', 'voor', 'bij', 'in', 'te', 'met', 'van', 'op', 'medewerker', 'ervaren', 'enthousiaste', 'gezocht', 'nieuw', 'vacature', 'uur', 'mbo', 'hbo', 'niveau', 'the', 'and']);

/** Zorg abbreviations and their spelled-out forms, folded to one token before comparing titles. */
const TITLE_SYNONYMS: Array<[RegExp, string]> = [
  [/\bintensive care\b/g, 'ic'],
  [/\bmedium care\b/g, 'mc'],
  [/\bsociaal psychiatrisch(e)? verpleegkundige\b/g, 'spv'],
  [/\bspoedeisende hulp\b/g, 'seh'],
  [/\bverzorgende individuele gezondheidszorg\b/g, 'verzorgende ig'],
  [/\b(kinderdagverblijf|kdv)\b/g, 'kinderopvang'],
  [/\b(huisartsenpost|hap)\b/g, 'huisartsenpost'],
  [/\bgz[- ]psycholoog\b/g, 'gzpsycholoog'],
  [/\bpersoonlijk(e)? begeleider\b/g, 'persoonlijk begeleider'],
  [/\bpb(?:er|'er)?\b/g, 'persoonlijk begeleider'],
  [/\bvig(?:er|'er)?\b/g, 'verzorgende ig'],
  [/\bpmk\b/g, 'pedagogisch kinderopvang'],
  [/\bpoh\b/g, 'praktijkondersteuner'],
  [/\bok[- ]assistent\b/g, 'operatieassistent'],
];

/** The title's words in order, folded, synonyms applied, stop words and numbers dropped, lightly stemmed. */
function* stemmedTitleWords(title: string): Generator<string> {
  let s = (title ?? '').toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '');
  for (const [re, to] of TITLE_SYNONYMS) s = s.replace(re, to);
  for (const m of s.matchAll(WORD)) {
    const t = m[0];
    if (TITLE_STOP.has(t) || /^\d+$/.test(t)) continue;
    yield t.length > 5 ? t.replace(/(en|s|e)$/, '') : t;
  }
}

/** Title tokens with light Dutch stemming (plural/diminutive endings) used for title similarity and blocking. */
export function titleTokens(title: string): string[] {
  return [...new Set(stemmedTitleWords(title))].sort();
}

export function headToken(title: string): string | null {
  for (const t of stemmedTitleWords(title)) return t;
  return null;
}

export function employerKeys(r: Pick<DedupRecord, 'employerNormalized' | 'realEmployer'>): string[] {
  const keys: string[] = [];
  const norm = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ').replace(/\b(stichting|b ?v|n ?v)\b/g, ' ').replace(/\s+/g, ' ').trim();
  if (r.realEmployer) keys.push(norm(r.realEmployer));
  if (r.employerNormalized) keys.push(norm(r.employerNormalized));
  return [...new Set(keys.filter(Boolean))];
}

export function metaKeys(r: DedupRecord): string[] {
  const tk = titleTokens(r.titleNormalized).join(' ');
  if (!tk) return [];
  const emp = employerKeys(r);
  // the real employer (when an intermediary names it) is what the employer's own posting carries
  // head noun in title order ("enthousiaste verpleegkundige oncologie" → "verpleegkund") catches retitled reposts
  const head = headToken(r.titleNormalized);
  const keys = emp.slice(0, 1).map((e) => `m:${e}|${r.gemeenteCode ?? ''}|${tk}`);
  // employer-free key: an intermediary that does not name its client finds the employer's own posting
  if (r.gemeenteCode) keys.push(`g:${r.gemeenteCode}|${tk}`);
  if (head) for (const e of emp.slice(0, 1)) keys.push(`h:${e}|${r.gemeenteCode ?? ''}|${head}`);
  return keys;
}

export function exactKeys(r: DedupRecord): string[] {
  const keys: string[] = [];
  if (r.externalId && String(r.externalId).trim()) keys.push(`x:${r.sourceId}:${String(r.externalId).trim()}`);
  const cu = canonicalUrl(r.url);
  if (cu) keys.push(`u:${cu}`);
  return keys;
}

export function signature(r: DedupRecord): Signature {
  const mh = minhash(`${r.titleNormalized ?? ''} ${r.description ?? ''}`);
  return { exactKeys: exactKeys(r), bandKeys: [...bandKeysOf(mh), ...metaKeys(r)], minhash: mh };
}
