/**
 * Dictionary matcher over token sequences: token tries (exact/alias, Dutch stems, case-sensitive acronyms),
 * a compound-word step (prefix/suffix of one long token) and a conservative fuzzy step (Damerau distance 1
 * on tokens ≥ 9 chars with the same first letter) via a deletion index. Compiled once per taxonomy.
 *
 * Label prefixes: "!" = case-sensitive exact form (acronyms such as "!ONS"); "=" = exact form only, no stem,
 * compound or fuzzy variants (words whose stem collides with a common word or a place name: "=gronings").
 */
import natural from 'natural';
import type { MatchMethod } from '../types';
import { fold, labelTokens, tokenize, type Token } from './tokenize';

export interface MatchForm {
  conceptId: string;
  method: MatchMethod;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  out: MatchForm | null;
}

export interface RawMatch {
  conceptId: string;
  method: MatchMethod;
  /** Token index range [from, to). */
  from: number;
  to: number;
}

export interface MatcherOptions {
  stemmer: (w: string) => string;
  /** Minimal length of a single-token form used for compound and fuzzy matching. */
  compoundMinLen?: number;
  fuzzyMinLen?: number;
  /** Allow compound/fuzzy steps at all. */
  compound?: boolean;
  fuzzy?: boolean;
  /** Also match a known form as the suffix (head) of a compound. Off for skills: "verantwoordelijk" ends in "ordelijk". */
  compoundSuffix?: boolean;
}

const newNode = (): TrieNode => ({ next: new Map(), out: null });

const METHOD_RANK: Record<string, number> = { exact: 6, alias: 5, english: 4, title: 4, stem: 3, compound: 2, fuzzy: 1, text: 0 };

export function dutchStem(w: string): string {
  return natural.PorterStemmerNl.stem(w);
}
export function englishStem(w: string): string {
  return natural.PorterStemmer.stem(w);
}

export class DictionaryMatcher {
  private exact = newNode();
  private stem = newNode();
  private cased = newNode();
  private single = new Map<string, MatchForm>();
  private deletions = new Map<string, string[]>();
  private stemCache = new Map<string, string>();
  private readonly opts: Required<MatcherOptions>;
  formCount = 0;

  constructor(opts: MatcherOptions) {
    this.opts = { compoundMinLen: 5, fuzzyMinLen: 9, compound: true, fuzzy: true, compoundSuffix: false, ...opts };
  }

  stemOf(norm: string): string {
    if (norm.length <= 3) return norm;
    let s = this.stemCache.get(norm);
    if (s === undefined) {
      if (/\d/.test(norm)) return norm; // numbers: not stemmed, not cached (unbounded vocabulary)
      s = this.opts.stemmer(norm);
      if (this.stemCache.size < 500_000) this.stemCache.set(norm, s);
    }
    return s;
  }

  private insert(root: TrieNode, keys: string[], form: MatchForm): void {
    let node = root;
    for (const k of keys) {
      let n = node.next.get(k);
      if (!n) node.next.set(k, (n = newNode()));
      node = n;
    }
    if (!node.out || METHOD_RANK[form.method] > METHOD_RANK[node.out.method]) node.out = form;
  }

  /** Add a surface form. A leading "!" makes it case-sensitive (acronyms such as "!ONS"), "=" exact-only. */
  add(label: string, conceptId: string, method: MatchMethod): void {
    if (label.startsWith('=')) {
      const keys = labelTokens(label.slice(1));
      if (keys.length) this.insert(this.exact, keys, { conceptId, method });
      this.formCount++;
      return;
    }
    if (label.startsWith('!')) {
      const keys = tokenize(label.slice(1)).map((t) => t.text);
      if (keys.length) this.insert(this.cased, keys, { conceptId, method });
      this.formCount++;
      return;
    }
    const keys = labelTokens(label);
    if (!keys.length) return;
    this.formCount++;
    this.insert(this.exact, keys, { conceptId, method });
    const stems = keys.map((k) => this.stemOf(k));
    const stemLen = stems.join('').length;
    if (stemLen >= 5) this.insert(this.stem, stems, { conceptId, method: 'stem' });
    if (keys.length === 1) {
      const k = keys[0];
      if (k.length >= this.opts.compoundMinLen && !/\d/.test(k) && !this.single.has(k)) this.single.set(k, { conceptId, method });
      if (k.length >= this.opts.fuzzyMinLen) {
        for (const d of deletes(k)) {
          const arr = this.deletions.get(d);
          if (!arr) this.deletions.set(d, [k]);
          else if (!arr.includes(k)) arr.push(k);
        }
      }
    }
  }

  /** Longest form in `root` starting at token i; mode 0 = folded tokens, 1 = original case, 2 = stems. */
  private walk(root: TrieNode, tokens: Token[], i: number, to: number, mode: number, stems: string[], base: number): number {
    let node: TrieNode | undefined = root;
    this.walkForm = null;
    let bestEnd = -1;
    for (let j = i; j < to; j++) {
      if (j > i && tokens[j].brk) break;
      const key = mode === 0 ? tokens[j].norm : mode === 1 ? tokens[j].text : stems[j - base];
      node = node.next.get(key);
      if (!node) break;
      if (node.out) {
        bestEnd = j + 1;
        this.walkForm = node.out;
      }
    }
    return bestEnd;
  }

  private walkForm: MatchForm | null = null;

  /** All non-overlapping matches in tokens[from, to). Longest span wins; ties by method rank. */
  match(tokens: Token[], from = 0, to = tokens.length): RawMatch[] {
    const cands: RawMatch[] = [];
    // Stems once per token (cached per word form in stemOf).
    const stems: string[] = new Array(Math.max(0, to - from));
    for (let k = from; k < to; k++) stems[k - from] = this.stemOf(tokens[k].norm);
    for (let i = from; i < to; i++) {
      let bestEnd = -1;
      let bestForm: MatchForm | null = null;
      for (let mode = 0; mode < 3; mode++) {
        const end = this.walk(mode === 0 ? this.exact : mode === 1 ? this.cased : this.stem, tokens, i, to, mode, stems, from);
        if (end <= i) continue;
        const form = this.walkForm!;
        if (bestEnd < 0 || end > bestEnd || (end === bestEnd && METHOD_RANK[form.method] > METHOD_RANK[bestForm!.method])) {
          bestEnd = end;
          bestForm = form;
        }
      }
      if (bestForm) {
        cands.push({ conceptId: bestForm.conceptId, method: bestForm.method, from: i, to: bestEnd });
        continue;
      }
      const t = tokens[i];
      if (this.opts.compound && t.norm.length >= this.opts.compoundMinLen + 3) {
        const c = this.compound(t.norm);
        if (c) {
          cands.push({ conceptId: c.conceptId, method: 'compound', from: i, to: i + 1 });
          continue;
        }
      }
      if (this.opts.fuzzy && t.norm.length >= this.opts.fuzzyMinLen) {
        const f = this.fuzzy(t.norm);
        if (f) cands.push({ conceptId: f.conceptId, method: 'fuzzy', from: i, to: i + 1 });
      }
    }
    if (cands.length <= 1) return cands;
    // Greedy non-overlapping selection: longer spans first, then better method, then leftmost.
    cands.sort((a, b) => b.to - b.from - (a.to - a.from) || METHOD_RANK[b.method] - METHOD_RANK[a.method] || a.from - b.from);
    const taken = new Uint8Array(Math.max(0, to - from));
    const out: RawMatch[] = [];
    for (const c of cands) {
      let free = true;
      for (let k = c.from; k < c.to; k++) if (taken[k - from]) free = false;
      if (!free) continue;
      for (let k = c.from; k < c.to; k++) taken[k - from] = 1;
      out.push(c);
    }
    return out.sort((a, b) => a.from - b.from);
  }

  private compoundCache = new Map<string, MatchForm | null>();
  /** Longest known single-token form that is a prefix or suffix of `norm` (rest ≥ 3 chars). */
  compound(norm: string): MatchForm | null {
    const cached = this.compoundCache.get(norm);
    if (cached !== undefined) return cached;
    let best: MatchForm | null = null;
    let bestLen = 0;
    const min = this.opts.compoundMinLen;
    for (let k = norm.length - 3; k >= min; k--) {
      const f = this.single.get(norm.slice(0, k));
      if (f) {
        best = f;
        bestLen = k;
        break;
      }
    }
    for (let k = 3; this.opts.compoundSuffix && k <= norm.length - min; k++) {
      const suffixLen = norm.length - k;
      if (suffixLen <= bestLen) break;
      const f = this.single.get(norm.slice(k));
      if (f) {
        best = f;
        bestLen = suffixLen;
        break;
      }
    }
    if (this.compoundCache.size < 200_000) this.compoundCache.set(norm, best);
    return best;
  }

  private fuzzyCache = new Map<string, MatchForm | null>();
  fuzzy(norm: string): MatchForm | null {
    const cached = this.fuzzyCache.get(norm);
    if (cached !== undefined) return cached;
    let best: MatchForm | null = null;
    const keys = [norm, ...deletes(norm)];
    outer: for (const d of keys) {
      const hits = this.deletions.get(d);
      if (!hits) continue;
      for (const h of hits) {
        if (h !== norm && h[0] === norm[0] && damerau1(norm, h)) {
          best = this.single.get(h) ?? null;
          if (best) break outer;
        }
      }
    }
    if (this.fuzzyCache.size < 200_000) this.fuzzyCache.set(norm, best);
    return best;
  }
}

function deletes(w: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) out.push(w.slice(0, i) + w.slice(i + 1));
  return out;
}

/** True when a and b differ by exactly one insertion, deletion, substitution or adjacent transposition. */
export function damerau1(a: string, b: string): boolean {
  if (a === b) return false;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // transposition
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

export { fold };
