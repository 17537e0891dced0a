/**
 * Extraction benchmark: classifyFunction + extractSkills (and + candidatePhrases, as the extract stage runs them)
 * on generated vacancies, single-threaded (= per core). Quick: 5,000 vacancies; full: 100,000.
 *
 * Generator: vacancies are assembled from the sentences of the hand-written dev set (tests/eval/devset) —
 * random title, intro, 3–6 task lines, 3–5 requirement lines and 2–4 benefit lines from different postings,
 * with random places, hours and numbers — so every text is different and realistically long (~1 kB).
 * Texts are generated in chunks of 5,000 before each timed pass (flat memory, generation never timed). Limit: a tokenization-only pass (tokenize title + description) over the
 * same texts in the same run; ratio = extraction rate ÷ tokenization rate.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { BenchRow } from './types';
import { candidatePhrases, classifyFunction, extractSkills, loadTaxonomies, splitSections, tokenize } from '../src/domain/extract/index';
import { mulberry32 } from '../src/domain/dedup/hash';

interface Parts {
  titles: string[];
  intros: string[];
  tasks: string[];
  reqs: string[];
  offers: string[];
}


function loadParts(): Parts {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../tests/eval/devset');
  const parts: Parts = { titles: [], intros: [], tasks: [], reqs: [], offers: [] };
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')))
    for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const it = JSON.parse(line) as { title: string; description: string; language?: string };
      if (it.language === 'en') continue;
      parts.titles.push(it.title);
      for (const s of splitSections(it.description)) {
        const body = it.description
          .slice(s.start, s.end)
          .split('\n')
          .slice(s.heading ? 1 : 0)
          .map((l) => l.trim())
          .filter(Boolean);
        const target = s.kind === 'taken' ? parts.tasks : s.kind === 'eisen' ? parts.reqs : s.kind === 'aanbod' ? parts.offers : s.kind === 'overig' ? parts.intros : null;
        target?.push(...body);
      }
    }
  return parts;
}

const PLACES = ['Groningen', 'Leeuwarden', 'Assen', 'Emmen', 'Drachten', 'Sneek', 'Hoogeveen', 'Meppel', 'Heerenveen', 'Stadskanaal', 'Veendam', 'Dokkum', 'Winschoten'];
const HEAD_T = ['Wat ga je doen?', 'Jouw werkzaamheden', 'Wat ga jij doen', 'De functie'];
const HEAD_R = ['Wat vragen wij?', 'Wie ben jij?', 'Functie-eisen', 'Wat breng je mee?'];
const HEAD_O = ['Wat bieden wij?', 'Arbeidsvoorwaarden', 'Wat krijg je van ons?', 'Ons aanbod'];

export function* generateVacancies(n: number, seed = 7): Generator<{ title: string; description: string }> {
  const p = loadParts();
  const r = mulberry32(seed);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const some = (a: string[], lo: number, hi: number) => Array.from({ length: lo + Math.floor(r() * (hi - lo + 1)) }, () => `- ${pick(a).replace(/^[-•]\s*/, '')}`);
  for (let i = 0; i < n; i++) {
    const place = pick(PLACES);
    const h0 = 16 + 4 * Math.floor(r() * 4);
    const title = r() < 0.3 ? `${pick(p.titles)} ${place} (${h0}-${h0 + 8} uur)` : pick(p.titles);
    const description = [
      `${pick(p.intros)} Vacaturenummer ${10000 + Math.floor(r() * 90000)}, standplaats ${place}.`,
      pick(HEAD_T),
      ...some(p.tasks, 3, 6),
      pick(HEAD_R),
      ...some(p.reqs, 3, 5),
      pick(HEAD_O),
      ...some(p.offers, 2, 4),
      `Salaris tussen € ${2400 + Math.floor(r() * 900)} en € ${3400 + Math.floor(r() * 1200)} bruto per maand bij ${h0} uur.`,
    ].join('\n');
    yield { title, description };
  }
}

function rate(n: number, ms: number): number {
  return Math.round((n / ms) * 1000);
}

export async function run(opts: { quick: boolean; log?: (m: string) => void }): Promise<BenchRow[]> {
  const log = opts.log ?? (() => {});
  const n = opts.quick ? 5_000 : 100_000;
  const CHUNK = 5_000;
  const tax = loadTaxonomies();
  // warm-up (JIT; the stem/fold caches are steady state in a long-running worker)
  for (const t of generateVacancies(500, 99)) extractSkills({ title: t.title, description: t.description }, tax);
  // Texts are generated in chunks of 5,000 before each timed pass, so memory stays flat and generation is never timed.
  const gen = generateVacancies(n);
  let tokMs = 0;
  let exMs = 0;
  let fullMs = 0;
  let chk = 0;
  let skills = 0;
  let known = 0;
  let cands = 0;
  let chars = 0;
  let peak = 0;
  for (let done = 0; done < n; done += CHUNK) {
    const texts: { title: string; description: string }[] = [];
    for (let i = 0; i < CHUNK && done + i < n; i++) texts.push(gen.next().value as { title: string; description: string });
    for (const t of texts) chars += t.description.length;
    let t0 = performance.now();
    for (const t of texts) chk += tokenize(t.title).length + tokenize(t.description).length;
    tokMs += performance.now() - t0;
    t0 = performance.now();
    for (const t of texts) {
      const f = classifyFunction(t.title, t.description, tax);
      if (f.conceptId) known++;
      skills += extractSkills({ title: t.title, description: t.description }, tax).length;
    }
    exMs += performance.now() - t0;
    t0 = performance.now();
    for (const t of texts) {
      classifyFunction(t.title, t.description, tax);
      const s = extractSkills({ title: t.title, description: t.description }, tax);
      cands += candidatePhrases(t.description, s, 60, tax).length;
    }
    fullMs += performance.now() - t0;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  if (chk < 0) log(String(chk));
  const tokRate = rate(n, tokMs);
  const exRate = rate(n, exMs);
  const fullRate = rate(n, fullMs);
  const peakRssMb = Math.round(peak / 1e6);
  log(`extract bench: ${n} generated vacancies, mean ${Math.round(chars / n)} chars, taxonomy ${tax.version}`);
  log(`tokenize ${tokRate}/s, extract ${exRate}/s, extract+candidates ${fullRate}/s; ${(skills / n).toFixed(1)} skills and ${(cands / n).toFixed(1)} candidates per vacancy, function known ${((100 * known) / n).toFixed(1)}%`);
  return [
    {
      name: `extract: function + skills, ${n} vacancies (1 core)`,
      value: exRate,
      unit: 'vacancies/s',
      limit: tokRate,
      limitName: 'tokenization only, same texts',
      ratio: exRate / tokRate,
      peakRssMb,
      note: `target ≥ 2000/s per core; ${(skills / n).toFixed(1)} skills/vacancy; language detected per text`,
    },
    {
      name: `extract: function + skills + candidate phrases, ${n} vacancies (1 core)`,
      value: fullRate,
      unit: 'vacancies/s',
      limit: tokRate,
      limitName: 'tokenization only, same texts',
      ratio: fullRate / tokRate,
      peakRssMb,
      note: `what the extract stage does per vacancy; ${(cands / n).toFixed(1)} candidate phrases/vacancy`,
    },
  ];
}
