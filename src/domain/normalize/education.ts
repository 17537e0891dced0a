/**
 * Required education level. Looks at `educationText` first, then at requirement-like lines of the
 * description. When several levels are named ("mbo 4 of hbo") the LOWEST is returned: it is the
 * minimum that qualifies.
 */
import type { EducationLevel } from '../types';
import { fold } from './text';

const ORDER: EducationLevel[] = ['mbo1', 'mbo2', 'mbo3', 'mbo4', 'hbo', 'wo'];

const RULES: Array<[RegExp, EducationLevel]> = [
  [/\bmbo[- ]?(?:niveau[- ]?)?([1-4])\b/g, 'mbo1'], // level from the capture
  [/\b(?:mbo[- ]?)?niveau[- ]?([1-4])\b/g, 'mbo1'],
  [/\b(?:entree[- ]?opleiding|entreeniveau)\b/g, 'mbo1'],
  [/\b(?:helpende(?: zorg (?:en|&) welzijn)?|helpende plus|zorghulp opleiding)\b/g, 'mbo2'],
  [/\b(?:verzorgende[- ]?ig|vig(?:-er|'er)?|verzorgende individuele gezondheidszorg|maatschappelijke zorg 3|persoonlijk begeleider (?:gehandicaptenzorg )?niveau 3)\b/g, 'mbo3'],
  [/\b(?:mbo[- ]?v(?:erpleegkunde|erpleegkundige)?|mbo[- ]verpleegkunde|mbo[- ]verpleegkundige|mbo[- ]?4 diploma|mbo-sph|mbo sociaal werk|mbo[- ]?pw)\b/g, 'mbo4'],
  [/\b(?:hbo|bachelor|hbo[- ]?v|hbo[- ]?verpleegkunde|social work|sph|hbo[- ]?denk ?niveau|hogeschool|pedagogiek)\b/g, 'hbo'],
  [/\b(?:wo|universitaire?|universiteit|academisch|academic|master(?:opleiding|diploma)?|msc|ma|drs|wo[- ]master|university)\b/g, 'wo'],
];

function levelsIn(s: string): EducationLevel[] {
  const found: EducationLevel[] = [];
  for (const [re, level] of RULES) {
    re.lastIndex = 0;
    for (const m of s.matchAll(re)) {
      if (level === 'mbo1' && m[1]) found.push(`mbo${m[1]}` as EducationLevel);
      else if (level === 'wo' && m[0] === 'wo' && !/(hbo\s*(\/|of|en)\s*wo|wo[- ](niveau|opleiding|diploma|master|denk)|wo\s*(\/|of)\s*hbo)/.test(s)) continue;
      else if (level === 'wo' && (m[0] === 'ma' || m[0] === 'msc' || m[0] === 'drs') && !/(master|opleiding|diploma)/.test(s)) continue;
      else found.push(level);
    }
  }
  return found;
}

const REQ_LINE = /(diploma|opleiding|niveau|afgerond|mbo|hbo|wo\b|bachelor|master|universit|academisch|denkniveau|vig|verzorgende|helpende|je hebt|je bent|wat vragen wij|wij vragen|functie-eisen|vereist)/;

export function parseEducation(educationText: unknown, description?: unknown): EducationLevel | null {
  const candidates: string[] = [];
  if (typeof educationText === 'string' && educationText.trim()) candidates.push(fold(educationText.slice(0, 2000)));
  if (typeof description === 'string' && description) {
    const lines = fold(description.slice(0, 50_000)).split(/\n|(?<=[.;!?])\s+/).filter((l) => REQ_LINE.test(l));
    candidates.push(lines.join('\n'));
  }
  for (const c of candidates) {
    const lv = levelsIn(c);
    if (lv.length) return lv.reduce((a, b) => (ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b));
  }
  return null;
}
