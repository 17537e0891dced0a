/**
 * `npm run eval`: evaluation, kept apart from the unit tests. Discovers tests/eval/*.eval.ts, runs each
 * `evaluate()` and prints its metrics against its targets. Exit code 1 when a target is missed.
 *
 *   npm run eval                 all sections
 *   npm run eval -- dedup        only sections whose file name contains "dedup"
 *   npm run eval -- --json out.json   also write all metrics as JSON
 */
process.env.DOTENV_CONFIG_QUIET ??= 'true';
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import type { EvalSection } from './types';

const dir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonOut = jsonAt >= 0 ? args[jsonAt + 1] : null;
const filters = args.filter((a, i) => !a.startsWith('--') && (jsonAt < 0 || i !== jsonAt + 1));

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.eval.ts'))
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)))
  .sort();

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(3);
}

let missed = 0;
const all: (EvalSection & { file: string; ok: boolean })[] = [];
for (const f of files) {
  const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { evaluate?: () => Promise<EvalSection> };
  if (typeof mod.evaluate !== 'function') continue;
  const t0 = performance.now();
  let s: EvalSection;
  try {
    s = await mod.evaluate();
  } catch (e) {
    missed++;
    console.log(`\n## ${f}: ERROR ${(e as Error).stack ?? e}`);
    continue;
  }
  console.log(`\n## ${s.name}  (${f}, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  let ok = true;
  for (const [k, v] of Object.entries(s.metrics)) {
    const t = s.targets?.[k];
    let verdict = '';
    if (t) {
      const pass = (t.min === undefined || v >= t.min) && (t.max === undefined || v <= t.max);
      if (!pass) ok = false;
      verdict = `${pass ? 'ok  ' : 'MISS'} target ${t.min !== undefined ? `≥ ${t.min}` : ''}${t.max !== undefined ? ` ≤ ${t.max}` : ''}`;
    }
    console.log(`  ${k.padEnd(34)} ${fmt(v).padStart(10)}  ${verdict}`);
  }
  for (const l of s.lines ?? []) console.log(`    ${l}`);
  if (!ok) missed++;
  all.push({ ...s, file: f, ok });
}
console.log(`\neval: ${all.length} sections, ${all.filter((s) => s.ok).length} meet their targets, ${missed} missed`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(all, null, 2));
process.exitCode = missed ? 1 : 0;
