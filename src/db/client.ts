/**
 * Database access: real Postgres when DATABASE_URL is set (postgres.js), embedded PGlite otherwise.
 * Both run the same drizzle-kit migrations from migrations/, applied in code.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Where the data lives (URL without password, or PGlite directory). */
  location: string;
  /** Connection URL (Postgres only). */
  url?: string;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface OpenDbOptions {
  databaseUrl?: string;
  pgliteDir?: string;
  /** Run migrations after connecting (default true). */
  migrate?: boolean;
  /** postgres.js pool size. */
  max?: number;
}

export async function openDb(opts: OpenDbOptions): Promise<DbHandle> {
  const handle = opts.databaseUrl ? await openPostgres(opts.databaseUrl, opts.max ?? 10) : await openPglite(opts.pgliteDir);
  if (opts.migrate !== false) await migrate(handle);
  return handle;
}

async function openPostgres(url: string, max: number): Promise<DbHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, { max, onnotice: () => {}, connect_timeout: 10 });
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    url,
    location: url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dir: string | undefined): Promise<DbHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (dir) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir ? { dataDir: dir, extensions: { pg_trgm } } : { extensions: { pg_trgm } });
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, kind: 'pglite', location: dir ?? 'memory://', close: () => client.close() };
}

const MIGRATION_LOCK = 7_142_001;

export async function migrate(handle: DbHandle): Promise<void> {
  if (handle.kind === 'pglite') {
    const { migrate: m } = await import('drizzle-orm/pglite/migrator');
    await m(handle.db as any, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  const { migrate: m } = await import('drizzle-orm/postgres-js/migrator');
  const { default: postgres } = await import('postgres');
  // Several workers may start at once: serialize migrations with an advisory lock held on a
  // connection of its own (the handle's pool may have a single connection).
  const lock = postgres(handle.url!, { max: 1, onnotice: () => {} });
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await m(handle.db as any, { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    await lock.end({ timeout: 5 });
  }
}

/** Run raw SQL and return its rows, whichever driver is in use. */
export async function rows<T = Record<string, unknown>>(db: Db, q: SQL): Promise<T[]> {
  const r: any = await db.execute(q);
  return (Array.isArray(r) ? r : r.rows) as T[];
}

export { sql };

/** Connection-level failures (server restarting, connection dropped): worth retrying, unlike bad SQL or bad data. */
export function isTransientDbError(e: unknown): boolean {
  const err = e as { code?: string; cause?: unknown; message?: string } | null;
  if (!err) return false;
  const code = err.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT'].includes(code)) return true;
  // admin_shutdown, crash_shutdown, cannot_connect_now; connection exceptions (class 08)
  if (['57P01', '57P02', '57P03'].includes(code) || code.startsWith('08')) return true;
  return err.cause !== undefined && err.cause !== e ? isTransientDbError(err.cause) : false;
}

/** Retry `fn` on transient connection errors with exponential back-off, up to `maxMs` in total. */
export async function withDbRetry<T>(fn: () => Promise<T>, opts: { maxMs?: number; onRetry?: (e: Error, attempt: number) => void } = {}): Promise<T> {
  const deadline = Date.now() + (opts.maxMs ?? 60_000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isTransientDbError(e) || Date.now() > deadline) throw e;
      opts.onRetry?.(e as Error, attempt);
      await new Promise((r) => setTimeout(r, Math.min(4000, 200 * 2 ** (attempt - 1))));
    }
  }
}
