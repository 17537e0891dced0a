/**
 * Working hours per week from free text.
 *
 * - "24-32 uur", "24 tot 32 uur per week", "24 t/m 32 uur", "32 uur", "minimaal 24 uur", "max. 32 uur";
 * - FTE: "0,8 fte", "0,6-0,9 FTE" → × 36 h (FTE_HOURS: the 36-hour week of the CAO VVT, Ziekenhuizen,
 *   GGZ, Gehandicaptenzorg and Jeugdzorg);
 * - hours per month ("40 uur per maand") → × 12/52;
 * - "fulltime" → 36–40, "parttime" → max 35, "part- of fulltime" → max 40;
 * - values ≤ 0 or > 60 h/week → null + issue `hours_out_of_range:<text>`;
 *   present but not understood → null + issue `unparsed_hours:<text>`.
 */
import { fold, parseNumberNl } from './text';

export const FTE_HOURS = 36;
export const MAX_HOURS = 60;

export interface HoursResult {
  min: number | null;
  max: number | null;
  issues: string[];
}

const NUM = String.raw`(\d{1,3}(?:[.,]\d{1,2})?)`;
const SEP = String.raw`\s*(?:-|–|—|/|tot(?: en met)?|t/m|à|a|~)\s*`;
const UUR = String.raw`(?:uur|uren|u\b|hours?|hrs?\b|h\b)`;

const round1 = (n: number) => Math.round(n * 10) / 10;

function perMonth(after: string): boolean {
  return /^\s*(?:per|p\/|\/|in de|a)\s*(?:maand|mnd|m\b)/.test(after);
}

/** Parse one hours text. Returns null when nothing hours-like was found. */
function parseOne(t: string): { min: number | null; max: number | null } | null {
  const s = fold(t);
  let m = new RegExp(`${NUM}${SEP}${NUM}\\s*${UUR}`).exec(s);
  if (m) {
    const f = perMonth(s.slice(m.index + m[0].length)) ? 12 / 52 : 1;
    return { min: parseNumberNl(m[1])! * f, max: parseNumberNl(m[2])! * f };
  }
  m = new RegExp(`${NUM}${SEP}${NUM}\\s*fte`).exec(s);
  if (m) return { min: parseNumberNl(m[1])! * FTE_HOURS, max: parseNumberNl(m[2])! * FTE_HOURS };
  // "Aantal uren: 28", "Uren per week: 32-36"
  m = new RegExp(`\\b(?:uren|uur)(?: per week| p\\/w)?\\s*:\\s*${NUM}(?:${SEP}${NUM})?`).exec(s);
  if (m) {
    const a = parseNumberNl(m[1])!;
    const b = m[2] ? parseNumberNl(m[2])! : a;
    return { min: a, max: b };
  }
  m = new RegExp(`(minimaal|min\\.?|vanaf|ten minste|tenminste|maximaal|max\\.?|tot|hooguit)?\\s*${NUM}\\s*${UUR}`).exec(s);
  if (m) {
    const f = perMonth(s.slice(m.index + m[0].length)) ? 12 / 52 : 1;
    const v = parseNumberNl(m[2])! * f;
    const q = m[1] ?? '';
    if (/^(minimaal|min|vanaf|ten ?minste)/.test(q)) return { min: v, max: null };
    if (/^(maximaal|max|tot|hooguit)/.test(q)) return { min: null, max: v };
    return { min: v, max: v };
  }
  m = new RegExp(`${NUM}\\s*fte`).exec(s);
  if (m) {
    const v = parseNumberNl(m[1])!;
    return { min: v * FTE_HOURS, max: v * FTE_HOURS };
  }
  if (/\b(part[- ]?time|deeltijd)\b.*\b(of|en|\/)\s*full[- ]?time\b|\bpart-? of fulltime\b|\bfull[- ]?time\b.*\b(of|en|\/)\s*part[- ]?time\b/.test(s)) return { min: null, max: 40 };
  if (/\b(full[- ]?time|voltijd|36 ?-? ?uurs)\b/.test(s)) return { min: 36, max: 40 };
  if (/\b(part[- ]?time|deeltijd)\b/.test(s)) return { min: null, max: 35 };
  return null;
}

export function parseHours(hoursText: unknown, ...fallbacks: unknown[]): HoursResult {
  const issues: string[] = [];
  const texts = [hoursText, ...fallbacks].map((t) => (typeof t === 'string' ? t.slice(0, 2000) : typeof t === 'number' ? `${t} uur` : null));
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    if (!t || !t.trim()) continue;
    const r = parseOne(t);
    if (!r) {
      if (i === 0) issues.push(`unparsed_hours:${t.slice(0, 60)}`);
      continue;
    }
    let { min, max } = r;
    if ((min !== null && (min <= 0 || min > MAX_HOURS)) || (max !== null && (max <= 0 || max > MAX_HOURS))) {
      issues.push(`hours_out_of_range:${t.slice(0, 60)}`);
      return { min: null, max: null, issues };
    }
    if (min !== null && max !== null && min > max) [min, max] = [max, min];
    return { min: min === null ? null : round1(min), max: max === null ? null : round1(max), issues };
  }
  return { min: null, max: null, issues };
}

/** Only explicit "N (tot M) uur per week" phrases are trusted in long descriptions ("24-uurszorg" is not hours). */
export function hoursFromDescription(description: string): string | null {
  const m = /\b\d{1,2}(?:[.,]\d)?(?:\s*(?:-|–|tot|t\/m)\s*\d{1,2}(?:[.,]\d)?)?\s*(?:uur|uren)\s*(?:per|p\/|\/|in de)\s*week\b/i.exec(description);
  if (m) return m[0];
  const f = /\b\d[.,]\d{1,2}(?:\s*(?:-|–|tot)\s*\d[.,]\d{1,2})?\s*fte\b/i.exec(description);
  return f ? f[0] : null;
}
