/**
 * Dedup benchmark: DedupIndex over generated postings (generateDedupRecords).
 * Sizes: quick → 20k (+ 5k reference); full → 100k and 1M. For each size the generation-only pass is
 * measured first in the same run (the limit: dedup can never be faster than producing its input), then
 * generation + dedup. Reported: postings/s, peak RSS (sampled every 5,000 records), pairwise F1 against
 * the generator's truth, and the growth ratio (time per posting at the large size ÷ at the small size;
 * near-linear ≈ 1).
 * The generator models one regional market publishing at a fixed rate (src/domain/synth/generate.ts,
 * MARKET_POSTINGS_PER_DAY): 100k postings are two years of it, 1M postings twenty years — the same
 * dedup problem over a longer history, so F1 should not depend on the size and time per posting only
 * on memory effects. Precision and recall are in the note (which way F1 goes wrong).
 */
import type { BenchRow } from './types';
import { DedupIndex } from '../src/domain/dedup/index';
import { generateDedupRecords } from '../src/domain/synth/generate';

function pairCount(counts: Map<string, number>): number {
  let s = 0;
  for (const v of counts.values()) s += (v * (v - 1)) / 2;
  return s;
}

interface Pass { seconds: number; peakRssMb: number; f1?: number; precision?: number; recall?: number; clusters?: number }

function genOnly(n: number, seed: number): Pass {
  const t0 = performance.now();
  let peak = process.memoryUsage().rss;
  let i = 0;
  let chk = 0;
  for (const r of generateDedupRecords(n, seed)) {
    chk += r.description.length;
    if (++i % 5000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  if (chk < 0) console.log(chk);
  return { seconds: (performance.now() - t0) / 1000, peakRssMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1e6) };
}

function dedup(n: number, seed: number, log: (m: string) => void = () => {}): Pass {
  const gc = (globalThis as any).gc as (() => void) | undefined;
  gc?.();
  const t0 = performance.now();
  let peak = process.memoryUsage().rss;
  const idx = new DedupIndex({ expectedSize: n });
  // truth/cluster pair counting with compact maps (cluster ids and truth ids are strings)
  const truthCounts = new Map<string, number>();
  const clusterCounts = new Map<string, number>();
  const jointCounts = new Map<string, number>();
  let i = 0;
  for (const r of generateDedupRecords(n, seed)) {
    const res = idx.add(r);
    truthCounts.set(r.truthVacancyId, (truthCounts.get(r.truthVacancyId) ?? 0) + 1);
    clusterCounts.set(res.clusterId, (clusterCounts.get(res.clusterId) ?? 0) + 1);
    const j = `${r.truthVacancyId}\u0000${res.clusterId}`;
    jointCounts.set(j, (jointCounts.get(j) ?? 0) + 1);
    if (++i % 5000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    if (i % 100_000 === 0) log(`dedup ${i}/${n}: ${Math.round(i / ((performance.now() - t0) / 1000))} postings/s, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const tp = pairCount(jointCounts);
  const p = tp / Math.max(1, pairCount(clusterCounts));
  const rc = tp / Math.max(1, pairCount(truthCounts));
  return { seconds, peakRssMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1e6), f1: (2 * p * rc) / Math.max(1e-9, p + rc), precision: p, recall: rc, clusters: idx.clusterCount };
}

export async function run(opts: { quick: boolean; log?: (m: string) => void }): Promise<BenchRow[]> {
  const [small, large] = opts.quick ? [5_000, 20_000] : [100_000, 1_000_000];
  const seed = 20240601;
  const log = opts.log ?? (() => {});
  // warm-up (JIT, taxonomy caches) so the small size is not measured cold
  genOnly(3_000, seed + 1);
  dedup(3_000, seed + 1);
  const rows: BenchRow[] = [];
  const res: Record<number, Pass> = {};
  for (const n of [small, large]) {
    const g = genOnly(n, seed);
    const d = dedup(n, seed, log);
    log(`dedup ${n}: ${Math.round(n / d.seconds)} postings/s, peak RSS ${d.peakRssMb} MB, F1 ${d.f1!.toFixed(4)} (P ${d.precision!.toFixed(4)}, R ${d.recall!.toFixed(4)})`);
    res[n] = d;
    const genRate = n / g.seconds;
    const rate = n / d.seconds;
    rows.push({ name: `dedup.generate_only.${n}`, value: Math.round(genRate), unit: 'postings/s', peakRssMb: g.peakRssMb, note: `generation pass only (the in-run limit), ${g.seconds.toFixed(1)} s` });
    rows.push({
      name: `dedup.index.${n}`,
      value: Math.round(rate),
      unit: 'postings/s',
      limit: Math.round(genRate),
      limitName: 'generation-only postings/s',
      ratio: Math.round((rate / genRate) * 1000) / 1000,
      peakRssMb: d.peakRssMb,
      note: `generate+dedup ${d.seconds.toFixed(1)} s, ${d.clusters} clusters, pairwise F1 vs generator truth ${d.f1!.toFixed(4)} (precision ${d.precision!.toFixed(4)}, recall ${d.recall!.toFixed(4)})`,
    });
    rows.push({ name: `dedup.f1.${n}`, value: Math.round(d.f1! * 10_000) / 10_000, unit: 'F1' });
  }
  const perSmall = res[small].seconds / small;
  const perLarge = res[large].seconds / large;
  rows.push({
    name: 'dedup.growth_ratio',
    value: Math.round((perLarge / perSmall) * 1000) / 1000,
    unit: 'x',
    limit: 1,
    limitName: 'linear scaling',
    ratio: Math.round((perLarge / perSmall) * 1000) / 1000,
    note: `time per posting at ${large} ÷ at ${small} (includes generation in both; ≈1 means near-linear)`,
  });
  return rows;
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''));
if (isMain) {
  run({ quick: process.argv.includes('--quick') }).then((rows) => console.table(rows));
}
