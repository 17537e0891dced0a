/** Cached synchronous loaders for the bundled reference data (taxonomies/geo, taxonomies/employers). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Branch } from '../types';

export interface GemeenteRef {
  code: string;
  name: string;
  provincie: string;
  coropCode: string;
  corop: string;
  arbeidsmarktregio: string;
}

export interface GeoData {
  gemeenten: Map<string, GemeenteRef>;
  /** normalized gemeente name (2024 + pre-merger names) → code */
  gemeenteNames: Map<string, string>;
  /** normalized place key → candidate gemeente codes, best first */
  places: Map<string, string[]>;
  /** normalized place key → CBS woonplaatscode per candidate in `places` ('' when unknown) */
  placeWoonplaats: Map<string, string[]>;
  aliasKeys: Set<string>;
  pc4: Map<string, string>;
}

export interface EmployerRef {
  id: string;
  name: string;
  aliases: string[];
  branch: Branch;
  provincies: string[];
}
export interface IntermediaryRef {
  id: string;
  name: string;
  aliases: string[];
  kind: string;
}
export interface EmployerData {
  employers: EmployerRef[];
  intermediaries: IntermediaryRef[];
}

function readJson(rel: string): any {
  return JSON.parse(readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8'));
}

let geoCache: GeoData | null = null;
export function geoData(): GeoData {
  if (geoCache) return geoCache;
  const raw = readJson('../../../taxonomies/geo/geo.json');
  const gemeenten = new Map<string, GemeenteRef>();
  for (const [code, name, provincie, coropCode, corop, arbeidsmarktregio] of raw.gemeenten as string[][]) {
    gemeenten.set(code, { code, name, provincie, coropCode, corop, arbeidsmarktregio });
  }
  geoCache = {
    gemeenten,
    gemeenteNames: new Map(Object.entries(raw.gemeenteNames as Record<string, string>)),
    places: new Map(Object.entries(raw.places as Record<string, string[]>)),
    placeWoonplaats: new Map(Object.entries((raw.placeWoonplaats ?? {}) as Record<string, string[]>)),
    aliasKeys: new Set(raw.aliasKeys as string[]),
    pc4: new Map(Object.entries(raw.pc4 as Record<string, string>)),
  };
  return geoCache;
}

let empCache: EmployerData | null = null;
export function employerData(): EmployerData {
  if (empCache) return empCache;
  const raw = readJson('../../../taxonomies/employers/employers.json');
  empCache = { employers: raw.employers, intermediaries: raw.intermediaries };
  return empCache;
}
