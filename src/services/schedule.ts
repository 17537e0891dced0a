/** Recurring crawls: one BullMQ job scheduler per enabled source (bullmq 6 ignores add(..., {repeat})). */
import type { BullQueues } from '../queue/bullmq';
import type { SourceConfig } from '../../crawlers/sources';

export const schedulerId = (sourceId: string) => `crawl-${sourceId}`;

export async function syncSchedules(queues: BullQueues, sources: SourceConfig[], tz = 'Europe/Amsterdam') {
  const q = queues.queues.crawl;
  const wanted = sources.filter((s) => s.enabled);
  const upserted: string[] = [];
  for (const s of wanted) {
    await q.upsertJobScheduler(
      schedulerId(s.id),
      { pattern: s.schedule, tz },
      { name: 'crawl', data: { sourceId: s.id, trigger: 'schedule' }, opts: { attempts: 1, removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } } },
    );
    upserted.push(s.id);
  }
  const keep = new Set(wanted.map((s) => schedulerId(s.id)));
  const removed: string[] = [];
  for (const js of await q.getJobSchedulers(0, -1)) {
    const id = js.key ?? (js as { id?: string }).id;
    if (id && id.startsWith('crawl-') && !keep.has(id)) {
      await q.removeJobScheduler(id);
      removed.push(id);
    }
  }
  return { upserted, removed };
}

export async function listSchedules(queues: BullQueues) {
  const list = await queues.queues.crawl.getJobSchedulers(0, -1, true);
  return list.map((j) => ({
    id: j.key,
    pattern: j.pattern ?? '',
    tz: j.tz ?? '',
    next: j.next ? new Date(j.next).toISOString() : '',
  }));
}
