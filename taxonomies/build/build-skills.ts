/**
 * Builds taxonomies/skills/{concepts.json,manifest.json} from curated-skills.txt.
 * - ESCO hierarchy codes (S3.2.1, T4.3, 0913…) are resolved to skill-group URIs via esco-nl/skillsHierarchy_nl.csv.
 * - English labels are checked against the ESCO English skill labels in
 *   esco-occupation-skills-en/health_welfare_occupation_skills_en.csv; verified ones are listed in `escoEnLabels`.
 * - Fails on a Dutch surface form that maps to two concepts.
 * Developer-only: `npx tsx taxonomies/build/build-skills.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCsvObjects, SHARED } from './esco-csv';

const VERSION = '2025.2.0';
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const hierarchy = readCsvObjects(`${SHARED}/esco-nl/skillsHierarchy_nl.csv`);
const codeToUri = new Map<string, string>();
for (const row of hierarchy)
  for (const l of ['0', '1', '2', '3']) {
    const code = row[`Level ${l} code`];
    const uri = row[`Level ${l} URI`];
    if (code && uri && !codeToUri.has(code)) codeToUri.set(code, uri);
  }
const escoEn = new Set(
  readCsvObjects(`${SHARED}/esco-occupation-skills-en/health_welfare_occupation_skills_en.csv`).map((r) => r.skill_label_en.trim().toLowerCase()),
);

interface Concept {
  id: string;
  prefLabel: string;
  altLabels: string[];
  type: 'skill' | 'skill-group';
  parent: string | null;
  esco: string | null;
  isco: null;
  lang: 'nl';
  enLabels?: string[];
  escoEnLabels?: string[];
}

const concepts: Concept[] = [];
let group: string | null = null;
const formOwner = new Map<string, string>();
const problems: string[] = [];
let verifiedEn = 0;
let curatedEn = 0;

function resolve(code: string, id: string): string | null {
  if (!code) return null;
  const uri = codeToUri.get(code);
  if (!uri) problems.push(`${id}: unknown ESCO hierarchy code ${code}`);
  return uri ?? null;
}

for (const raw of readFileSync(here('./curated-skills.txt'), 'utf8').split('\n')) {
  const line = raw.trim();
  if (!line || line.startsWith('#')) continue;
  if (line.startsWith('@')) {
    const [gid, label, code] = line.slice(1).split(';').map((s) => s.trim());
    group = `skill-group:${gid}`;
    concepts.push({ id: group, prefLabel: label, altLabels: [], type: 'skill-group', parent: null, esco: resolve(code, group), isco: null, lang: 'nl' });
    continue;
  }
  const [sid, pref, alts, code, en] = line.split(';').map((s) => s.trim());
  const id = `skill:${sid}`;
  if (concepts.some((c) => c.id === id)) problems.push(`duplicate id ${id}`);
  const altLabels = [...new Set(alts.split('|').map((a) => a.trim()).filter(Boolean))].filter((a) => a.toLowerCase() !== pref.toLowerCase());
  for (const f of [pref, ...altLabels]) {
    const key = f.startsWith('!') ? f : f.toLowerCase();
    const prev = formOwner.get(key);
    if (prev && prev !== id) problems.push(`form "${f}" in ${prev} and ${id}`);
    formOwner.set(key, id);
  }
  const enLabels = (en ?? '').split('|').map((s) => s.trim()).filter(Boolean);
  const escoEnLabels = enLabels.filter((l) => escoEn.has(l.toLowerCase()));
  verifiedEn += escoEnLabels.length;
  curatedEn += enLabels.length - escoEnLabels.length;
  concepts.push({ id, prefLabel: pref, altLabels, type: 'skill', parent: group, esco: resolve(code, id), isco: null, lang: 'nl', enLabels, escoEnLabels });
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const skills = concepts.filter((c) => c.type === 'skill').length;
writeFileSync(here('../skills/concepts.json'), JSON.stringify(concepts, null, 1) + '\n');
writeFileSync(
  here('../skills/manifest.json'),
  JSON.stringify(
    {
      id: 'noord-zw-skills',
      version: VERSION,
      source: 'Curated Dutch care & welfare skills (Noord vacancy monitor), mapped to ESCO v1.2.0 skill groups; English labels partly from ESCO',
      licence: 'Curated labels: project licence. ESCO URIs and English ESCO labels: ESCO, European Commission (Decision 2011/833/EU re-use, attribution required)',
      conceptCount: concepts.length,
      skillCount: skills,
      groupCount: concepts.length - skills,
      enLabelsFromEsco: verifiedEn,
      enLabelsCurated: curatedEn,
      builtFrom: [
        'taxonomies/build/curated-skills.txt',
        'threehook/esco-search@dbf363d553db6f984bd49200ae38a325989d9101:data/skillsHierarchy_nl.csv',
        'victoriano/future-of-work-data@e6aa2f1f73448dcde7927d77ce260a693a543bf8:data/processed/esco/esco_occupation_profiles.parquet (derived health_welfare_occupation_skills_en.csv)',
      ],
    },
    null,
    2,
  ) + '\n',
);
console.log(`skills: ${skills} skills + ${concepts.length - skills} groups; enLabels ESCO-verified ${verifiedEn}, curated ${curatedEn}`);
