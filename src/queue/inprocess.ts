/**
 * The embedded default: the same stage handlers run in this process, no Redis needed.
 * Jobs are de-duplicated by their deterministic id, retried like BullMQ would, and
 * downstream stages are drained first so memory stays flat on long runs.
 */
import { UnrecoverableError } from 'bullmq';
import { STAGES, type Enqueuer, type JobData, type Stage } from './stages';

export type Handlers = { [S in Stage]: (data: JobData<S>) => Promise<unknown> };

export interface DrainOptions {
  attempts?: number;
  onFailed?: (stage: Stage, id: string, data: unknown, error: Error) => Promise<void> | void;
  onProgress?: (p: Progress) => void;
  /** Emit progress at most this often (ms). */
  progressEveryMs?: number;
}

export type Progress = Record<Stage, { done: number; failed: number; pending: number }>;

const DRAIN_ORDER: Stage[] = ['extract', 'dedup', 'normalize', 'crawl', 'aggregate'];

export class InProcessQueue implements Enqueuer {
  private pending = new Map<Stage, { id: string; data: unknown }[]>(STAGES.map((s) => [s, []]));
  private seen = new Set<string>();
  readonly progress: Progress = Object.fromEntries(STAGES.map((s) => [s, { done: 0, failed: 0, pending: 0 }])) as Progress;

  async enqueue<S extends Stage>(stage: S, data: JobData<S>, id: string): Promise<void> {
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.pending.get(stage)!.push({ id, data });
    this.progress[stage].pending++;
  }

  get size(): number {
    let n = 0;
    for (const q of this.pending.values()) n += q.length;
    return n;
  }

  /** Run jobs until every stage is empty. Aggregate jobs only run once nothing else is pending. */
  async drain(handlers: Handlers, opts: DrainOptions = {}): Promise<Progress> {
    const attempts = opts.attempts ?? 3;
    let lastReport = 0;
    for (;;) {
      const stage = DRAIN_ORDER.find((s) => this.pending.get(s)!.length > 0);
      if (!stage) break;
      const job = this.pending.get(stage)!.shift()!;
      this.progress[stage].pending--;
      for (let attempt = 1; ; attempt++) {
        try {
          await (handlers[stage] as (d: unknown) => Promise<unknown>)(job.data);
          this.progress[stage].done++;
          break;
        } catch (e) {
          const err = e instanceof Error ? e : new Error(String(e));
          if (err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || attempt >= attempts) {
            this.progress[stage].failed++;
            await opts.onFailed?.(stage, job.id, job.data, err);
            break;
          }
          await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        }
      }
      const now = Date.now();
      if (opts.onProgress && now - lastReport >= (opts.progressEveryMs ?? 1000)) {
        lastReport = now;
        opts.onProgress(this.progress);
      }
    }
    opts.onProgress?.(this.progress);
    return this.progress;
  }
}
