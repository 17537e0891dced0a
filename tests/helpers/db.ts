/**
 * A fresh, migrated database per test file on the real Postgres (127.0.0.1:5432),
 * dropped afterwards. TEST_PG_URL points at the server's maintenance database.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDb, type DbHandle } from '../../src/db/client';

export const TEST_PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestDb {
  url: string;
  handle: DbHandle;
  drop(): Promise<void>;
}

export async function freshPostgres(): Promise<TestDb> {
  const name = `vt_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = TEST_PG_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const handle = await openDb({ databaseUrl: url, max: 4 });
  return {
    url,
    handle,
    async drop() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export function uniquePrefix(tag: string): string {
  return `t-${tag}-${randomBytes(4).toString('hex')}`;
}
