/**
 * Offline batch commands over JSON Lines files (no database, no queue):
 *   vacatures normalize --in postings.jsonl --out normalized.jsonl
 *   vacatures dedup     --in postings.jsonl --out clusters.jsonl
 * Both stream (readline + back-pressure on the writer), so inputs of millions of lines run in bounded memory
 * (dedup keeps a compact in-memory index: ~0.6 kB per posting, descriptions are not kept).
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { DedupIndex, toDedupRecord, type AddMethod } from '../domain/dedup/index';
import { normalizePosting } from '../domain/normalize/index';
import type { NormalizedPosting, RawPosting } from '../domain/types';

const err = (m: string) => process.stderr.write(m + '\n');

export const BATCH_INPUT_HELP = `
Input (--in, "-" = stdin): JSON Lines, one posting per line. Fields (a RawPosting plus id and seenAt):
  id             string|number  your id, copied to the output (default: "line-<n>")
  seenAt         string         ISO date/time the posting was (first) seen; dedup's time window uses it
                                (default: datePosted, else now). Feed dedup in seenAt order.
  sourceId       string         source key, e.g. "demo-zorgbanen" (exact match on sourceId + externalId)
  externalId     string         the platform's own posting id (optional)
  url            string         vacancy URL (exact match on the canonical URL: no tracking params, no www.)
  title          string         vacancy title                         (title or description is required)
  description    string         plain text
  employerName   string         publisher: employer or intermediary ("Randstad Zorg")
  locationText   string         place / address ("Snits", "Hoofdstraat 1, 9401 AB Assen", "Haren (Gn)")
  postalCode     string         "9401 AB" or "9401"
  datePosted     string         ISO date or "6 augustus 2025";  validThrough  string  idem
  employmentType string         "FULL_TIME", "vast", "tijdelijk", …
  hoursText      string         "24-32 uur per week", "0,8 fte"
  salaryText     string         "€ 2.800 - € 3.900 bruto per maand", "FWG 45"
  salaryMin/salaryMax number, salaryUnit "HOUR"|"DAY"|"WEEK"|"MONTH"|"YEAR"  (schema.org baseSalary)
  educationText  string         "mbo 4 of hbo Verpleegkunde"
  language       string         "nl" | "en" (detected when missing)
A line that is not a JSON object, or has neither title nor description, gives an error record
{"id", "line", "error"} in the output and is counted on stderr; the run goes on.
`;

const NORMALIZE_OUTPUT_HELP = `
Output (--out, "-" = stdout): one JSON object per input line:
  {"id", "title", "titleNormalized", "description" (contact names, e-mails, phone numbers removed),
   "employerName", "employerNormalized", "isIntermediary", "realEmployer",
   "geo": {"gemeenteCode", "gemeente", "provincie", "coropCode", "corop", "arbeidsmarktregio", "method"} | null,
   "hoursMin", "hoursMax" (per week), "salaryMin", "salaryMax" (gross EUR per month), "salaryScale",
   "educationLevel" (mbo1..mbo4|hbo|wo), "contractType", "bigRequired", "branch", "datePosted", "validThrough",
   "language", "issues": ["unknown_place:…", "hours_out_of_range:…", "salary_out_of_range", "date_out_of_range:…", …]}
  A rejected field is null with its reason in "issues" (never a guess).
`;

const DEDUP_OUTPUT_HELP = `
Output (--out, "-" = stdout): one JSON object per input line, in input order:
  {"id", "clusterId", "method", "score", "matchedId"}
  clusterId = the id of the first posting of the cluster (one cluster = one real vacancy)
  method    = "new"   first posting of a vacancy
              "exact" same sourceId+externalId or same canonical URL
              "near"  near-duplicate text (MinHash/LSH Jaccard estimate; incl. intermediary reposts)
              "meta"  same employer (or the real employer behind an intermediary) + same gemeente + same function
                      title within the repost window (rewritten text, reposts)
  score     = 0..1 similarity of the best match (0 for "new");  matchedId = the posting it matched
Summary on stderr: lines, errors, clusters, postings per method, postings/s.
Rules: same function at two gemeenten of one employer = two vacancies; a posting first seen more than
--window days after the vacancy was last active starts a new vacancy.
`;

export interface InputRecord {
  id: string;
  seenAt: string | null;
  raw: RawPosting;
}

/** Parse and validate one input line. Throws with a readable message on bad input. */
export function parseInputLine(line: string, lineNo: number): InputRecord {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    throw new Error(`invalid JSON: ${(e as Error).message.slice(0, 120)}`);
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('not a JSON object');
  const o = obj as Record<string, unknown>;
  const hasTitle = typeof o.title === 'string' && o.title.trim() !== '';
  const hasDesc = typeof o.description === 'string' && o.description.trim() !== '';
  if (!hasTitle && !hasDesc) throw new Error('no title or description');
  const id = typeof o.id === 'string' && o.id.trim() ? o.id.trim() : typeof o.id === 'number' && Number.isFinite(o.id) ? String(o.id) : `line-${lineNo}`;
  const seenAt = typeof o.seenAt === 'string' && !Number.isNaN(Date.parse(o.seenAt)) ? new Date(o.seenAt).toISOString() : null;
  const raw = {
    ...o,
    sourceId: typeof o.sourceId === 'string' && o.sourceId ? o.sourceId : 'batch',
    url: typeof o.url === 'string' ? o.url : '',
    title: hasTitle ? (o.title as string) : '',
    description: hasDesc ? (o.description as string) : '',
  } as RawPosting;
  return { id, seenAt, raw };
}

export function normalizeRecord(rec: InputRecord): { id: string } & NormalizedPosting {
  const now = rec.seenAt ? new Date(rec.seenAt) : undefined;
  return { id: rec.id, ...normalizePosting(rec.raw, { now }) };
}

export interface DedupLineResult {
  id: string;
  clusterId: string;
  method: AddMethod;
  score: number;
  matchedId: string | null;
}

/** Streaming dedup state for the batch command (and tests). */
export class BatchDeduper {
  readonly index: DedupIndex;
  readonly methods: Record<AddMethod, number> = { new: 0, exact: 0, near: 0, meta: 0 };
  constructor(opts: { repostWindowDays?: number; expectedSize?: number } = {}) {
    this.index = new DedupIndex({ repostWindowDays: opts.repostWindowDays, expectedSize: opts.expectedSize });
  }
  add(rec: InputRecord): DedupLineResult {
    const n = normalizeRecord(rec);
    const seenAt = rec.seenAt ?? (n.datePosted ? `${n.datePosted}T00:00:00.000Z` : new Date().toISOString());
    const r = this.index.add(toDedupRecord(rec.id, rec.raw, n, seenAt));
    this.methods[r.method]++;
    return { id: rec.id, clusterId: r.clusterId, method: r.method, score: r.method === 'new' ? 0 : r.score, matchedId: r.matchedId };
  }
}

interface IoOpts {
  in: string;
  out: string;
  progress: number;
  quiet?: boolean;
}

async function streamLines(
  name: string,
  opts: IoOpts,
  handle: (rec: InputRecord) => unknown,
): Promise<{ lines: number; ok: number; bad: number; seconds: number }> {
  if (opts.in !== '-' && !existsSync(opts.in)) throw new Error(`input file not found: ${opts.in}`);
  const input = opts.in === '-' ? process.stdin : createReadStream(opts.in, { encoding: 'utf8' });
  const out = opts.out === '-' ? process.stdout : createWriteStream(opts.out, { encoding: 'utf8' });
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lines = 0;
  let ok = 0;
  let bad = 0;
  const t0 = performance.now();
  // A closed reader ("| head") ends the run quietly instead of crashing with EPIPE.
  let closed = false;
  out.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') err(`${name}: output error: ${e.message}`);
    closed = true;
    rl.close();
  });
  const write = async (s: string) => {
    if (closed) return;
    if (!out.write(s + '\n')) await new Promise<void>((r) => { out.once('drain', () => r()); out.once('error', () => r()); });
  };
  for await (const rawLine of rl) {
    if (closed) break;
    lines++;
    const line = rawLine.trim();
    if (!line) continue;
    let result: unknown;
    try {
      result = handle(parseInputLine(line, lines));
      ok++;
    } catch (e) {
      bad++;
      let id: unknown = null;
      try {
        const o = JSON.parse(line) as { id?: unknown };
        id = o && typeof o === 'object' && (typeof o.id === 'string' || typeof o.id === 'number') ? o.id : null;
      } catch {
        /* not JSON */
      }
      result = { id, line: lines, error: (e as Error).message };
    }
    await write(JSON.stringify(result));
    if (!opts.quiet && opts.progress > 0 && lines % opts.progress === 0) {
      const s = (performance.now() - t0) / 1000;
      err(`${name}: ${lines} lines, ${ok} ok, ${bad} errors, ${Math.round(lines / Math.max(s, 1e-3))} lines/s, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
    }
  }
  if (out !== process.stdout && !closed) await new Promise<void>((r) => (out as NodeJS.WritableStream).end(() => r()));
  return { lines, ok, bad, seconds: (performance.now() - t0) / 1000 };
}

const intArg = (v: string) => {
  const n = parseInt(v, 10);
  if (!Number.isFinite(n) || n < 0) throw new Error(`not a non-negative integer: ${v}`);
  return n;
};

export function registerBatchCommands(program: Command): void {
  program
    .command('normalize')
    .description('normalize postings in a JSON Lines file: place → gemeente/provincie/COROP/arbeidsmarktregio, hours, salary, education, contract, employer, branch, dates, privacy (offline)')
    .requiredOption('--in <file>', 'input JSON Lines ("-" = stdin)')
    .requiredOption('--out <file>', 'output JSON Lines ("-" = stdout)')
    .option('--progress <n>', 'progress line on stderr every n input lines (0 = off)', intArg, 10_000)
    .addHelpText('after', BATCH_INPUT_HELP + NORMALIZE_OUTPUT_HELP)
    .action(async (opts: IoOpts, cmd: Command) => {
      const quiet = Boolean(cmd.optsWithGlobals().quiet);
      let placed = 0;
      let withIssues = 0;
      const r = await streamLines('normalize', { ...opts, quiet }, (rec) => {
        const n = normalizeRecord(rec);
        if (n.geo) placed++;
        if (n.issues.length) withIssues++;
        return n;
      });
      err(`normalize: done, ${r.lines} lines, ${r.ok} normalized (${placed} placed in a gemeente, ${withIssues} with issues), ${r.bad} errors, ${r.seconds.toFixed(1)} s`);
      if (r.bad > 0 && r.ok === 0) process.exitCode = 1;
    });

  program
    .command('dedup')
    .description('group postings in a JSON Lines file into vacancies (exact keys, MinHash/LSH near-duplicates, employer+place+function rules; offline)')
    .requiredOption('--in <file>', 'input JSON Lines ("-" = stdin), ideally ordered by seenAt')
    .requiredOption('--out <file>', 'output JSON Lines ("-" = stdout)')
    .option('--window <days>', 'repost window: a posting within this many days after the vacancy was last active continues it', intArg, 60)
    .option('--progress <n>', 'progress line on stderr every n input lines (0 = off)', intArg, 10_000)
    .addHelpText('after', BATCH_INPUT_HELP + DEDUP_OUTPUT_HELP)
    .action(async (opts: IoOpts & { window: number }, cmd: Command) => {
      const quiet = Boolean(cmd.optsWithGlobals().quiet);
      const d = new BatchDeduper({ repostWindowDays: opts.window });
      const r = await streamLines('dedup', { ...opts, quiet }, (rec) => d.add(rec));
      const m = d.methods;
      err(
        `dedup: done, ${r.lines} lines, ${r.ok} postings → ${d.index.clusterCount} vacancies ` +
          `(new ${m.new}, exact ${m.exact}, near ${m.near}, meta ${m.meta}), ${r.bad} errors, ` +
          `${Math.round(r.ok / Math.max(r.seconds, 1e-3))} postings/s, ${r.seconds.toFixed(1)} s`,
      );
      if (r.bad > 0 && r.ok === 0) process.exitCode = 1;
    });
}
