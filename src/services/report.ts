/** The short report `vacatures demo` prints: vacancies per function × provincie, top skills. */
import { rows, sql, type Db } from '../db/client';
import { loadTaxonomies } from '../domain/extract';
import * as seriesRepo from '../repositories/series.repo';
import { renderTable } from '../cli/output';

export interface DemoReport {
  postings: number;
  vacancies: number;
  duplicatesMerged: number;
  byFunctionProvincie: { function: string; Groningen: number; 'Fryslân': number; Drenthe: number; overig: number; total: number }[];
  topSkills: seriesRepo.TopSkillRow[];
  sources: { sourceId: string; postings: number }[];
  taxonomyVersion: string;
}

export async function demoReport(db: Db, topN = 15): Promise<DemoReport> {
  const tax = loadTaxonomies();
  const [tot] = await rows<{ postings: number; vacancies: number }>(
    db,
    sql`select (select count(*) from vacancies)::int as postings, (select count(*) from vacancy_clusters)::int as vacancies`,
  );
  const byFp = await seriesRepo.functionByProvincie(db);
  const labels = new Map([...tax.functions, ...tax.skills].map((c) => [c.id, c.prefLabel] as const));
  const table = new Map<string, DemoReport['byFunctionProvincie'][number]>();
  for (const r of byFp) {
    const fn = labels.get(r.functionId) ?? r.functionId;
    const row = table.get(fn) ?? { function: fn, Groningen: 0, 'Fryslân': 0, Drenthe: 0, overig: 0, total: 0 };
    const col = r.provincie === 'Groningen' || r.provincie === 'Fryslân' || r.provincie === 'Drenthe' ? r.provincie : 'overig';
    row[col] += r.vacancies;
    row.total += r.vacancies;
    table.set(fn, row);
  }
  const sources = await rows<{ sourceId: string; postings: number }>(
    db,
    sql`select source_id as "sourceId", count(*)::int as postings from vacancies group by 1 order by 1`,
  );
  return {
    postings: tot.postings,
    vacancies: tot.vacancies,
    duplicatesMerged: tot.postings - tot.vacancies,
    byFunctionProvincie: [...table.values()].sort((a, b) => b.total - a.total || a.function.localeCompare(b.function)),
    topSkills: await seriesRepo.topSkills(db, tax.version, topN),
    sources,
    taxonomyVersion: tax.version,
  };
}

export function formatDemoReport(r: DemoReport): string {
  return [
    `\n${r.postings} postings from ${r.sources.length} sources → ${r.vacancies} unique vacancies (${r.duplicatesMerged} duplicates merged)\n`,
    renderTable(r.sources),
    '\nUnique vacancies per function × provincie\n',
    renderTable(r.byFunctionProvincie),
    `\nTop skills (share of unique vacancies, taxonomy ${r.taxonomyVersion})\n`,
    renderTable(r.topSkills.map((s) => ({ skill: s.label, vacancies: s.vacancies, share: `${(s.share * 100).toFixed(0)}%` }))),
  ].join('');
}
