/**
 * Developer-only build script: converts the raw geo sources in /work/shared/data into the compact
 * `taxonomies/geo/geo.json` used at runtime by `src/domain/normalize/geo.ts`.
 *
 *   npx tsx taxonomies/build/build-geo.ts [/path/to/shared/data]
 *
 * Inputs (see taxonomies/geo/SOURCE.md):
 *  - gemeenten-nl-derived/gemeenten_2024_provincie_corop_arbeidsmarktregio.csv (342 gemeenten, 2024 indeling)
 *  - woonplaatsen-corop/woonplaatsen_gemeente_corop.csv (CBS woonplaatsen → gemeente)
 *  - pc4-gemeente/certegis_postcodes_pc2_pc3_pc4.csv (PC4 → plaats + 2021/22 gemeente name, inhabitants)
 *  - pc4-gemeente/ggzoek_woonplaatsen_pc4.csv (Frisian/Dutch double names, hamlets, PC4 ranges)
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { placeKey, stripProvinceSuffix } from '../../src/domain/normalize/text';

const DATA = process.argv[2] ?? '/work/shared/data';
const OUT = fileURLToPath(new URL('../geo/geo.json', import.meta.url));

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQ = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQ) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else inQ = false;
      } else field += c;
    } else if (c === '"') inQ = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}
const readCsv = (p: string) => parseCsv(readFileSync(`${DATA}/${p}`, 'utf8')).slice(1);

const NORTH = new Set(['Groningen', 'Fryslân', 'Drenthe']);

// ---- gemeenten
interface Gem { code: string; name: string; provincie: string; coropCode: string; corop: string; arbeidsmarktregio: string }
const gemeenten: Gem[] = readCsv('gemeenten-nl-derived/gemeenten_2024_provincie_corop_arbeidsmarktregio.csv').map((r) => ({
  code: r[0], name: r[1], provincie: r[2], coropCode: r[3], corop: r[4], arbeidsmarktregio: r[5],
}));
const gemByCode = new Map(gemeenten.map((g) => [g.code, g]));
const gemByName = new Map<string, string>();
for (const g of gemeenten) {
  gemByName.set(placeKey(g.name), g.code);
  gemByName.set(placeKey(stripProvinceSuffix(g.name).name), gemByName.get(placeKey(stripProvinceSuffix(g.name).name)) ?? g.code);
}

/** Gemeente mergers 2019–2024: old name → 2024 name (only used for names not in the 2024 list). */
const MERGED: Record<string, string> = {
  Boxmeer: 'Land van Cuijk', Cuijk: 'Land van Cuijk', Grave: 'Land van Cuijk', 'Mill en Sint Hubert': 'Land van Cuijk',
  'Sint Anthonis': 'Land van Cuijk', Landerd: 'Maashorst', Uden: 'Maashorst', Heerhugowaard: 'Dijk en Waard',
  Langedijk: 'Dijk en Waard', Weesp: 'Amsterdam', Brielle: 'Voorne aan Zee', Hellevoetsluis: 'Voorne aan Zee',
  Westvoorne: 'Voorne aan Zee', Beemster: 'Purmerend', Appingedam: 'Eemsdelta', Delfzijl: 'Eemsdelta', Loppersum: 'Eemsdelta',
  Haren: 'Groningen', 'Ten Boer': 'Groningen', 'Hoogezand-Sappemeer': 'Midden-Groningen', Menterwolde: 'Midden-Groningen',
  Slochteren: 'Midden-Groningen', Bedum: 'Het Hogeland', 'De Marne': 'Het Hogeland', Eemsmond: 'Het Hogeland', Winsum: 'Het Hogeland',
  Grootegast: 'Westerkwartier', Leek: 'Westerkwartier', Marum: 'Westerkwartier', Zuidhorn: 'Westerkwartier',
  Bellingwedde: 'Westerwolde', Vlagtwedde: 'Westerwolde', Dongeradeel: 'Noardeast-Fryslân', Ferwerderadiel: 'Noardeast-Fryslân',
  Kollumerland: 'Noardeast-Fryslân', 'Kollumerland en Nieuwkruisland': 'Noardeast-Fryslân', Leeuwarderadeel: 'Leeuwarden',
  Giessenlanden: 'Molenlanden', Molenwaard: 'Molenlanden', Leerdam: 'Vijfheerenlanden', Zederik: 'Vijfheerenlanden', Vianen: 'Vijfheerenlanden',
  Nuth: 'Beekdaelen', Onderbanken: 'Beekdaelen', Schinnen: 'Beekdaelen', Binnenmaas: 'Hoeksche Waard', Cromstrijen: 'Hoeksche Waard',
  Korendijk: 'Hoeksche Waard', 'Oud-Beijerland': 'Hoeksche Waard', Strijen: 'Hoeksche Waard', Geldermalsen: 'West Betuwe',
  Lingewaal: 'West Betuwe', Neerijnen: 'West Betuwe', Aalburg: 'Altena', Werkendam: 'Altena', Woudrichem: 'Altena',
  Beek: 'Beek (L.)', Hengelo: 'Hengelo (O.)', Laren: 'Laren (NH.)', Middelburg: 'Middelburg (Z.)', Rijswijk: 'Rijswijk (ZH.)', Stein: 'Stein (L.)',
};

// ---- woonplaatsen (CBS, current indeling)
interface Cand { code: string; official: boolean; pop: number; wp: string }
const places = new Map<string, Map<string, Cand>>(); // key → code → cand
const cbsPlaceCodes = new Map<string, Set<string>>();
const cbsStrippedRaw = new Set<string>();
function addPlace(name: string, code: string, official: boolean, wp = '') {
  if (!gemByCode.has(code)) return;
  const raw = name.replace(/\s*\(\?\)\s*/g, ' ').replace(/^\((De|Den|Het) \?\)\s*/i, '$1 ').trim();
  const variants = new Set<string>([raw, stripProvinceSuffix(raw).name]);
  for (const v of variants) {
    const k = placeKey(v);
    if (!k) continue;
    let m = places.get(k);
    if (!m) { m = new Map(); places.set(k, m); }
    const c = m.get(code);
    if (c) {
      c.official ||= official;
      c.wp ||= wp;
    } else m.set(code, { code, official, pop: 0, wp });
  }
}
const cbsWp = new Map<string, string>(); // placeKey|gemeente → CBS woonplaatscode
for (const r of readCsv('woonplaatsen-corop/woonplaatsen_gemeente_corop.csv')) {
  const code = `GM${r[2]}`;
  addPlace(r[1], code, true, r[0]);
  cbsWp.set(`${placeKey(r[1])}|${code}`, r[0]);
  cbsWp.set(`${placeKey(stripProvinceSuffix(r[1]).name)}|${code}`, r[0]);
  const k = placeKey(r[1]);
  cbsStrippedRaw.add(placeKey(stripProvinceSuffix(r[1]).name));
  if (!cbsPlaceCodes.has(k)) cbsPlaceCodes.set(k, new Set());
  cbsPlaceCodes.get(k)!.add(code);
}

const cbsStripped = cbsStrippedRaw;
function resolveGemeente(gemName: string, plaats: string): string | null {
  const direct = gemByName.get(placeKey(gemName));
  if (direct) return direct;
  const viaPlace = cbsPlaceCodes.get(placeKey(plaats));
  if (viaPlace && viaPlace.size === 1) return [...viaPlace][0];
  const merged = MERGED[gemName];
  if (merged) return gemByName.get(placeKey(merged)) ?? null;
  return null;
}

// ---- PC4 (certegis, 2021/22 names → 2024 codes)
const pc4 = new Map<string, string>();
const popByPlace = new Map<string, number>(); // placeKey|code → inhabitants
let certUnresolved = 0;
for (const r of readCsv('pc4-gemeente/certegis_postcodes_pc2_pc3_pc4.csv')) {
  const pc = r[0];
  if (!/^\d{4}$/.test(pc)) continue;
  const code = resolveGemeente(r[5], r[4]);
  if (!code) { certUnresolved++; continue; }
  pc4.set(pc, code);
  const pop = Number(r[1]) || 0;
  for (const v of new Set([r[4], stripProvinceSuffix(r[4]).name])) {
    const key = `${placeKey(v)}|${code}`;
    popByPlace.set(key, (popByPlace.get(key) ?? 0) + pop);
  }
}

// ---- ggzoek: double names (Frisian), hamlets; PC4 gap filling when unambiguous
const gapFill = new Map<string, Set<string>>();
let ggzUnresolved = 0;
for (const r of readCsv('pc4-gemeente/ggzoek_woonplaatsen_pc4.csv')) {
  if (r.length < 5) continue;
  const [plaats, wpCode, range, gemName] = r;
  const names = plaats.split('/').map((s) => s.trim()).filter(Boolean);
  const code = resolveGemeente(gemName, names[0]);
  if (!code) { ggzUnresolved++; continue; }
  // ggzoek's codes are not always CBS's (Heerenveen 3522 vs 3523): prefer the CBS code of any of the names
  const wp = names.map((n) => cbsWp.get(`${placeKey(n)}|${code}`)).find(Boolean) ?? wpCode;
  for (const n of names) addPlace(n, code, Boolean(wpCode), wp);
  const m = /^(\d{4})\D+(\d{4})$/.exec(range);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (b >= a && b - a < 60) {
      for (let p = a; p <= b; p++) {
        const k = String(p);
        if (pc4.has(k)) continue;
        if (!gapFill.has(k)) gapFill.set(k, new Set());
        gapFill.get(k)!.add(code);
      }
    }
  }
}
let filled = 0;
for (const [k, codes] of gapFill) if (codes.size === 1) { pc4.set(k, [...codes][0]); filled++; }

// Gemeente names (2024 + pre-merger names) as their own lookup with method "gemeente".
const gemeenteNames: Record<string, string> = {};
for (const g of gemeenten) {
  gemeenteNames[placeKey(g.name)] = g.code;
  const s = placeKey(stripProvinceSuffix(g.name).name);
  gemeenteNames[s] ??= g.code;
}
for (const [old, now] of Object.entries(MERGED)) {
  const code = gemByName.get(placeKey(now));
  if (code) gemeenteNames[placeKey(old)] ??= code;
}

// Rank candidates: north first, then official CBS woonplaats, then population.
const placesOut: Record<string, string[]> = {};
const placeWpOut: Record<string, string[]> = {};
let ambiguous = 0;
for (const [k, m] of [...places.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
  const cands = [...m.values()].map((c) => ({ ...c, pop: popByPlace.get(`${k}|${c.code}`) ?? 0 }));
  cands.sort((a, b) => {
    const na = NORTH.has(gemByCode.get(a.code)!.provincie) ? 1 : 0;
    const nb = NORTH.has(gemByCode.get(b.code)!.provincie) ? 1 : 0;
    if (na !== nb) return nb - na;
    if (a.official !== b.official) return a.official ? -1 : 1;
    return b.pop - a.pop || a.code.localeCompare(b.code);
  });
  if (cands.length > 1) ambiguous++;
  placesOut[k] = cands.map((c) => c.code);
  if (cands.some((c) => c.wp)) placeWpOut[k] = cands.map((c) => c.wp);
}

const pc4Out: Record<string, string> = {};
for (const k of [...pc4.keys()].sort()) pc4Out[k] = pc4.get(k)!;

const out = {
  meta: {
    built: new Date().toISOString().slice(0, 10),
    gemeenteIndeling: 2024,
    counts: { gemeenten: gemeenten.length, places: Object.keys(placesOut).length, ambiguousPlaces: ambiguous, pc4: Object.keys(pc4Out).length, pc4GapFilled: filled, certegisUnresolved: certUnresolved, ggzoekUnresolved: ggzUnresolved },
    note: 'places: normalized place key → gemeente codes, best candidate first (northern provinces first, then official CBS woonplaats, then inhabitants). See SOURCE.md.',
  },
  gemeenten: gemeenten.map((g) => [g.code, g.name, g.provincie, g.coropCode, g.corop, g.arbeidsmarktregio]),
  gemeenteNames,
  places: placesOut,
  /** CBS woonplaatscode per candidate of `places` ('' = a hamlet without one): "Snits" and "Sneek" share 3504. */
  placeWoonplaats: placeWpOut,
  /** Keys that are not an official CBS woonplaats name (Frisian/Dutch double names, hamlets): resolved with method "alias". */
  aliasKeys: Object.keys(placesOut).filter((k) => !cbsPlaceCodes.has(k) && !cbsStripped.has(k)),
  pc4: pc4Out,
};
mkdirSync(fileURLToPath(new URL('../geo/', import.meta.url)), { recursive: true });
writeFileSync(OUT, JSON.stringify(out));
console.log(JSON.stringify(out.meta.counts));
