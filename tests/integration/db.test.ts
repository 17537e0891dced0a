import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, rows, sql } from '../../src/db/client';
import { freshPostgres, type TestDb } from '../helpers/db';

const TABLES = [
  'sources', 'crawl_runs', 'crawl_errors', 'raw_postings', 'vacancies', 'vacancy_dedup_keys', 'vacancy_clusters',
  'cluster_members', 'function_matches', 'skill_matches', 'skill_candidate_sightings', 'taxonomy_concepts',
  'series_vacancies', 'series_skills', 'job_seekers', 'employment',
];

async function tableNames(h: Awaited<ReturnType<typeof openDb>>): Promise<string[]> {
  const r = await rows<{ t: string }>(h.db, sql`select table_name as t from information_schema.tables where table_schema = 'public' order by 1`);
  return r.map((x) => x.t);
}

describe('migrations', () => {
  let pg: TestDb | undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'vt-pglite-'));
  afterAll(async () => {
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('create every pipeline table on real Postgres, and re-running them is a no-op', async () => {
    pg = await freshPostgres();
    expect(await tableNames(pg.handle)).toEqual(expect.arrayContaining(TABLES));
    const again = await openDb({ databaseUrl: pg.url, max: 1 });
    const [m] = await rows<{ n: number }>(again.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    await again.close();
    const [m2] = await rows<{ n: number }>(pg.handle.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(m.n).toBe(m2.n);
    expect(m.n).toBeGreaterThan(0);
  });

  it('create the same tables on embedded PGlite, persisted in its data dir', async () => {
    const h = await openDb({ pgliteDir: dir });
    expect(h.kind).toBe('pglite');
    expect(await tableNames(h)).toEqual(expect.arrayContaining(TABLES));
    await h.db.execute(sql`insert into sources (id, name, kind, adapter, config) values ('x', 'X', 'platform', 'jsonld', '{}')`);
    await h.close();
    const h2 = await openDb({ pgliteDir: dir });
    const r = await rows<{ id: string }>(h2.db, sql`select id from sources`);
    await h2.close();
    expect(r.map((x) => x.id)).toEqual(['x']);
  });
});
