/**
 * Normalized title for dedup and classification: lower case, no "Vacature:" prefix, no gender
 * suffixes "(m/v)", "(m/v/x)", "m/v/x", no hours ("24-32 uur", "0,8 fte", "fulltime"), no place
 * suffix ("| Leeuwarden", "- Assen", "in Groningen", "te Sneek") when the suffix is a known place.
 */
import { placeLocation } from './geo';
import { geoData } from './reference';
import { placeKey } from './text';

const GENDER = /\(\s*[mvfxhd](?:\s*\/\s*[mvfxhd]){1,3}\s*\)|\b[mvfxh](?:\s*\/\s*[mvfxhd]){1,3}\b/gi;
const HOURS = /\(?\b\d{1,2}(?:[.,]\d{1,2})?\s*(?:(?:-|–|tot|t\/m|\/)\s*\d{1,2}(?:[.,]\d{1,2})?\s*)?(?:uur|uren|u)\b(?:\s*(?:per|p\/|\/)\s*(?:week|wk))?\)?|\(?\b\d(?:[.,]\d{1,2})?\s*(?:(?:-|–|tot)\s*\d(?:[.,]\d{1,2})?\s*)?fte\b\)?|\b(?:full|part)[- ]?time\b|\bparttime\/fulltime\b|\bdeeltijd\b|\bvoltijd\b/gi;

function isPlace(s: string): boolean {
  const t = s.trim();
  if (!t || t.length > 60) return false;
  const r = placeLocation({ locationText: t });
  return r.geo !== null || r.issues.includes('remote_location') || r.issues.some((i) => i.startsWith('province_only:'));
}

export function normalizeTitle(title: unknown): string {
  if (typeof title !== 'string' && typeof title !== 'number') return '';
  let t = String(title).slice(0, 500);
  t = t.replace(/^\s*(vacature|vacancy|job|gezocht|wij zoeken( een)?|nieuw)\s*[:\-–|]\s*/i, '');
  t = t.replace(GENDER, ' ').replace(HOURS, ' ');
  // "… via Randstad", "… bij Treant" recruiter / employer suffixes
  t = t.replace(/\s+(?:via|by|door)\s+[^|,]{2,40}$/i, ' ');
  // place suffixes after a separator
  for (let i = 0; i < 3; i++) {
    // a hyphen only separates with spaces around it ("IC-verpleegkundige" is one word)
    const m = /(?:\s*[|,]|\s[–—-]|\s(?:in|te|regio|bij))\s+([^|,]+?)\s*$|\s*[|,]\s*([^|,]+?)\s*$/i.exec(t);
    const cand = m?.[1] ?? m?.[2];
    if (!m || !cand || /\s[–—-]\s/.test(cand) || !isPlace(cand.replace(/\b(e\.?o\.?|en omgeving)\b/i, ''))) break;
    t = t.slice(0, m.index);
  }
  // a bare trailing place name: "Verpleegkundige Stadskanaal" (official woonplaats/gemeente names), or a
  // two-word Frisian/Dutch name ("… It Hearrenfean", "… De Jouwer"); the two-word reading is tried first.
  for (let i = 0; i < 2; i++) {
    const words = t.trim().split(/\s+/);
    let cut = 0;
    for (const n of [2, 1]) {
      if (words.length <= n) continue;
      const tail = words.slice(-n);
      if (!tail.every((w) => /^\p{Lu}[\p{L}'’-]+$/u.test(w))) continue;
      // the words themselves must be a place name (no scanning inside "FACT-team Assen")
      const key = placeKey(tail.join(' '));
      const d = geoData();
      const official = (d.places.has(key) && !d.aliasKeys.has(key)) || d.gemeenteNames.has(key);
      if (official || (n === 2 && d.places.has(key))) {
        cut = n;
        break;
      }
    }
    if (!cut) break;
    t = words.slice(0, -cut).join(' ');
  }
  // a parenthesized place: "Verpleegkundige (Assen)"
  t = t.replace(/\(([^()]{2,40})\)/g, (all, inner: string) => (isPlace(inner) ? ' ' : all));
  return t
    .toLowerCase()
    .replace(/[()[\]{}"“”]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s|,:;–—-]+|[\s|,:;–—/-]+$/g, '')
    .trim();
}
