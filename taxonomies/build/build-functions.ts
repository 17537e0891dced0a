/**
 * Builds taxonomies/functions/{concepts.json,manifest.json} from the curated list in curated-functions.ts,
 * resolving each ESCO occupation code to its URI + ISCO-08 group via /work/shared/data/esco-nl/occupations_nl.csv.
 * Developer-only: `npx tsx taxonomies/build/build-functions.ts`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FUNCTIONS } from './curated-functions';
import { readCsvObjects, SHARED } from './esco-csv';

const VERSION = '2025.1.0';
const out = fileURLToPath(new URL('../functions/', import.meta.url));

const occ = readCsvObjects(`${SHARED}/esco-nl/occupations_nl.csv`);
const byCode = new Map(occ.map((o) => [o.code, o]));

const ids = new Set<string>();
const concepts = FUNCTIONS.map((f) => {
  const id = `fn:${f.id}`;
  if (ids.has(id)) throw new Error(`duplicate id ${id}`);
  ids.add(id);
  let esco: string | null = null;
  let isco: string | null = f.isco ?? null;
  if (f.esco) {
    const o = byCode.get(f.esco);
    if (!o) throw new Error(`ESCO code ${f.esco} not found for ${id}`);
    esco = o.conceptUri;
    isco = f.isco ?? o.iscoGroup;
  }
  const seen = new Set<string>();
  const altLabels = f.alt.filter((a) => {
    const k = a.toLowerCase();
    if (seen.has(k) || k === f.pref.toLowerCase()) return false;
    seen.add(k);
    return true;
  });
  return {
    id,
    prefLabel: f.pref,
    altLabels,
    type: 'function' as const,
    parent: f.parent ?? null,
    esco,
    isco,
    lang: 'nl' as const,
    ...(f.en ? { enLabels: f.en } : {}),
    ...(f.priority ? { priority: f.priority } : {}),
  };
});
for (const c of concepts) if (c.parent && !ids.has(c.parent)) throw new Error(`unknown parent ${c.parent}`);

writeFileSync(`${out}concepts.json`, JSON.stringify(concepts, null, 1) + '\n');
writeFileSync(
  `${out}manifest.json`,
  JSON.stringify(
    {
      id: 'noord-zw-functions',
      version: VERSION,
      source: 'Curated zorg & welzijn function groups (Noord vacancy monitor), linked to ESCO v1.2.0 occupations (nl)',
      licence: 'Curated labels: project licence. ESCO URIs/ISCO codes: ESCO, European Commission (Decision 2011/833/EU re-use, attribution required)',
      conceptCount: concepts.length,
      builtFrom: ['taxonomies/build/curated-functions.ts', 'threehook/esco-search@dbf363d553db6f984bd49200ae38a325989d9101:data/occupations_nl.csv'],
    },
    null,
    2,
  ) + '\n',
);
console.log(`functions: ${concepts.length} concepts written to ${out}`);
