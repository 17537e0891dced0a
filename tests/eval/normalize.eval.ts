/**
 * Normalization accuracy on hand-labelled strings (tests/eval/labelled/*.jsonl):
 *  locations.jsonl  place text → gemeente code (null = must NOT be placed; incl. Frisian names, PC4, addresses,
 *                   real "Place, Provincie" strings from the Adzuna sample)
 *  hours.jsonl      hours text → min/max hours per week (null = rejected)
 *  salary.jsonl     salary text → gross monthly min/max (+ scale, + the issue for absurd values); the
 *                   "€2348-€3020" strings are real values from the GGZ inGeest job feed
 *  education.jsonl  education text → lowest qualifying level
 * A case counts as right only when every labelled field matches.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EvalSection } from './types';
import { parseEducation, parseHours, parseSalary, placeLocation } from '../../src/domain/normalize/index';

function load<T>(name: string): T[] {
  const file = fileURLToPath(new URL(`./labelled/${name}`, import.meta.url));
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1.01);

export async function evaluate(): Promise<EvalSection> {
  const lines: string[] = [];

  const locs = load<{ text: string; gemeenteCode: string | null }>('locations.jsonl');
  let locOk = 0;
  let locNullOk = 0;
  let locNull = 0;
  let wrongPlaced = 0;
  for (const c of locs) {
    const r = placeLocation({ locationText: c.text });
    const got = r.geo?.gemeenteCode ?? null;
    if (got === c.gemeenteCode) locOk++;
    else {
      if (got !== null) wrongPlaced++;
      lines.push(`location "${c.text}": want ${c.gemeenteCode} got ${got} ${r.issues.join(',')}`);
    }
    if (c.gemeenteCode === null) {
      locNull++;
      if (got === null && r.issues.length > 0) locNullOk++;
    }
  }

  const hours = load<{ text: string; min: number | null; max: number | null }>('hours.jsonl');
  let hOk = 0;
  for (const c of hours) {
    const r = parseHours(c.text);
    if (close(r.min, c.min) && close(r.max, c.max)) hOk++;
    else lines.push(`hours "${c.text}": want ${c.min}-${c.max} got ${r.min}-${r.max}`);
  }

  const sal = load<{ text: string; min: number | null; max: number | null; scale?: string; issue?: string }>('salary.jsonl');
  let sOk = 0;
  for (const c of sal) {
    const r = parseSalary({ text: c.text });
    const ok = close(r.min, c.min) && close(r.max, c.max) && (c.scale === undefined || r.scale === c.scale) && (c.issue === undefined || r.issues.includes(c.issue));
    if (ok) sOk++;
    else lines.push(`salary "${c.text}": want ${c.min}-${c.max} ${c.scale ?? ''} ${c.issue ?? ''} got ${r.min}-${r.max} ${r.scale ?? ''} ${r.issues.join(',')}`);
  }

  const edu = load<{ text: string; level: string | null }>('education.jsonl');
  let eOk = 0;
  for (const c of edu) {
    const got = parseEducation(c.text);
    if (got === c.level) eOk++;
    else lines.push(`education "${c.text}": want ${c.level} got ${got}`);
  }

  lines.unshift(`cases: ${locs.length} locations, ${hours.length} hours, ${sal.length} salary, ${edu.length} education`);
  return {
    name: 'normalize: location, hours, salary, education on labelled strings',
    metrics: {
      location_cases: locs.length,
      location_accuracy: r4(locOk / locs.length),
      location_wrongly_placed: wrongPlaced,
      location_unknown_null_with_issue: r4(locNullOk / Math.max(1, locNull)),
      hours_accuracy: r4(hOk / hours.length),
      salary_accuracy: r4(sOk / sal.length),
      education_accuracy: r4(eOk / edu.length),
    },
    targets: {
      location_cases: { min: 50 },
      location_accuracy: { min: 0.95 },
      location_unknown_null_with_issue: { min: 1 },
      hours_accuracy: { min: 0.95 },
      salary_accuracy: { min: 0.9 },
      education_accuracy: { min: 0.9 },
    },
    lines,
  };
}
