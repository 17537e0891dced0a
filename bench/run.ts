/**
 * `npm run bench`: speed and memory, each figure reported as a ratio against a limit measured in the same run.
 * Discovers bench/*.bench.ts (each exports `run({ quick, log })`). Prints one stable table and writes
 * bench/results/latest.json (+ a dated copy) so results compare across versions.
 *
 *   npm run bench                 full sizes (1M dedup, 100k extraction, …): takes a while
 *   npm run bench -- --quick      small sizes (CI smoke)
 *   npm run bench -- dedup crawl  only benchmarks whose file name contains one of the words
 */
process.env.DOTENV_CONFIG_QUIET ??= 'true';
process.env.CRAWLEE_LOG_LEVEL ??= 'WARNING';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow } from './types';
import { CODE_VERSION } from '../src/versions';

const dir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filters = args.filter((a) => !a.startsWith('--'));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)))
  .sort();

const log = (m: string) => process.stderr.write(`  ${m}\n`);
const results: (BenchRow & { bench: string })[] = [];
const failures: { bench: string; error: string }[] = [];

/** Child mode: run one benchmark file and write its rows to a JSON file (clean memory figures per benchmark). */
const childAt = args.indexOf('--child');
if (childAt >= 0) {
  const [file, outFile] = [args[childAt + 1], args[childAt + 2]];
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as {
    run?: (o: { quick: boolean; log: (m: string) => void }) => Promise<BenchRow[]>;
  };
  const rows = typeof mod.run === 'function' ? await mod.run({ quick, log }) : [];
  writeFileSync(outFile, JSON.stringify(rows));
  process.exit(0);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
for (const f of files) {
  const name = f.replace(/\.bench\.ts$/, '');
  process.stderr.write(`bench ${name}${quick ? ' (quick)' : ''} …\n`);
  // Each benchmark in a process of its own, so one's heap does not inflate the next one's peak RSS.
  const outFile = path.join(tmp, `${name}.json`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', f, outFile, ...(quick ? ['--quick'] : [])], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: process.env,
  });
  if (r.status === 0 && existsSync(outFile)) {
    for (const row of JSON.parse(readFileSync(outFile, 'utf8')) as BenchRow[]) results.push({ bench: name, ...row });
  } else {
    const error = r.error?.message ?? `exit ${r.status ?? r.signal}`;
    failures.push({ bench: name, error });
    process.stderr.write(`bench ${name} FAILED: ${error}\n`);
  }
}
rmSync(tmp, { recursive: true, force: true });

const num = (v: number | undefined, d = 1) =>
  v === undefined || !Number.isFinite(v) ? '' : Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(d > 2 ? d : 2);
const cols = ['bench', 'name', 'value', 'unit', 'limit', 'limitName', 'ratio', 'peakRssMb', 'note'] as const;
const table = results.map((r) => ({
  bench: r.bench,
  name: r.name,
  value: num(r.value),
  unit: r.unit,
  limit: num(r.limit),
  limitName: r.limitName ?? '',
  ratio: r.ratio === undefined ? '' : r.ratio.toFixed(3),
  peakRssMb: r.peakRssMb === undefined ? '' : String(Math.round(r.peakRssMb)),
  note: r.note ?? '',
}));
const w = cols.map((c) => Math.max(c.length, ...table.map((r) => String(r[c]).length)));
const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 7 && i !== 3 && i !== 5 ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd();
console.log(line([...cols]));
console.log(line(w.map((n) => '-'.repeat(n))));
for (const r of table) console.log(line(cols.map((c) => String(r[c]))));

const out = {
  format: 'noord-bench/1',
  codeVersion: CODE_VERSION,
  at: new Date().toISOString(),
  quick,
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, totalMemMb: Math.round(os.totalmem() / 2 ** 20), node: process.version },
  results,
  failures,
};
const resDir = path.join(dir, 'results');
mkdirSync(resDir, { recursive: true });
writeFileSync(path.join(resDir, quick ? 'latest-quick.json' : 'latest.json'), JSON.stringify(out, null, 2) + '\n');
console.log(`\n${results.length} figures from ${files.length} benchmarks${failures.length ? `, ${failures.length} FAILED` : ''} → bench/results/${quick ? 'latest-quick.json' : 'latest.json'}`);
process.exitCode = failures.length ? 1 : 0;
