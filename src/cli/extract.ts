/**
 * Offline extraction and taxonomy commands:
 *   vacatures extract --in postings.jsonl --out results.jsonl
 *   vacatures taxonomy list | candidates | accept
 */
import { createReadStream, createWriteStream, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import { config } from '../config';
import { openDb } from '../db/client';
import {
  ACCEPTED_FILE,
  classifyFunction,
  extractSkills,
  loadTaxonomies,
  readAccepted,
  resetTaxonomyCache,
  type AcceptedEntry,
  type Taxonomies,
} from '../domain/extract/index';
import { candidateSightings } from '../repositories/candidates.repo';
import { printTable, type OutputFormat } from './output';

const err = (m: string) => process.stderr.write(m + '\n');

export const EXTRACT_INPUT_HELP = `
Input (--in): JSON Lines, one posting per line (a RawPosting or any object with these fields):
  id           string|number  your id, copied to the output (default: the line number)
  title        string         vacancy title (function classification looks here first)
  description  string         plain text; section headings on their own line ("Wat ga je doen?",
                              "Wat vragen wij?", "Wat bieden wij?") so that benefits are not read as skills
  language     "nl"|"en"      optional; detected when missing

Output (--out): JSON Lines, one result per input line:
  {"id", "function": {"conceptId", "label", "confidence", "method"},
   "skills": [{"conceptId", "label", "method", "score", "span": [from, to], "text", "section"}],
   "taxonomyVersion"}
  span = character offsets [from, to) in the description; method = exact|alias|stem|compound|fuzzy|english.
  A line that cannot be processed gives {"id", "line", "error"} and is counted on stderr; the run goes on.
`;

export interface ExtractResult {
  id: string | number;
  function: { conceptId: string | null; label: string | null; confidence: number; method: string };
  skills: { conceptId: string; label: string; method: string; score: number; span: [number, number]; text: string; section: string | null }[];
  taxonomyVersion: string;
}

/** Process one input line (pure apart from the cached taxonomy). Throws on invalid input. */
export function extractLine(line: string, lineNo: number, tax: Taxonomies): ExtractResult {
  const obj = JSON.parse(line) as Record<string, unknown>;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('not a JSON object');
  const title = typeof obj.title === 'string' ? obj.title : '';
  const description = typeof obj.description === 'string' ? obj.description : '';
  if (!title && !description) throw new Error('no title or description');
  const id = typeof obj.id === 'string' || typeof obj.id === 'number' ? obj.id : lineNo;
  const language = typeof obj.language === 'string' ? obj.language : null;
  const fn = classifyFunction(title, description, tax);
  const skills = extractSkills({ title, description, language }, tax);
  return {
    id,
    function: { conceptId: fn.conceptId, label: fn.label, confidence: fn.confidence, method: fn.method },
    skills: skills.map((s) => ({
      conceptId: s.conceptId,
      label: s.label,
      method: s.method,
      score: s.score,
      span: [s.span.start, s.span.end],
      text: s.span.text,
      section: s.section,
    })),
    taxonomyVersion: tax.version,
  };
}

async function runExtract(opts: { in: string; out: string; progress: number; quiet?: boolean }): Promise<void> {
  if (opts.in !== '-' && !existsSync(opts.in)) throw new Error(`input file not found: ${opts.in}`);
  const tax = loadTaxonomies();
  const input = opts.in === '-' ? process.stdin : createReadStream(opts.in, { encoding: 'utf8' });
  const out = opts.out === '-' ? process.stdout : createWriteStream(opts.out, { encoding: 'utf8' });
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  let ok = 0;
  let bad = 0;
  const t0 = performance.now();
  const write = async (s: string) => {
    if (!out.write(s + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  for await (const raw of rl) {
    n++;
    const line = raw.trim();
    if (!line) continue;
    try {
      await write(JSON.stringify(extractLine(line, n, tax)));
      ok++;
    } catch (e) {
      bad++;
      let id: unknown = null;
      try {
        id = (JSON.parse(line) as { id?: unknown })?.id ?? null;
      } catch {
        /* not JSON */
      }
      await write(JSON.stringify({ id, line: n, error: (e as Error).message }));
    }
    if (!opts.quiet && opts.progress > 0 && n % opts.progress === 0) {
      const s = (performance.now() - t0) / 1000;
      err(`extract: ${n} lines, ${ok} ok, ${bad} errors, ${Math.round(n / Math.max(s, 1e-3))} lines/s`);
    }
  }
  if (out !== process.stdout) await new Promise<void>((r) => (out as NodeJS.WritableStream).end(() => r()));
  const s = (performance.now() - t0) / 1000;
  err(`extract: done, ${ok} ok, ${bad} errors (taxonomy ${tax.version}, ${s.toFixed(1)} s)`);
  if (bad > 0 && ok === 0) process.exitCode = 1;
}

/** Append an entry to the accepted file (atomic rename). Returns the new entry list. */
export function appendAccepted(entry: AcceptedEntry, file = ACCEPTED_FILE): AcceptedEntry[] {
  const entries = readAccepted(file);
  entries.push(entry);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify({ note: 'Written by `vacatures taxonomy accept`; merged into the skill taxonomy on load.', entries }, null, 2) + '\n');
  renameSync(tmp, file);
  return entries;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

export function registerExtractCommands(program: Command): void {
  program
    .command('extract')
    .description('classify function and extract skills for postings in a JSON Lines file (offline, no database)')
    .requiredOption('--in <file>', 'input JSON Lines ("-" = stdin)')
    .requiredOption('--out <file>', 'output JSON Lines ("-" = stdout)')
    .option('--progress <n>', 'progress line on stderr every n input lines (0 = off)', (v) => parseInt(v, 10), 1000)
    .addHelpText('after', EXTRACT_INPUT_HELP)
    .action(async (opts: { in: string; out: string; progress: number }, cmd: Command) => {
      await runExtract({ ...opts, quiet: Boolean(cmd.optsWithGlobals().quiet) });
    });

  const taxonomy = program.command('taxonomy').description('the function & skill taxonomies and new-skill candidates');

  taxonomy
    .command('list')
    .description('list taxonomy concepts (id, label, type, parent, ESCO, ISCO, alt labels)')
    .addOption(new Option('--type <type>', 'only functions or skills').choices(['function', 'skill']))
    .addOption(new Option('--format <fmt>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .action((opts: { type?: 'function' | 'skill'; format: OutputFormat }) => {
      const tax = loadTaxonomies();
      const concepts = [...(opts.type === 'skill' ? [] : tax.functions), ...(opts.type === 'function' ? [] : tax.skills)];
      const rows = concepts.map((c) => ({
        id: c.id,
        prefLabel: c.prefLabel,
        type: c.type,
        parent: c.parent,
        esco: c.esco,
        isco: c.isco,
        ...(opts.format === 'table' ? { altLabels: c.altLabels.length } : { altLabels: c.altLabels.join('|'), enLabels: (c.enLabels ?? []).join('|') }),
      }));
      printTable(rows, opts.format);
      if (opts.format === 'table') err(`taxonomy ${tax.version}: ${rows.length} concepts`);
    });

  taxonomy
    .command('candidates')
    .description('recurring requirement phrases that match no skill concept (from skill_candidate_sightings)')
    .option('--min-count <n>', 'minimum number of distinct vacancies', (v) => parseInt(v, 10), 3)
    .option('--since <yyyy-mm>', 'only vacancies posted (or first seen) from this month on')
    .option('--all-versions', 'include sightings made with earlier taxonomy versions')
    .option('--limit <n>', 'at most n phrases', (v) => parseInt(v, 10), 100)
    .addOption(new Option('--format <fmt>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .action(async (opts: { minCount: number; since?: string; allVersions?: boolean; limit: number; format: OutputFormat }) => {
      if (opts.since && !/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.since)) throw new Error(`--since must be YYYY-MM, got "${opts.since}"`);
      const cfg = config();
      const dbh = await openDb({ databaseUrl: cfg.DATABASE_URL, pgliteDir: cfg.pgliteDir });
      try {
        const version = opts.allVersions ? null : loadTaxonomies().version;
        const list = await candidateSightings(dbh.db, { minCount: opts.minCount, since: opts.since ?? null, taxonomyVersion: version, limit: opts.limit });
        printTable(
          list.map((c) => ({
            phrase: c.phrase,
            vacancies: c.vacancies,
            months: c.monthCount,
            first: c.firstMonth,
            last: c.lastMonth,
            ...(opts.format === 'table' ? {} : { perMonth: c.months }),
          })),
          opts.format,
        );
        err(`${list.length} candidates (taxonomy ${version ?? 'all versions'}); accept one with: vacatures taxonomy accept "<phrase>" --as <skill-id> | --new "<label>"`);
      } finally {
        await dbh.close();
      }
    });

  taxonomy
    .command('accept')
    .description('accept a candidate phrase: as an alt label of an existing skill (--as) or as a new skill (--new); bumps the taxonomy version')
    .argument('<phrase>', 'the phrase as it appears in vacancies')
    .option('--as <skill-id>', 'existing skill concept id, e.g. skill:wondzorg')
    .option('--new <label>', 'preferred label of a new skill concept')
    .option('--file <path>', 'accepted-skills file', ACCEPTED_FILE)
    .action((phrase: string, opts: { as?: string; new?: string; file: string }) => {
      const p = phrase.trim();
      if (!p) throw new Error('empty phrase');
      if (Boolean(opts.as) === Boolean(opts.new)) throw new Error('give exactly one of --as <skill-id> or --new <label>');
      const tax = loadTaxonomies();
      const before = tax.version;
      let entry: AcceptedEntry;
      if (opts.as) {
        const id = opts.as.startsWith('skill:') ? opts.as : `skill:${opts.as}`;
        const c = tax.skillById.get(id);
        if (!c || c.type !== 'skill') throw new Error(`unknown skill id ${id} (see: vacatures taxonomy list --type skill)`);
        entry = { phrase: p, as: id, acceptedAt: new Date().toISOString() };
      } else {
        const label = opts.new!.trim();
        let id = `skill:new-${slug(label) || 'concept'}`;
        for (let i = 2; tax.skillById.has(id); i++) id = `skill:new-${slug(label)}-${i}`;
        entry = { phrase: p, newId: id, label, acceptedAt: new Date().toISOString() };
      }
      if (opts.file !== ACCEPTED_FILE && existsSync(opts.file)) JSON.parse(readFileSync(opts.file, 'utf8')); // fail early on a broken file
      const entries = appendAccepted(entry, opts.file);
      resetTaxonomyCache();
      const after = opts.file === ACCEPTED_FILE ? loadTaxonomies().version : `${before} (file ${opts.file}: ${entries.length} entries)`;
      err(`accepted "${p}" ${entry.as ? `as alt label of ${entry.as}` : `as new skill ${entry.newId}`}; taxonomy ${before} → ${after}`);
      err('run `vacatures reprocess` to re-extract stored vacancies with the new version');
    });
}
