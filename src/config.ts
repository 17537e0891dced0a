/**
 * Configuration: read once from the environment, validated with zod. Secrets only come from env.
 */
import path from 'node:path';
import { z } from 'zod';

const intFromEnv = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

export const ConfigSchema = z.object({
  /** Postgres URL. Unset → embedded PGlite under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** Redis URL for BullMQ. Unset → job handlers run in-process. */
  REDIS_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('data'),
  /** Where PGlite keeps its files (default DATA_DIR/pglite; the demo uses DATA_DIR/demo). */
  PGLITE_DIR: z.string().optional(),
  SOURCES_FILE: z.string().optional(),
  /** Set it to name your organisation and a contact address (sites block anonymous crawlers). */
  USER_AGENT: z.string().default('NoordVacatureMonitor/0.1 (+contact via README)'),
  /** A vacancy not seen for this many completed crawls of its source is closed. */
  CLOSE_AFTER_MISSED_RUNS: intFromEnv(2, 1),
  /** Raw payloads older than this are dropped (the extracted posting JSON is kept). 0 = keep forever. */
  RAW_PAYLOAD_RETENTION_DAYS: intFromEnv(90, 0),
  /** Days after closing within which a repost continues the same vacancy. */
  REPOST_WINDOW_DAYS: intFromEnv(60, 0),
  WORKER_CONCURRENCY: intFromEnv(4, 1),
  /** BullMQ job lock / stalled-check interval in ms: how soon a crashed worker's job is picked up again. */
  WORKER_LOCK_MS: intFromEnv(30_000, 1000),
  /** Debounce of the aggregate stage in the distributed form (ms after the last request). */
  AGGREGATE_DELAY_MS: intFromEnv(5000, 0),
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: intFromEnv(8080, 0),
  /** Bearer token for the HTTP API (required to start the API). */
  API_TOKEN: z.string().min(16).optional(),
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  QUEUE_PREFIX: z.string().default('vacatures'),
});

export type Config = z.infer<typeof ConfigSchema> & { pgliteDir: string };

let cached: Config | undefined;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, pgliteDir: path.resolve(parsed.data.PGLITE_DIR ?? path.join(parsed.data.DATA_DIR, 'pglite')) };
}

/** The process-wide configuration, read once. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
