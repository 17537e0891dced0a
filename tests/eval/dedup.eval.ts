/**
 * Dedup evaluation.
 *  1. Labelled pairs (tests/eval/labelled/dedup-pairs.jsonl, hand-written Dutch postings incl. the hard cases:
 *     two locations of one employer, intermediary reposts with/without the client's name, rewritten text,
 *     reposts of a closed vacancy inside/outside the 60-day window). Each posting goes through the real
 *     normalizePosting → toDedupRecord; the pair is judged (a) by compare() and (b) by a fresh DedupIndex
 *     (LSH / blocking candidate generation + compare), which is what the batch CLI and benchmark use.
 *  2. Synthetic clusters (src/domain/synth/generate.ts, known truth): pairwise precision/recall/F1 of the
 *     DedupIndex, once with the generator's normalization facts (as the benchmark) and once with every
 *     posting run through normalizePosting (place, employer and intermediary detection from the text).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EvalSection } from './types';
import { compare, DedupIndex, signature, toDedupRecord, type DedupRecord } from '../../src/domain/dedup/index';
import { normalizePosting } from '../../src/domain/normalize/index';
import { generateDedupRecords, generateDetailed } from '../../src/domain/synth/generate';
import type { RawPosting } from '../../src/domain/types';

type PairPosting = RawPosting & { seenAt: string; closedAt?: string | null };
interface Pair { id: string; label: 'same' | 'different'; case: string; note?: string; a: PairPosting; b: PairPosting }

export function loadPairs(): Pair[] {
  const file = fileURLToPath(new URL('./labelled/dedup-pairs.jsonl', import.meta.url));
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Pair);
}

export function recordOf(id: string, p: PairPosting): DedupRecord {
  const n = normalizePosting(p, { now: new Date(p.seenAt) });
  return toDedupRecord(id, p, n, p.seenAt, p.closedAt ?? null);
}

function prf(tp: number, fp: number, fn: number) {
  const p = tp / Math.max(1, tp + fp);
  const r = tp / Math.max(1, tp + fn);
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

function pairCount(counts: Map<string, number>): number {
  let s = 0;
  for (const v of counts.values()) s += (v * (v - 1)) / 2;
  return s;
}

/** Pairwise P/R/F1 of predicted clusters against truth clusters. */
function clusterPrf(items: Array<{ truth: string; cluster: string }>) {
  const t = new Map<string, number>();
  const c = new Map<string, number>();
  const j = new Map<string, number>();
  for (const it of items) {
    t.set(it.truth, (t.get(it.truth) ?? 0) + 1);
    c.set(it.cluster, (c.get(it.cluster) ?? 0) + 1);
    const k = `${it.truth}\u0000${it.cluster}`;
    j.set(k, (j.get(k) ?? 0) + 1);
  }
  const tp = pairCount(j);
  const p = tp / Math.max(1, pairCount(c));
  const r = tp / Math.max(1, pairCount(t));
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}

export async function evaluate(): Promise<EvalSection> {
  const pairs = loadPairs();
  const lines: string[] = [];
  let cTp = 0, cFp = 0, cFn = 0, iTp = 0, iFp = 0, iFn = 0;
  const perCase = new Map<string, { n: number; ok: number }>();
  for (const pair of pairs) {
    const a = recordOf(`${pair.id}-a`, pair.a);
    const b = recordOf(`${pair.id}-b`, pair.b);
    const res = compare(a, b, signature(a), signature(b));
    const idx = new DedupIndex({ expectedSize: 16 });
    idx.add(a);
    const ib = idx.add(b);
    const gold = pair.label === 'same';
    const viaIndex = ib.method !== 'new';
    if (res.same && gold) cTp++;
    else if (res.same) cFp++;
    else if (gold) cFn++;
    if (viaIndex && gold) iTp++;
    else if (viaIndex) iFp++;
    else if (gold) iFn++;
    const pc = perCase.get(pair.case) ?? { n: 0, ok: 0 };
    pc.n++;
    if (viaIndex === gold) pc.ok++;
    perCase.set(pair.case, pc);
    if (viaIndex !== gold || res.same !== gold) {
      lines.push(`miss ${pair.id} ${pair.case} gold=${pair.label} compare=${res.same ? 'same' : 'diff'}(${res.reason}, ${res.score.toFixed(2)}) index=${ib.method}`);
    }
  }
  const cm = prf(cTp, cFp, cFn);
  const im = prf(iTp, iFp, iFn);
  lines.unshift(`labelled pairs: ${pairs.length} (${pairs.filter((p) => p.label === 'same').length} same, ${pairs.filter((p) => p.label === 'different').length} different)`);
  lines.push(`per case (index): ${[...perCase].map(([k, v]) => `${k} ${v.ok}/${v.n}`).join(', ')}`);

  // synthetic clusters, generator normalization facts (as bench/dedup.bench.ts)
  const n1 = 20_000;
  const idx1 = new DedupIndex({ expectedSize: n1 });
  const items1: Array<{ truth: string; cluster: string }> = [];
  for (const r of generateDedupRecords(n1, 7)) items1.push({ truth: r.truthVacancyId, cluster: idx1.add(r).clusterId });
  const s1 = clusterPrf(items1);

  // synthetic clusters through the real normalizer
  const n2 = 3_000;
  const idx2 = new DedupIndex({ expectedSize: n2 });
  const items2: Array<{ truth: string; cluster: string }> = [];
  let gemOk = 0;
  let realOk = 0;
  let realN = 0;
  let i = 0;
  for (const d of generateDetailed(n2, 11)) {
    const p = d.posting;
    const norm = normalizePosting(p, { now: new Date(p.seenAt) });
    if (norm.geo?.gemeenteCode === d.gemeenteCode) gemOk++;
    if (d.realEmployer) {
      realN++;
      if (norm.realEmployer === d.realEmployer) realOk++;
    }
    const rec = toDedupRecord(`s${i++}`, p, norm, p.seenAt);
    items2.push({ truth: p.truthVacancyId, cluster: idx2.add(rec).clusterId });
  }
  const s2 = clusterPrf(items2);
  lines.push(`synthetic ${n1} (generator facts): ${idx1.clusterCount} clusters; ${n2} through normalizePosting: ${idx2.clusterCount} clusters, gemeente right ${gemOk}/${n2}, real employer named by intermediary found ${realOk}/${realN}`);

  return {
    name: 'dedup',
    metrics: {
      pairs: pairs.length,
      pairs_precision: r4(im.p),
      pairs_recall: r4(im.r),
      pairs_f1: r4(im.f1),
      pairs_compare_precision: r4(cm.p),
      pairs_compare_recall: r4(cm.r),
      pairs_compare_f1: r4(cm.f1),
      synthetic_pairwise_precision: r4(s1.p),
      synthetic_pairwise_recall: r4(s1.r),
      synthetic_pairwise_f1: r4(s1.f1),
      synthetic_normalized_pairwise_f1: r4(s2.f1),
    },
    targets: {
      pairs: { min: 80 },
      pairs_f1: { min: 0.95 },
      pairs_compare_f1: { min: 0.95 },
      synthetic_pairwise_f1: { min: 0.95 },
      synthetic_normalized_pairwise_f1: { min: 0.9 },
    },
    lines,
  };
}
