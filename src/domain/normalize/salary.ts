/**
 * Gross monthly salary (EUR) from text or structured (schema.org) values, plus the pay scale.
 *
 * Conversion factors to a month (documented, used everywhere):
 * - HOUR  × 156   (= 36 h/week × 52 / 12; the 36-hour week of the zorg CAOs)
 * - DAY   × 19.5  (= 4.5 days of 8 h per 36-hour week × 52 / 12)
 * - WEEK  × 52/12
 * - YEAR  ÷ 12    (no correction for holiday pay / end-of-year bonus)
 * A text without unit is classified by magnitude: < 100 → hour, 100–999 → week(ignored: too rare → issue),
 * 1,000–19,999 → month, ≥ 20,000 → year.
 * Results outside [400, 25,000] €/month → null + issue `salary_out_of_range`.
 */
import { fold, parseNumberNl } from './text';

export const HOURS_PER_MONTH = (36 * 52) / 12; // 156
export const DAYS_PER_MONTH = (4.5 * 52) / 12; // 19.5
export const MIN_MONTHLY = 400;
export const MAX_MONTHLY = 25_000;

export type SalaryUnit = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';

export interface SalaryInput {
  text?: unknown;
  min?: unknown;
  max?: unknown;
  unit?: unknown;
}
export interface SalaryResult {
  min: number | null;
  max: number | null;
  scale: string | null;
  issues: string[];
}

const FACTOR: Record<SalaryUnit, number> = { HOUR: HOURS_PER_MONTH, DAY: DAYS_PER_MONTH, WEEK: 52 / 12, MONTH: 1, YEAR: 1 / 12 };

export function toMonthly(v: number, unit: SalaryUnit): number {
  return Math.round(v * FACTOR[unit]);
}

function unitOf(u: unknown): SalaryUnit | null {
  if (typeof u !== 'string') return null;
  const s = u.trim().toUpperCase();
  if (/^(HOUR|HOURLY|UUR|PER UUR)$/.test(s)) return 'HOUR';
  if (/^(DAY|DAILY|DAG)$/.test(s)) return 'DAY';
  if (/^(WEEK|WEEKLY)$/.test(s)) return 'WEEK';
  if (/^(MONTH|MONTHLY|MAAND)$/.test(s)) return 'MONTH';
  if (/^(YEAR|YEARLY|ANNUAL|JAAR)$/.test(s)) return 'YEAR';
  return null;
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v : null;
  if (typeof v === 'string') {
    const n = parseNumberNl(v.replace(/[€\s]|eur(o)?/gi, ''));
    return n !== null && n > 0 ? n : null;
  }
  return null;
}

function unitFromText(s: string): SalaryUnit | null {
  if (/(per uur|p\/u\b|\/\s?uur|uurloon|\bper hour|\/h\b|bruto uurloon)/.test(s)) return 'HOUR';
  if (/(per dag|\/\s?dag|dagtarief)/.test(s)) return 'DAY';
  if (/(per week|\/\s?week)/.test(s)) return 'WEEK';
  if (/(per jaar|p\/j\b|\/\s?jaar|jaarsalaris|jaarinkomen|per year|annual|bruto per jaar)/.test(s)) return 'YEAR';
  if (/(per maand|p\/m\b|\/\s?m(aa)?nd|maandsalaris|per month|maandloon|bruto p\.m\.|p\.m\.)/.test(s)) return 'MONTH';
  return null;
}
function unitFromMagnitude(v: number): SalaryUnit | null {
  if (v < 100) return 'HOUR';
  if (v < 1000) return null;
  if (v < 20_000) return 'MONTH';
  return 'YEAR';
}

const AMOUNT = String.raw`(\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+\.\d{1,2}(?!\d)|\d+(?:,\d{1,2})?)(?:,-|,--|\.-)?(\s?k\b)?`;

function amounts(s: string): number[] {
  // Only amounts with a € sign or "euro" after them; or bare amounts in a "salaris" context.
  const out: number[] = [];
  const re = new RegExp(`(€|eur\\b|euro\\b)?\\s*${AMOUNT}\\s*(euro\\b|eur\\b)?`, 'g');
  const hasSalaryWord = /(salaris|loon|bruto|€|euro|eur\b|beloning|verdien|per (maand|jaar|uur|week)|\d\s?k\b)/.test(s);
  for (const m of s.matchAll(re)) {
    const euro = Boolean(m[1] || m[4]);
    if (!euro && !hasSalaryWord) continue;
    // skip the numbers of a scale ("fwg 45", "schaal 8") and hours ("32 uur")
    const before = s.slice(Math.max(0, m.index - 12), m.index + (m[1]?.length ?? 0));
    const after = s.slice(m.index + m[0].length, m.index + m[0].length + 8);
    if (!euro && (/(fwg|ifz|schaal|trede|groep|cao|niveau|mbo|hbo)\s*$/.test(before) || /^\s*(uur|uren|fte|jaar erv|dagen|%)/.test(after))) continue;
    let v = parseNumberNl(m[2]);
    if (v === null) continue;
    if (m[3]) v *= 1000;
    out.push(v);
  }
  return out;
}

export function parseScale(text: string): string | null {
  const s = fold(text);
  const cao = /\bcao\s+(vvt|ggz|ziekenhuizen|gehandicaptenzorg|gz|umc|jeugdzorg|sociaal werk|kinderopvang|huisartsenzorg|ambulancezorg)\b/.exec(s);
  const caoLabel = cao ? `CAO ${cao[1] === 'vvt' || cao[1] === 'ggz' || cao[1] === 'gz' || cao[1] === 'umc' ? cao[1].toUpperCase() : cao[1][0].toUpperCase() + cao[1].slice(1)} ` : '';
  const fwg = /\bfwg\s*-?\s*(\d{2})(?:\s*(?:-|–|\/|tot|t\/m|of|en)\s*(?:fwg\s*)?(\d{2}))?/.exec(s);
  if (fwg) return `${caoLabel}FWG ${fwg[1]}${fwg[2] ? `-${fwg[2]}` : ''}`;
  const ifz = /\bifz\b(?:[\s-]*(?:functiegroep|fg|schaal)?\s*(\d{1,2})(?:\s*(?:-|–|\/|tot|t\/m|of|en)\s*(\d{1,2}))?)?/.exec(s);
  if (ifz) return `${caoLabel}IFZ${ifz[1] ? ` ${ifz[1]}${ifz[2] ? `-${ifz[2]}` : ''}` : ''}`;
  const schaal = /\b(?:salaris)?schaal\s*(\d{1,2})(?:\s*(?:-|–|\/|tot|t\/m|of|en)\s*(?:schaal\s*)?(\d{1,2}))?/.exec(s);
  if (schaal) return `${caoLabel}schaal ${schaal[1]}${schaal[2] ? `-${schaal[2]}` : ''}`;
  const fg = /\bfunctiegroep\s*(\d{1,2})(?:\s*(?:-|–|\/|tot|t\/m|of|en)\s*(\d{1,2}))?/.exec(s);
  if (fg) return `${caoLabel}functiegroep ${fg[1]}${fg[2] ? `-${fg[2]}` : ''}`;
  return null;
}

export function parseSalary(input: SalaryInput): SalaryResult {
  const issues: string[] = [];
  const text = typeof input.text === 'string' ? input.text.slice(0, 2000) : typeof input.text === 'number' ? String(input.text) : '';
  const scale = text ? parseScale(text) : null;

  let min: number | null = null;
  let max: number | null = null;
  let unit: SalaryUnit | null = null;

  const sMin = num(input.min);
  const sMax = num(input.max);
  if (sMin !== null || sMax !== null) {
    unit = unitOf(input.unit) ?? unitFromMagnitude(sMin ?? sMax!);
    min = sMin;
    max = sMax;
  } else if (text) {
    const s = fold(text);
    const a = amounts(s);
    if (a.length) {
      min = a[0];
      max = a.length > 1 ? a[1] : a[0];
      if (/^\s*(max|maximaal|tot|up to)\b/.test(s) && a.length === 1) min = null;
      if (/^\s*(min|minimaal|vanaf|from)\b/.test(s) && a.length === 1) max = null;
      unit = unitFromText(s) ?? unitFromMagnitude(Math.max(min ?? 0, max ?? 0));
    }
  }
  if (min === null && max === null) return { min: null, max: null, scale, issues };
  if (!unit) {
    issues.push('salary_unit_unknown');
    return { min: null, max: null, scale, issues };
  }
  let mMin = min === null ? null : toMonthly(min, unit);
  let mMax = max === null ? null : toMonthly(max, unit);
  const bad = (v: number | null) => v !== null && (v < MIN_MONTHLY || v > MAX_MONTHLY);
  if (bad(mMin) || bad(mMax)) {
    issues.push('salary_out_of_range');
    return { min: null, max: null, scale, issues };
  }
  if (mMin !== null && mMax !== null && mMin > mMax) [mMin, mMax] = [mMax, mMin];
  return { min: mMin, max: mMax, scale, issues };
}
