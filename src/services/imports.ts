/**
 * Imports of the denominators researchers bring from outside: job seekers (e.g. UWV) and employment
 * (e.g. the regional labour-market report). CSV in, validated line by line, upserted idempotently.
 *
 * ## CSV formats
 *
 * UTF-8, a header line, comma- or semicolon-separated (detected from the header), RFC 4180 quoting.
 * Lines starting with `#` and empty lines are ignored (use them to label a file). Column order is free;
 * an optional `source` column overrides the `--source` given on the command line.
 *
 * Job seekers (`vacatures import job-seekers <csv>`):
 *
 *     period_start,region_level,region,function_id,count
 *     2025-01,arbeidsmarktregio,Friesland,verzorgende-ig,412
 *
 * Employment (`vacatures import employment <csv>`):
 *
 *     period_start,region_level,region,branch,employees
 *     2025-Q1,all,*,*,171800
 *
 * - period_start: YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Wnn or YYYY (stored as the first day).
 * - region_level: all | provincie | arbeidsmarktregio; region: a name at that level ("Fryslân", "Friesland"
 *   and "fryslan" all work), `*` for level all.
 * - function_id: a function id with or without `fn:` ("verzorgende-ig"), or its label, or `*` for all functions.
 * - branch: vvt | ziekenhuizen | ggz | gehandicaptenzorg | jeugdzorg | kinderopvang | sociaal-werk |
 *   huisartsen | overig, or `*` for zorg & welzijn as a whole.
 * - count / employees: a whole number ≥ 0 (thousands separators "171.800" / "171,800" in quotes are accepted).
 *
 * A file with any invalid line is rejected as a whole; the error names every bad line. Re-importing the same
 * key (period × level × region × function/branch) replaces the number (idempotent).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client';
import { parsePeriod, resolveConcept, resolveRegion, REGION_LEVELS, type RegionLevel, type TaxonomyLike } from '../analytics/lookup';
import {
  upsertEmployment,
  upsertJobSeekers,
  type EmploymentInput,
  type JobSeekerInput,
} from '../repositories/analytics.repo';

export const BRANCHES = ['vvt', 'ziekenhuizen', 'ggz', 'gehandicaptenzorg', 'jeugdzorg', 'kinderopvang', 'sociaal-werk', 'huisartsen', 'overig'] as const;

export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { line: number; message: string }[],
  ) {
    super(
      `${file}: ${problems.length} invalid line${problems.length === 1 ? '' : 's'}, nothing imported\n` +
        problems
          .slice(0, 50)
          .map((p) => `  line ${p.line}: ${p.message}`)
          .join('\n') +
        (problems.length > 50 ? `\n  … and ${problems.length - 50} more` : ''),
    );
    this.name = 'ImportError';
  }
}

export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

/** Parse CSV text (RFC 4180 quoting; `,` or `;` from the header; `#` comment lines) into records keyed by header. */
export function parseCsv(text: string): { header: string[]; records: CsvRecord[] } {
  const src = text.replace(/^\uFEFF/, '');
  const out: { line: number; cells: string[] }[] = [];
  let delim: string | null = null;
  let i = 0;
  let line = 1;
  while (i < src.length) {
    const startLine = line;
    // comment / empty line
    if (src[i] === '#' || src[i] === '\n' || (src[i] === '\r' && src[i + 1] === '\n')) {
      while (i < src.length && src[i] !== '\n') i++;
      i++;
      line++;
      continue;
    }
    if (delim === null) {
      const eol = src.indexOf('\n', i);
      const head = src.slice(i, eol < 0 ? undefined : eol);
      delim = (head.match(/;/g)?.length ?? 0) > (head.match(/,/g)?.length ?? 0) ? ';' : ',';
    }
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (; i < src.length; i++) {
      const ch = src[i];
      if (quoted) {
        if (ch === '"') {
          if (src[i + 1] === '"') {
            cell += '"';
            i++;
          } else quoted = false;
        } else {
          if (ch === '\n') line++;
          cell += ch;
        }
      } else if (ch === '"' && cell.trim() === '') {
        quoted = true;
        cell = '';
      } else if (ch === delim) {
        cells.push(cell);
        cell = '';
      } else if (ch === '\n') {
        i++;
        line++;
        break;
      } else if (ch !== '\r') cell += ch;
    }
    cells.push(cell);
    out.push({ line: startLine, cells: cells.map((c) => c.trim()) });
  }
  if (!out.length) return { header: [], records: [] };
  const header = out[0].cells.map((h) => h.toLowerCase().replace(/\s+/g, '_'));
  return {
    header,
    records: out.slice(1).map((r) => ({ line: r.line, values: Object.fromEntries(header.map((h, k) => [h, r.cells[k] ?? ''])) })),
  };
}

function parseCount(s: string, what: string): number {
  const t = s.replace(/\s/g, '');
  const plain = /^\d+$/.test(t) ? t : /^\d{1,3}([.,]\d{3})+$/.test(t) ? t.replace(/[.,]/g, '') : null;
  if (plain === null) throw new Error(`${what} must be a whole number ≥ 0, got "${s}"`);
  const n = Number(plain);
  if (!Number.isSafeInteger(n) || n > 2_147_483_647) throw new Error(`${what} is out of range: "${s}"`);
  return n;
}

function parseLevel(s: string): RegionLevel {
  const l = s.trim().toLowerCase();
  if (!(REGION_LEVELS as readonly string[]).includes(l)) throw new Error(`region_level must be one of ${REGION_LEVELS.join(', ')}, got "${s}"`);
  return l as RegionLevel;
}

function parseRegion(level: RegionLevel, s: string): string {
  if (level === 'all') {
    if (s && s !== '*' && resolveRegion(s).level !== 'all') throw new Error(`region must be "*" for region_level all, got "${s}"`);
    return '*';
  }
  if (!s) throw new Error(`region is empty`);
  return resolveRegion(s, level).region;
}

function requireColumns(file: string, header: string[], cols: string[]): void {
  const missing = cols.filter((c) => !header.includes(c));
  if (missing.length) throw new ImportError(file, [{ line: 1, message: `missing column(s) ${missing.join(', ')} (header: ${header.join(',') || 'none'})` }]);
}

interface ParseOptions {
  /** Name shown in errors (default "input"). */
  file?: string;
  /** Default for the `source` column. */
  source?: string;
  /** To resolve function labels; without it ids are accepted as given (with "fn:" added). */
  taxonomy?: TaxonomyLike;
}

function normalizeFunction(s: string, tax?: TaxonomyLike): string {
  const t = s.trim();
  if (!t) throw new Error('function_id is empty');
  if (t === '*') return '*';
  if (tax) return resolveConcept(tax, t, 'function').id;
  if (!/^(fn:)?[a-z0-9][a-z0-9-]*$/.test(t)) throw new Error(`function_id must look like "fn:verzorgende-ig" or "verzorgende-ig", got "${s}"`);
  return t.startsWith('fn:') ? t : `fn:${t}`;
}

function parseRows<T>(
  text: string,
  opts: ParseOptions,
  cols: string[],
  keyOf: (r: T) => string,
  make: (v: Record<string, string>) => T,
): T[] {
  const file = opts.file ?? 'input';
  const { header, records } = parseCsv(text);
  requireColumns(file, header, cols);
  const problems: { line: number; message: string }[] = [];
  const seen = new Map<string, number>();
  const out: T[] = [];
  for (const r of records) {
    try {
      const row = make(r.values);
      const k = keyOf(row);
      const prev = seen.get(k);
      if (prev !== undefined) throw new Error(`duplicate of line ${prev} (same period, region and ${cols[3]})`);
      seen.set(k, r.line);
      out.push(row);
    } catch (e) {
      problems.push({ line: r.line, message: (e as Error).message });
    }
  }
  if (!records.length) problems.push({ line: 1, message: 'no data lines' });
  if (problems.length) throw new ImportError(file, problems);
  return out;
}

/** Parse and validate a job-seekers CSV (throws ImportError naming the bad lines). */
export function parseJobSeekersCsv(text: string, opts: ParseOptions = {}): JobSeekerInput[] {
  return parseRows<JobSeekerInput>(
    text,
    opts,
    ['period_start', 'region_level', 'region', 'function_id', 'count'],
    (r) => `${r.periodStart}|${r.regionLevel}|${r.region}|${r.functionId}`,
    (v) => {
      const regionLevel = parseLevel(v.region_level);
      return {
        periodStart: parsePeriod(v.period_start),
        regionLevel,
        region: parseRegion(regionLevel, v.region),
        functionId: normalizeFunction(v.function_id, opts.taxonomy),
        count: parseCount(v.count, 'count'),
        source: v.source || opts.source || 'import',
      };
    },
  );
}

/** Parse and validate an employment CSV (throws ImportError naming the bad lines). */
export function parseEmploymentCsv(text: string, opts: ParseOptions = {}): EmploymentInput[] {
  return parseRows<EmploymentInput>(
    text,
    opts,
    ['period_start', 'region_level', 'region', 'branch', 'employees'],
    (r) => `${r.periodStart}|${r.regionLevel}|${r.region}|${r.branch}`,
    (v) => {
      const regionLevel = parseLevel(v.region_level);
      const b = v.branch.trim().toLowerCase();
      if (b !== '*' && !(BRANCHES as readonly string[]).includes(b)) throw new Error(`branch must be * or one of ${BRANCHES.join(', ')}, got "${v.branch}"`);
      return {
        periodStart: parsePeriod(v.period_start),
        regionLevel,
        region: parseRegion(regionLevel, v.region),
        branch: b,
        employees: parseCount(v.employees, 'employees'),
        source: v.source || opts.source || 'import',
      };
    },
  );
}

export interface ImportResult {
  file: string;
  rows: number;
}

/** Import a job-seekers CSV file (all or nothing; idempotent). */
export async function importJobSeekers(db: Db, file: string, opts: Omit<ParseOptions, 'file'> = {}): Promise<ImportResult> {
  const text = readFileSync(file, 'utf8');
  const list = parseJobSeekersCsv(text, { ...opts, file, source: opts.source ?? path.basename(file) });
  return { file, rows: await upsertJobSeekers(db, list) };
}

/** Import an employment CSV file (all or nothing; idempotent). */
export async function importEmployment(db: Db, file: string, opts: Omit<ParseOptions, 'file'> = {}): Promise<ImportResult> {
  const text = readFileSync(file, 'utf8');
  const list = parseEmploymentCsv(text, { ...opts, file, source: opts.source ?? path.basename(file) });
  return { file, rows: await upsertEmployment(db, list) };
}
