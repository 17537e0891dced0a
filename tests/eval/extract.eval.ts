/**
 * Skill & function extraction against the hand-annotated dev set (tests/eval/devset/*.jsonl).
 * Each line: { id, title, employer, language, description, gold_function (fn:… | null), gold_skills: ["skill:…"] }.
 * Gold was coded from the text (taken/eisen/intro only; never from "wat bieden wij"), not from extractor output.
 * Metrics: skill precision/recall/F1 (micro over (vacancy, concept) pairs), function top-1 accuracy
 * (gold null must stay null), and the share of skill matches that fall in an aanbod section (must be 0).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { EvalSection } from './types';
import { classifyFunction, extractSkills, loadTaxonomies } from '../../src/domain/extract/index';

interface DevItem {
  id: string;
  title: string;
  employer?: string;
  language?: string;
  description: string;
  gold_function: string | null;
  gold_skills: string[];
}

export function loadDevset(dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'devset')): DevItem[] {
  const items: DevItem[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort())
    for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) if (line.trim()) items.push(JSON.parse(line) as DevItem);
  return items;
}

export async function evaluate(): Promise<EvalSection> {
  const tax = loadTaxonomies();
  const items = loadDevset();
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let fnOk = 0;
  let aanbod = 0;
  let total = 0;
  const fpCount = new Map<string, number>();
  const fnCount = new Map<string, number>();
  const lines: string[] = [];
  const methods = new Map<string, number>();
  const t0 = performance.now();
  for (const it of items) {
    const f = classifyFunction(it.title, it.description, tax);
    if (f.conceptId === it.gold_function) fnOk++;
    else lines.push(`function ${it.id} "${it.title}": gold ${it.gold_function ?? 'null'} got ${f.conceptId ?? 'null'} (${f.method})`);
    const skills = extractSkills({ title: it.title, description: it.description, language: it.language }, tax);
    const got = new Set(skills.map((s) => s.conceptId));
    const gold = new Set(it.gold_skills);
    for (const s of skills) {
      total++;
      methods.set(s.method, (methods.get(s.method) ?? 0) + 1);
      if (s.section === 'aanbod') aanbod++;
    }
    const extra: string[] = [];
    const missed: string[] = [];
    for (const g of got) {
      if (gold.has(g)) tp++;
      else {
        fp++;
        fpCount.set(g, (fpCount.get(g) ?? 0) + 1);
        const s = skills.find((x) => x.conceptId === g)!;
        extra.push(`${g.slice(6)}("${s.span.text}")`);
      }
    }
    for (const g of gold)
      if (!got.has(g)) {
        fn++;
        fnCount.set(g, (fnCount.get(g) ?? 0) + 1);
        missed.push(g.slice(6));
      }
    if (extra.length || missed.length) lines.push(`skills ${it.id}: FP ${extra.join(', ') || '-'} | FN ${missed.join(', ') || '-'}`);
  }
  const ms = performance.now() - t0;
  const p = tp / Math.max(1, tp + fp);
  const r = tp / Math.max(1, tp + fn);
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, n]) => `${k.slice(6)}×${n}`)
      .join(', ');
  lines.unshift(
    `taxonomy ${tax.version}; ${items.length} vacancies, ${tp + fn} gold skill pairs; methods ${[...methods].map(([k, n]) => `${k}:${n}`).join(' ')}`,
    `most frequent FP: ${top(fpCount) || '-'}`,
    `most frequent FN: ${top(fnCount) || '-'}`,
  );
  return {
    name: 'extract: skills & function on the hand-annotated dev set',
    metrics: {
      vacancies: items.length,
      skill_precision: p,
      skill_recall: r,
      skill_f1: (2 * p * r) / Math.max(1e-9, p + r),
      function_accuracy: fnOk / Math.max(1, items.length),
      skill_matches_in_aanbod: aanbod,
      ms_per_vacancy: ms / Math.max(1, items.length),
    },
    targets: {
      vacancies: { min: 70 },
      skill_precision: { min: 0.88 },
      skill_f1: { min: 0.8 },
      function_accuracy: { min: 0.95 },
      skill_matches_in_aanbod: { max: 0 },
    },
    lines: total ? lines : [...lines, 'no skill matches at all'],
  };
}
