/** Small pure text helpers shared by the normalizers (and the geo build script). */

/** Lower-case, strip diacritics, turn every non letter/digit run into one space. "Súdwest-Fryslân" → "sudwest fryslan". */
export function placeKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Lower-case + strip diacritics, keep punctuation. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

const PROVINCE_ABBR: Record<string, string | null> = {
  gn: 'Groningen', gr: 'Groningen', groningen: 'Groningen', fr: 'Fryslân', fryslan: 'Fryslân', friesland: 'Fryslân',
  dr: 'Drenthe', drenthe: 'Drenthe', ov: 'Overijssel', o: 'Overijssel', overijssel: 'Overijssel', gld: 'Gelderland',
  gelderland: 'Gelderland', ut: 'Utrecht', u: 'Utrecht', utrecht: 'Utrecht', nh: 'Noord-Holland', 'noord holland': 'Noord-Holland',
  zh: 'Zuid-Holland', 'zuid holland': 'Zuid-Holland', z: 'Zeeland', zld: 'Zeeland', zeeland: 'Zeeland', nb: 'Noord-Brabant',
  'noord brabant': 'Noord-Brabant', brabant: 'Noord-Brabant', l: 'Limburg', lb: 'Limburg', limburg: 'Limburg', fl: 'Flevoland',
  flevoland: 'Flevoland', ac: null,
};
/** Bare (unbracketed) trailing tokens accepted as province suffix, as CBS writes them ("Haren Gn", "Bergen L"). */
const BARE = /\s+(Gn|GN|Fr|FR|Dr|DR|Gld|GLD|NH|ZH|NB|L|Lb|Ov|Ut|Zld|Fl|AC)\.?$/;

/** "Haren Gn" → {name:"Haren", provincie:"Groningen"}; "Heerenveen (Fr)" → Fryslân; "Beek (L.)" → Limburg. */
export function stripProvinceSuffix(s: string): { name: string; provincie: string | null } {
  const t = s.trim();
  const paren = /^(.*\S)\s*\(\s*([^()]{1,20}?)\.?\s*\)$/.exec(t);
  if (paren) {
    const k = placeKey(paren[2]);
    if (k in PROVINCE_ABBR) return { name: paren[1].trim(), provincie: PROVINCE_ABBR[k] };
  }
  const bare = BARE.exec(t);
  if (bare) return { name: t.slice(0, bare.index).trim(), provincie: PROVINCE_ABBR[bare[1].toLowerCase()] ?? null };
  return { name: t, provincie: null };
}

/** Province name / abbreviation → canonical province, or null. */
export function provinceFromText(s: string): string | null {
  const k = placeKey(s).replace(/^provincie /, '');
  if (k.length < 2 && k !== 'l') return null;
  return k in PROVINCE_ABBR ? PROVINCE_ABBR[k] : null;
}

/** Coerce anything to a trimmed string (numbers → string), null for empty / non-primitive. Caps length. */
export function str(v: unknown, max = 200_000): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    return t ? t.slice(0, max) : null;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return null;
  return null;
}

/** Parse a Dutch or English formatted number: "2.800", "2.800,50", "17,50", "3,456.78", "0,8". */
export function parseNumberNl(s: string): number | null {
  let t = s.replace(/[\s\u00a0€]/g, '').replace(/[,.]-+$/, '');
  if (!t) return null;
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) t = t.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
  else if (/^\d+,\d+$/.test(t)) t = t.replace(',', '.');
  else if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}
