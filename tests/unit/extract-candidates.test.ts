import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { candidatePhrases, extractSkills, loadTaxonomies, recurringCandidates } from '../../src/domain/extract/index';
import { candidateSightings } from '../../src/repositories/candidates.repo';
import { freshPostgres, type TestDb } from '../helpers/db';

const tax = loadTaxonomies();

function posting(extra: string): string {
  return `Zorgcentrum Het Anker zoekt een verzorgende IG.
Wat ga je doen?
- Je verleent persoonlijke verzorging en werkt met het leefstijlroer.
- Je doet wondzorg.
Wat vragen wij?
- Diploma verzorgende IG.
- ${extra}
Wat bieden wij?
- Een cursus valrisicoscreening en een fietsplan.`;
}

const phrasesOf = (d: string) => candidatePhrases(d, extractSkills({ title: 't', description: d }, tax), 60, tax);

describe('candidatePhrases', () => {
  it('returns unmatched requirement phrases and nothing from benefits, headings or known skills', () => {
    const p = phrasesOf(posting('Kennis van het leefstijlroer.'));
    expect(p).toContain('leefstijlroer');
    expect(p).not.toContain('valrisicoscreening'); // aanbod
    expect(p.some((x) => x.includes('wondzorg') || x.includes('persoonlijke verzorging'))).toBe(false); // known skills
    expect(p.some((x) => x.includes('vragen'))).toBe(false); // heading
    expect(p).not.toContain('verleent'); // verb after a pronoun
  });

  it('keeps recurring phrases over postings', () => {
    const per = [phrasesOf(posting('Ervaring met het leefstijlroer.')), phrasesOf(posting('Je kent het leefstijlroer.')), phrasesOf(posting('Je bent punctueel.'))];
    const rec = recurringCandidates(per, 3);
    expect(rec[0]).toEqual({ phrase: 'leefstijlroer', count: 3 });
    expect(rec.every((r) => r.count >= 3)).toBe(true);
  });

  it('copes with empty or bad input', () => {
    expect(candidatePhrases('', [])).toEqual([]);
    expect(candidatePhrases(undefined as unknown as string, [])).toEqual([]);
  });
});

describe('candidateSightings (real Postgres)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshPostgres();
    const db = t.handle.db;
    const months = ['2025-01-10', '2025-02-10', '2025-03-10', '2025-03-20'];
    for (let i = 0; i < months.length; i++) {
      await db.execute(sql`insert into vacancies (id, source_id, source_key, url, raw_posting_id, content_hash, title, title_normalized, description,
          branch, language, first_seen, last_seen, normalize_version, date_posted)
        values (${i + 1}, 'src', ${`k${i}`}, ${`https://x/${i}`}, ${i + 1}, ${`h${i}`}, 'VIG', 'vig', 'tekst', 'vvt', 'nl', now(), now(), 'n1', ${months[i]}::date)`);
    }
    const sight = async (v: number, phrase: string, version = 'T1') =>
      db.execute(sql`insert into skill_candidate_sightings (vacancy_id, taxonomy_version, phrase) values (${v}, ${version}, ${phrase})`);
    for (const v of [1, 2, 3, 4]) await sight(v, 'leefstijlroer');
    for (const v of [3, 4]) await sight(v, 'zorgpad');
    await sight(1, 'eenmalig');
    await sight(2, 'zorgpad', 'T0');
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
  });

  it('counts distinct vacancies and months per phrase, filtered by count, month and version', async () => {
    const all = await candidateSightings(t.handle.db, { minCount: 2, taxonomyVersion: 'T1' });
    expect(all.map((r) => [r.phrase, r.vacancies])).toEqual([
      ['leefstijlroer', 4],
      ['zorgpad', 2],
    ]);
    expect(all[0]).toMatchObject({ monthCount: 3, firstMonth: '2025-01', lastMonth: '2025-03', months: { '2025-01': 1, '2025-02': 1, '2025-03': 2 } });
    const since = await candidateSightings(t.handle.db, { minCount: 2, since: '2025-03', taxonomyVersion: 'T1' });
    expect(since.map((r) => [r.phrase, r.vacancies])).toEqual([
      ['leefstijlroer', 2],
      ['zorgpad', 2],
    ]);
    const anyVersion = await candidateSightings(t.handle.db, { minCount: 3, taxonomyVersion: null });
    expect(anyVersion.map((r) => [r.phrase, r.vacancies])).toEqual([
      ['leefstijlroer', 4],
      ['zorgpad', 3],
    ]);
    await expect(candidateSightings(t.handle.db, { since: '2025-13' })).rejects.toThrow(/YYYY-MM/);
  });
});
