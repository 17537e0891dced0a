/**
 * Pipeline stages, their job payloads (validated) and deterministic job ids.
 * The same handlers run on BullMQ workers (REDIS_URL set) or in-process (embedded default).
 */
import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';

export const STAGES = ['crawl', 'normalize', 'dedup', 'extract', 'aggregate'] as const;
export type Stage = (typeof STAGES)[number];

export const JobSchemas = {
  crawl: z.object({ sourceId: z.string().min(1), trigger: z.string().default('cli'), maxRequests: z.number().int().positive().optional() }),
  normalize: z.object({ rawPostingId: z.number().int().positive() }),
  dedup: z.object({ vacancyId: z.number().int().positive() }),
  extract: z.object({ vacancyId: z.number().int().positive(), force: z.boolean().optional() }),
  aggregate: z.object({ reason: z.string().default('run') }),
} satisfies Record<Stage, z.ZodTypeAny>;

export type JobData<S extends Stage> = z.infer<(typeof JobSchemas)[S]>;

/** Validate a job payload; bad input is unrecoverable (retrying cannot fix it). */
export function parseJob<S extends Stage>(stage: S, data: unknown): JobData<S> {
  const r = JobSchemas[stage].safeParse(data);
  if (!r.success) throw new UnrecoverableError(`bad ${stage} job payload: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data as JobData<S>;
}

/** Deterministic job ids (BullMQ ignores an add whose id already exists). No ':' allowed in custom ids. */
export const jobId = {
  crawl: (sourceId: string, slot: Date) => `crawl-${sourceId}-${slot.toISOString().slice(0, 16).replace(/[-:T]/g, '')}`,
  normalize: (rawPostingId: number) => `normalize-${rawPostingId}`,
  dedup: (vacancyId: number) => `dedup-${vacancyId}`,
  extract: (vacancyId: number, contentHash: string, taxonomyVersion: string) =>
    `extract-${vacancyId}-${contentHash.slice(0, 12)}-${taxonomyVersion.replace(/[^\w.+-]/g, '_')}`,
  aggregate: (slot: Date) => `aggregate-${slot.toISOString().slice(0, 16).replace(/[-:T]/g, '')}`,
};

export interface Enqueuer {
  enqueue<S extends Stage>(stage: S, data: JobData<S>, id: string): Promise<void>;
}
