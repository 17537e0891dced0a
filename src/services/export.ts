/**
 * Exports of the real vacancies (one row per cluster) for researchers and skills-based matching:
 *
 *  - `vacancies.csv`      UTF-8, RFC 4180, one line per vacancy; list columns joined with " | ".
 *  - `vacancies.parquet`  the same columns; list columns as Parquet LIST<STRING>, counts INT32, amounts DOUBLE.
 *  - `vacancies.jsonld`   a schema.org JSON-LD document: `@graph` of `JobPosting`s with `skills` as `DefinedTerm`s
 *                         and `occupationalCategory` as a `CategoryCode`, both identified by their ESCO URIs.
 *  - `manifest.json`      row counts, period, code / taxonomy versions and sha256 + size of every file.
 *
 * No personal data: contact names, e-mail addresses and phone numbers never leave the database — the description
 * is left out unless asked for, and every free-text field that is exported passes stripPersonalData.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import type { Db } from '../db/client';
import { stripPersonalData } from '../domain/normalize/privacy';
import { conceptById, type TaxonomyLike } from '../analytics/lookup';
import { exportVacancies, type ExportVacancyRow } from '../repositories/analytics.repo';
import { AGGREGATE_VERSION, CODE_VERSION } from '../versions';

export type ExportFormat = 'csv' | 'parquet' | 'jsonld';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'parquet', 'jsonld'];

export interface ExportOptions {
  outDir: string;
  formats: ExportFormat[];
  taxonomy: TaxonomyLike;
  /** Taxonomy version of the matches to export (default: taxonomy.version). */
  taxonomyVersion?: string;
  /** Vacancies open at some time on or after this date (YYYY-MM-DD). */
  since?: string;
  /** Vacancies opened before this date. */
  until?: string;
  /** Also export the (personal-data-stripped) description. */
  includeDescription?: boolean;
  /** Rows fetched per database round trip (default 5,000). */
  batchSize?: number;
}

export interface ManifestFile {
  name: string;
  format: ExportFormat;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  dataset: string;
  generatedAt: string;
  period: { since: string | null; until: string | null; openedFirst: string | null; openedLast: string | null };
  rows: number;
  versions: { code: string; aggregate: string; taxonomy: string; exportSchema: string };
  files: ManifestFile[];
  columns: string[];
  personalData: string;
  licence: string;
}

export const EXPORT_SCHEMA_VERSION = 'vacancies-export-1';

/** The exported columns (CSV header, Parquet schema, in this order). */
export interface ExportRecord {
  vacancy_id: number;
  title: string;
  employer: string | null;
  gemeente: string | null;
  gemeente_code: string | null;
  provincie: string | null;
  arbeidsmarktregio: string | null;
  branch: string;
  function_id: string | null;
  function_label: string | null;
  function_isco: string | null;
  function_esco_uri: string | null;
  skill_ids: string[];
  skill_labels: string[];
  skill_esco_uris: string[];
  hours_min: number | null;
  hours_max: number | null;
  salary_min: number | null;
  salary_max: number | null;
  salary_scale: string | null;
  education_level: string | null;
  contract_type: string | null;
  opened_on: string;
  closed_at: string | null;
  valid_through: string | null;
  posting_count: number;
  source_count: number;
  url: string | null;
  description: string | null;
}

const COLUMNS: (keyof ExportRecord)[] = [
  'vacancy_id', 'title', 'employer', 'gemeente', 'gemeente_code', 'provincie', 'arbeidsmarktregio', 'branch',
  'function_id', 'function_label', 'function_isco', 'function_esco_uri', 'skill_ids', 'skill_labels', 'skill_esco_uris',
  'hours_min', 'hours_max', 'salary_min', 'salary_max', 'salary_scale', 'education_level', 'contract_type',
  'opened_on', 'closed_at', 'valid_through', 'posting_count', 'source_count', 'url', 'description',
];

const clean = (s: string | null | undefined): string | null => (s === null || s === undefined ? null : stripPersonalData(s));

/** Strip query strings and fragments that could carry tracking ids or e-mail addresses from a posting URL. */
function cleanUrl(u: string | null): string | null {
  if (!u) return null;
  try {
    const x = new URL(u);
    if (x.protocol !== 'http:' && x.protocol !== 'https:') return null;
    const q = x.search;
    x.hash = '';
    if (/@|%40/i.test(q)) x.search = '';
    if (/@|%40/i.test(x.pathname)) return `${x.origin}/`;
    return x.toString();
  } catch {
    return null;
  }
}

/** A repository row → an export record: personal data stripped, skill ESCO URIs from the taxonomy. */
export function toRecord(r: ExportVacancyRow, tax: TaxonomyLike, includeDescription = false): ExportRecord {
  const esco = r.skillIds.map((id) => conceptById(tax, id)?.esco ?? null);
  const fn = r.functionId ? conceptById(tax, r.functionId) : undefined;
  return {
    vacancy_id: r.id,
    title: clean(r.title) ?? '',
    employer: clean(r.employer),
    gemeente: r.gemeente,
    gemeente_code: r.gemeenteCode,
    provincie: r.provincie,
    arbeidsmarktregio: r.arbeidsmarktregio,
    branch: r.branch,
    function_id: r.functionId,
    function_label: r.functionLabel ?? fn?.prefLabel ?? null,
    function_isco: r.functionIsco ?? fn?.isco ?? null,
    function_esco_uri: r.functionEscoUri ?? fn?.esco ?? null,
    skill_ids: r.skillIds,
    skill_labels: r.skillLabels,
    skill_esco_uris: [...new Set(esco.filter((x): x is string => !!x))],
    hours_min: r.hoursMin,
    hours_max: r.hoursMax,
    salary_min: r.salaryMin,
    salary_max: r.salaryMax,
    salary_scale: r.salaryScale,
    education_level: r.educationLevel,
    contract_type: r.contractType,
    opened_on: r.openedOn,
    closed_at: r.closedAt,
    valid_through: r.validThrough,
    posting_count: r.memberCount,
    source_count: r.sourceCount,
    url: cleanUrl(r.url),
    description: includeDescription ? clean(r.description) : null,
  };
}

// ─── CSV ─────────────────────────────────────────────────────────────────────────────────────────

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = Array.isArray(v) ? v.join(' | ') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(r: ExportRecord): string {
  return COLUMNS.map((c) => csvCell(r[c])).join(',') + '\n';
}

// ─── JSON-LD ─────────────────────────────────────────────────────────────────────────────────────

/** Our contract types (src/domain/types ContractType) → schema.org employmentType (vast/uitzend say nothing more). */
const EMPLOYMENT_TYPE: Record<string, string> = {
  tijdelijk: 'TEMPORARY',
  oproep: 'PER_DIEM',
  stage: 'INTERN',
  leerwerk: 'OTHER',
  zzp: 'CONTRACTOR',
  vrijwilliger: 'VOLUNTEER',
};

/** schema.org employmentType values: full/part time from the hours (36+ a week = full time), plus the contract's. */
export function employmentTypes(contractType: string | null, hoursMin: number | null, hoursMax: number | null): string[] {
  const out: string[] = [];
  if (hoursMax !== null) {
    if (hoursMax >= 36) out.push('FULL_TIME');
    if ((hoursMin ?? hoursMax) < 36) out.push('PART_TIME');
  }
  const c = contractType ? EMPLOYMENT_TYPE[contractType] : undefined;
  if (c) out.push(c);
  return out;
}

/** One schema.org JobPosting for a vacancy (skills and occupation identified by their ESCO URIs). */
export function toJobPosting(r: ExportRecord, tax: TaxonomyLike): Record<string, unknown> {
  const employment = employmentTypes(r.contract_type, r.hours_min, r.hours_max);
  const skills = r.skill_ids.map((id, i) => {
    const c = conceptById(tax, id);
    return {
      '@type': 'DefinedTerm',
      ...(c?.esco ? { '@id': c.esco, url: c.esco } : {}),
      termCode: id,
      name: r.skill_labels[i] ?? c?.prefLabel ?? id,
      inDefinedTermSet: c?.esco ? 'http://data.europa.eu/esco/skill' : 'urn:noord-vacature-monitor:skills',
    };
  });
  const occupation = r.function_id
    ? {
        '@type': 'CategoryCode',
        ...(r.function_esco_uri ? { '@id': r.function_esco_uri, url: r.function_esco_uri } : {}),
        name: r.function_label ?? r.function_id,
        codeValue: r.function_isco ?? r.function_id,
        inCodeSet: r.function_isco ? 'https://www.ilo.org/public/english/bureau/stat/isco/isco08/' : 'urn:noord-vacature-monitor:functions',
      }
    : undefined;
  const hours = r.hours_max ?? r.hours_min;
  const salary =
    r.salary_min !== null || r.salary_max !== null
      ? {
          '@type': 'MonetaryAmount',
          currency: 'EUR',
          value: {
            '@type': 'QuantitativeValue',
            ...(r.salary_min !== null ? { minValue: r.salary_min } : {}),
            ...(r.salary_max !== null ? { maxValue: r.salary_max } : {}),
            unitText: 'MONTH',
          },
        }
      : undefined;
  return {
    '@type': 'JobPosting',
    '@id': `urn:noord-vacature-monitor:vacancy:${r.vacancy_id}`,
    identifier: { '@type': 'PropertyValue', propertyID: 'vacancy_id', value: String(r.vacancy_id) },
    title: r.title,
    datePosted: r.opened_on,
    ...(r.valid_through ? { validThrough: r.valid_through } : {}),
    ...(r.closed_at ? { expires: r.closed_at.slice(0, 10) } : {}),
    ...(r.employer ? { hiringOrganization: { '@type': 'Organization', name: r.employer } } : {}),
    jobLocation: {
      '@type': 'Place',
      address: {
        '@type': 'PostalAddress',
        ...(r.gemeente ? { addressLocality: r.gemeente } : {}),
        ...(r.provincie ? { addressRegion: r.provincie } : {}),
        addressCountry: 'NL',
      },
    },
    industry: r.branch,
    ...(occupation ? { occupationalCategory: occupation } : {}),
    ...(skills.length ? { skills } : {}),
    ...(employment.length ? { employmentType: employment.length === 1 ? employment[0] : employment } : {}),
    ...(hours ? { workHours: r.hours_min !== null && r.hours_max !== null && r.hours_min !== r.hours_max ? `${r.hours_min}-${r.hours_max} uur per week` : `${hours} uur per week` } : {}),
    ...(r.education_level ? { educationRequirements: r.education_level } : {}),
    ...(salary ? { baseSalary: salary } : {}),
    ...(r.url ? { url: r.url } : {}),
    ...(r.description ? { description: r.description } : {}),
  };
}

// ─── Parquet ─────────────────────────────────────────────────────────────────────────────────────

type PqType = 'INT32' | 'DOUBLE' | 'STRING' | 'LIST';
const PQ_TYPES: Record<keyof ExportRecord, PqType> = {
  vacancy_id: 'INT32', title: 'STRING', employer: 'STRING', gemeente: 'STRING', gemeente_code: 'STRING', provincie: 'STRING',
  arbeidsmarktregio: 'STRING', branch: 'STRING', function_id: 'STRING', function_label: 'STRING', function_isco: 'STRING',
  function_esco_uri: 'STRING', skill_ids: 'LIST', skill_labels: 'LIST', skill_esco_uris: 'LIST', hours_min: 'DOUBLE',
  hours_max: 'DOUBLE', salary_min: 'DOUBLE', salary_max: 'DOUBLE', salary_scale: 'STRING', education_level: 'STRING',
  contract_type: 'STRING', opened_on: 'STRING', closed_at: 'STRING', valid_through: 'STRING', posting_count: 'INT32',
  source_count: 'INT32', url: 'STRING', description: 'STRING',
};

function parquetSchema() {
  const schema: Record<string, unknown>[] = [{ name: 'root', num_children: COLUMNS.length }];
  for (const c of COLUMNS) {
    const t = PQ_TYPES[c];
    if (t === 'LIST') {
      schema.push({ name: c, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 });
      schema.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
      schema.push({ name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });
    } else if (t === 'STRING') schema.push({ name: c, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });
    else if (t === 'INT32') schema.push({ name: c, type: 'INT32', repetition_type: 'OPTIONAL' });
    else schema.push({ name: c, type: 'DOUBLE', repetition_type: 'OPTIONAL' });
  }
  return schema;
}

// ─── driver ──────────────────────────────────────────────────────────────────────────────────────

async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

class TextOut {
  private s;
  constructor(file: string) {
    this.s = createWriteStream(file, { encoding: 'utf8' });
  }
  async write(t: string) {
    if (!this.s.write(t)) await once(this.s, 'drain');
  }
  async close() {
    this.s.end();
    await once(this.s, 'finish');
  }
}

/** Write the selected formats and manifest.json into outDir; returns the manifest. */
export async function exportAll(db: Db, o: ExportOptions): Promise<Manifest> {
  const formats = [...new Set(o.formats)];
  for (const f of formats) if (!EXPORT_FORMATS.includes(f)) throw new Error(`unknown export format "${f}" (use ${EXPORT_FORMATS.join(', ')})`);
  if (!formats.length) throw new Error('no export format given');
  mkdirSync(o.outDir, { recursive: true });
  const tv = o.taxonomyVersion ?? o.taxonomy.version;
  const batch = o.batchSize ?? 5000;
  const file = (ext: string) => path.join(o.outDir, `vacancies.${ext}`);

  const csv = formats.includes('csv') ? new TextOut(file('csv')) : null;
  const jsonld = formats.includes('jsonld') ? new TextOut(file('jsonld')) : null;
  const pq = formats.includes('parquet')
    ? new ParquetWriter({ writer: fileWriter(file('parquet')), schema: parquetSchema() as never, kvMetadata: [{ key: 'export_schema', value: EXPORT_SCHEMA_VERSION }] })
    : null;
  await csv?.write(COLUMNS.join(',') + '\n');
  await jsonld?.write(
    '{\n"@context": {"@vocab": "https://schema.org/", "esco": "http://data.europa.eu/esco/"},\n' +
      `"@id": "urn:noord-vacature-monitor:export:${Date.now()}",\n"@graph": [\n`,
  );

  let n = 0;
  let after: number | undefined;
  let first: string | null = null;
  let last: string | null = null;
  for (;;) {
    const part = await exportVacancies(db, {
      taxonomyVersion: tv, since: o.since, until: o.until, includeDescription: !!o.includeDescription, afterId: after, limit: batch,
    });
    if (!part.length) break;
    const recs = part.map((r) => toRecord(r, o.taxonomy, o.includeDescription));
    for (const r of recs) {
      if (!first || r.opened_on < first) first = r.opened_on;
      if (!last || r.opened_on > last) last = r.opened_on;
    }
    if (csv) await csv.write(recs.map(csvLine).join(''));
    if (jsonld) await jsonld.write(recs.map((r, i) => (n + i > 0 ? ',\n' : '') + JSON.stringify(toJobPosting(r, o.taxonomy))).join(''));
    if (pq) {
      await pq.write({
        columnData: COLUMNS.map((c) => ({ name: c, data: recs.map((r) => r[c]) as never })),
        rowGroupSize: recs.length,
      } as never);
    }
    n += part.length;
    after = part[part.length - 1].id;
    if (part.length < batch) break;
  }
  await csv?.close();
  if (jsonld) {
    await jsonld.write('\n]\n}\n');
    await jsonld.close();
  }
  await pq?.finish();

  const files: ManifestFile[] = [];
  for (const f of formats) {
    const p = file(f);
    files.push({ name: path.basename(p), format: f, rows: n, bytes: statSync(p).size, sha256: await sha256(p) });
  }
  const manifest: Manifest = {
    dataset: 'Noord vacancy monitor — real vacancies (deduplicated), zorg en welzijn, Groningen / Fryslân / Drenthe',
    generatedAt: new Date().toISOString(),
    period: { since: o.since ?? null, until: o.until ?? null, openedFirst: first, openedLast: last },
    rows: n,
    versions: { code: CODE_VERSION, aggregate: AGGREGATE_VERSION, taxonomy: tv, exportSchema: EXPORT_SCHEMA_VERSION },
    files,
    columns: [...COLUMNS],
    personalData:
      'none: no contact names, e-mail addresses or phone numbers; free text passes stripPersonalData' +
      (o.includeDescription ? ' (description included, stripped)' : ' (description not included)'),
    licence: 'ESCO © European Union (Decision 2011/833/EU); see taxonomies/*/SOURCE.md',
  };
  writeFileSync(path.join(o.outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
