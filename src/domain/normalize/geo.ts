/**
 * Place text / address / postcode → GeoPlacement (2024 gemeente indeling).
 *
 * Resolution order:
 *  1. a PC4 (from `postalCode` or a "9401 AB" pattern in the text) → method "postcode";
 *  2. each comma/pipe/slash separated part of the text, in order:
 *     hand-written aliases ("Den Haag", "Stad Groningen", "Regio X" = X) → "alias";
 *     an official CBS woonplaats → "woonplaats"; a Frisian/Dutch double name or hamlet (ggzoek list) → "alias";
 *     a gemeente name (incl. pre-merger names like "Hoogezand-Sappemeer") → "gemeente";
 *  3. a last-resort scan for a known woonplaats in the last 1–3 words of a part ("Verpleeghuis De Brink Assen").
 *
 * Ambiguous names ("Haren", "Oosterwolde", "Nes", "Beek") are disambiguated with, in order: a province
 * suffix or part ("Haren (Gn)", "Oosterwolde, Gelderland", "Haren Gn"), the caller's `provinceHint`
 * (e.g. the employer's provinces from the register). Only when there is no such clue do we take the
 * pre-ranked first candidate: a northern (Groningen/Fryslân/Drenthe) place first, then an official CBS
 * woonplaats over a hamlet, then the larger population (see taxonomies/geo/SOURCE.md).
 *
 * Not placeable: "Thuis/remote" → null + issue "remote_location"; a province only ("Friesland") →
 * null + "province_only:<text>"; anything else → null + "unknown_place:<text>".
 */
import type { GeoPlacement } from '../types';
import { geoData } from './reference';
import { placeKey, provinceFromText, stripProvinceSuffix } from './text';

export interface GeoResult {
  geo: GeoPlacement | null;
  /** CBS woonplaatscode of the resolved place (finer than the gemeente; "Snits" = "Sneek" = 3504), when known. */
  woonplaatsCode?: string | null;
  issues: string[];
}

export interface GeoInput {
  locationText?: string | null;
  postalCode?: string | null;
  /** Provinces that make a candidate more likely (e.g. the employer's provinces). */
  provinceHint?: string[] | null;
}

const ALIASES: Record<string, string> = {
  'den haag': "'s-gravenhage",
  'the hague': "'s-gravenhage",
  'den bosch': "'s-hertogenbosch",
  'stad groningen': 'groningen',
  'groningen stad': 'groningen',
  'groningen centrum': 'groningen',
  'leeuwarden centrum': 'leeuwarden',
};

const REMOTE = /\b(thuis(werk(en)?)?|remote|home ?office|op afstand|vanuit huis|landelijk|diverse locaties|meerdere locaties|nederland|netherlands|nl)\b/i;
const PC_RE = /\b([1-9]\d{3})\s?(?!SA|SD|SS)[A-Za-z]{2}\b/;

export function toPlacement(code: string, method: string): GeoPlacement | null {
  const g = geoData().gemeenten.get(code);
  if (!g) return null;
  return {
    gemeenteCode: g.code,
    gemeente: g.name,
    provincie: g.provincie,
    coropCode: g.coropCode,
    corop: g.corop,
    arbeidsmarktregio: g.arbeidsmarktregio,
    method,
  };
}

function pickIndex(cands: string[], provs: string[]): number {
  if (provs.length && cands.length > 1) {
    const gem = geoData().gemeenten;
    for (const p of provs) {
      const i = cands.findIndex((c) => gem.get(c)?.provincie === p);
      if (i >= 0) return i;
    }
  }
  return 0;
}
/** Gemeente code + woonplaatscode for a place key. */
function pickPlace(key: string, cands: string[], provs: string[]): { code: string; wp: string | null } {
  const i = pickIndex(cands, provs);
  return { code: cands[i], wp: geoData().placeWoonplaats.get(key)?.[i] || null };
}

/** Clean a part: drop "regio", "e.o.", "en omgeving", "(stad)", "gemeente", "locatie" etc. */
function cleanPart(p: string): { text: string; viaRegio: boolean } {
  let t = p.trim();
  let viaRegio = false;
  const before = t;
  t = t
    .replace(/^(vacature(s)? (in|te)|werklocatie|standplaats|locatie|plaats|werkgebied|gemeente|in|te)\s*[:-]?\s+/i, '')
    .replace(/^(regio|omgeving|rondom|rond)\s+/i, () => { viaRegio = true; return ''; })
    .replace(/\s+(e\.?\s?o\.?|en omgeving|en omstreken|eo|\+\s*omgeving|omgeving|e\.a\.|centrum|stad|\(stad\)|\(centrum\)|\(en omgeving\)|\(e\.o\.\))\s*$/i, () => { viaRegio = true; return ''; })
    .replace(/\s+\d+\s*km$/i, '')
    .trim();
  if (t === before) viaRegio = false;
  return { text: t, viaRegio };
}

interface PartHit { code: string; method: string; wp?: string | null }

/** "sint annaparochie" ↔ "st annaparochie" (CBS writes both forms for different places). */
function saintVariant(key: string): string {
  if (key.startsWith('sint ')) return `st ${key.slice(5)}`;
  if (key.startsWith('st ')) return `sint ${key.slice(3)}`;
  return key;
}

function resolvePart(raw: string, provs: string[]): PartHit | null {
  const d = geoData();
  const { text, viaRegio } = cleanPart(raw);
  if (!text) return null;
  const { name, provincie } = stripProvinceSuffix(text);
  const p = provincie ? [provincie, ...provs] : provs;
  const key = placeKey(name);
  if (!key) return null;
  const alias = ALIASES[key];
  if (alias) {
    const c = d.places.get(placeKey(alias));
    if (c) return { ...pickPlace(placeKey(alias), c, p), method: 'alias' };
  }
  const k2 = d.places.has(key) ? key : saintVariant(key);
  const cands = d.places.get(k2);
  if (cands) {
    return { ...pickPlace(k2, cands, p), method: viaRegio || d.aliasKeys.has(key) ? 'alias' : 'woonplaats' };
  }
  const gem = d.gemeenteNames.get(key);
  if (gem) return { code: gem, method: viaRegio ? 'alias' : 'gemeente' };
  return null;
}

/** Last resort: a known official woonplaats among the last 1–3 words of a part. */
function scanWords(raw: string, provs: string[]): PartHit | null {
  const d = geoData();
  const words = placeKey(raw).split(' ').filter(Boolean);
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    for (let start = words.length - n; start >= 0; start--) {
      const k = words.slice(start, start + n).join(' ');
      if (k.length < 4 || STOP.has(k)) continue;
      const c = d.places.get(k);
      if (c && !d.aliasKeys.has(k)) return { ...pickPlace(k, c, provs), method: 'woonplaats' };
      const g = d.gemeenteNames.get(k);
      if (g) return { code: g, method: 'gemeente' };
    }
  }
  return null;
}
const CITY_PROVINCES = new Set(['groningen', 'utrecht']);
const STOP = new Set(['zorg', 'wonen', 'huis', 'noord', 'zuid', 'oost', 'west', 'midden', 'centrum', 'locatie', 'de brink', 'thuis', 'veld', 'dorp', 'boer', 'heide', 'hoven', 'wijk', 'buurt', 'kamp', 'hoek', 'berg', 'linde', 'vaart', 'haven', 'weide', 'vijfhuizen', 'best', 'ede', 'eind', 'loo', 'oosterhout']);

export function placeLocation(input: GeoInput): GeoResult {
  const d = geoData();
  const issues: string[] = [];
  const provs = (input.provinceHint ?? []).filter(Boolean);
  const loc = typeof input.locationText === 'string' ? input.locationText.slice(0, 500).trim() : '';
  const pcRaw = typeof input.postalCode === 'string' || typeof input.postalCode === 'number' ? String(input.postalCode) : '';

  // 1. postcode
  const pcm = /^\s*([1-9]\d{3})\s?([A-Za-z]{2})?\s*$/.exec(pcRaw) ?? PC_RE.exec(loc) ?? /^\s*([1-9]\d{3})\s*$/.exec(loc);
  let pcCode: string | null = null;
  if (pcm) {
    pcCode = d.pc4.get(pcm[1]) ?? null;
    if (pcCode && !loc) return { geo: toPlacement(pcCode, 'postcode'), woonplaatsCode: null, issues };
  }
  if (!loc) {
    if (pcRaw) issues.push(`unknown_place:${pcRaw.slice(0, 80)}`);
    return { geo: null, issues };
  }

  // 2. parts
  const noPc = loc.replace(PC_RE, ' ').replace(/\b(NL|Nederland|The Netherlands|Netherlands)\s*$/i, '').trim();
  const parts = noPc
    .split(/\s*(?:[,;|•·]|\s\/\s|\/|\s[-–—]\s|\sof\s|\sen\s(?!omgeving|omstreken))\s*/i)
    .map((s) => s.trim())
    .filter(Boolean);
  const partProvs: string[] = [];
  const placeParts: string[] = [];
  for (const part of parts) {
    const prov = provinceFromText(part);
    // "Groningen" and "Utrecht" are both a province and a city: keep them as place candidates too.
    if (prov) partProvs.push(prov);
    if (!prov || CITY_PROVINCES.has(placeKey(part))) placeParts.push(part);
  }
  const allProvs = [...partProvs, ...provs];
  // The postcode decides the gemeente; the text only adds the woonplaats when it lies in that gemeente.
  const done = (hit: PartHit | null): GeoResult | null => {
    if (pcCode) return { geo: toPlacement(pcCode, 'postcode'), woonplaatsCode: hit && hit.code === pcCode ? hit.wp ?? null : null, issues };
    return hit ? { geo: toPlacement(hit.code, hit.method), woonplaatsCode: hit.wp ?? null, issues } : null;
  };
  for (const part of placeParts) {
    const hit = resolvePart(part, pcCode ? [d.gemeenten.get(pcCode)!.provincie, ...allProvs] : allProvs);
    if (hit) return done(hit)!;
  }
  for (const part of placeParts) {
    if (REMOTE.test(part)) continue;
    const hit = scanWords(part.replace(/\d+/g, ' '), allProvs);
    if (hit) return done(hit)!;
  }
  if (pcCode) return done(null)!;
  if (REMOTE.test(loc)) {
    issues.push('remote_location');
    return { geo: null, issues };
  }
  if (partProvs.length && placeParts.length === 0) {
    issues.push(`province_only:${loc.slice(0, 80)}`);
    return { geo: null, issues };
  }
  issues.push(`unknown_place:${loc.slice(0, 80)}`);
  return { geo: null, issues };
}

/** GeoPlacement for a gemeente code ("GM0080"), or null. */
export function placementForGemeente(code: string): GeoPlacement | null {
  return toPlacement(code, 'gemeente');
}
