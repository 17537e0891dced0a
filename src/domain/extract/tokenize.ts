/** Unicode-aware tokenizer for Dutch/English vacancy text. Offsets index the ORIGINAL string. */

export interface Token {
  /** Original surface text. */
  text: string;
  /** Lower-cased, diacritics folded (cliënten → clienten). Used for matching. */
  norm: string;
  start: number;
  end: number;
  /** True when a sentence/line boundary (. ! ? ; : newline, bullet) lies between the previous token and this one. */
  brk: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;
const ASCII_LOWER = /^[a-z0-9]+$/;
const BREAK_CHARS = /[.!?;:\n\r•·▪●|()[\]]/;

const foldCache = new Map<string, string>();

/** Lower-case and strip combining marks. Cached: the vocabulary of vacancy texts is small. */
export function fold(word: string): string {
  const lower = word.toLowerCase();
  if (ASCII_LOWER.test(lower)) return lower;
  let f = foldCache.get(lower);
  if (f === undefined) {
    f = lower.normalize('NFD').replace(/\p{M}/gu, '');
    if (foldCache.size < 200_000) foldCache.set(lower, f);
  }
  return f;
}

/** Fold a whole string (for regex tests on sentences/headings). */
export function foldText(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  if (!text) return out;
  let prevEnd = 0;
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    let brk = out.length === 0;
    if (!brk && start - prevEnd > 0) {
      const gap = text.slice(prevEnd, start);
      // "." inside numbers/abbreviations ("Vpl.", "3.5") only breaks when followed by whitespace.
      brk = BREAK_CHARS.test(gap) && !(gap === '.' || gap === ',');
    }
    out.push({ text: m[0], norm: fold(m[0]), start, end, brk });
    prevEnd = end;
  }
  return out;
}

/** Tokens of a label (no offsets needed). */
export function labelTokens(label: string): string[] {
  return tokenize(label).map((t) => t.norm);
}
