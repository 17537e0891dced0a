/** crawlSource against the offline replica (crawlers/replica) for every demo source, incl. the Chromium one. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplica, type Replica } from '../../crawlers/replica/server';
import { demoSources } from '../../crawlers/replica/sources';
import type { Platform } from '../../crawlers/replica/vacancies';
import { runCrawl } from './helpers';

let replica: Replica;
beforeAll(async () => {
  replica = await startReplica({ port: 0 });
});
afterAll(async () => replica?.close());

const PLATFORM: Record<string, Platform> = { 'demo-zorgbanen': 'zorgbanen', 'demo-wizn': 'wizn', 'demo-noorderlicht': 'ats', 'demo-wiedenhof': 'xml' };

describe('demo sources on the replica', () => {
  for (const id of Object.keys(PLATFORM)) {
    it(`${id}: finds every vacancy the replica publishes`, async () => {
      const src = demoSources(replica.baseUrl).find((s) => s.id === id)!;
      const expected = replica.vacancies.filter((v) => v.platform === PLATFORM[id]);
      const r = await runCrawl(src);
      expect(r.postings.map((p) => p.title).sort()).toEqual(expected.map((v) => v.title).sort());
      // Every posting is complete enough for normalisation.
      for (const p of r.postings) {
        expect(p.sourceId).toBe(id);
        expect(p.url.startsWith(replica.baseUrl)).toBe(true);
        expect(p.url).not.toMatch(/utm_|#/);
        expect(p.description.length).toBeGreaterThan(200);
        expect(p.employerName).toBeTruthy();
        expect(p.locationText).toBeTruthy();
      }
      expect(new Set(r.postings.map((p) => p.url)).size).toBe(r.postings.length);
      if (id === 'demo-zorgbanen') {
        // robots.txt → sitemap index → details; the Disallowed admin URL in the sitemap is skipped,
        // the page with only microdata is recovered (its broken JSON-LD block is recorded).
        expect(r.stats.robotsBlocked).toBe(1);
        expect(replica.hits.get('/zorgbanen/admin/vacature/concept-verpleegkundige')).toBeUndefined();
        expect(r.errors.map((e) => e.error)).toEqual([expect.stringMatching(/malformed JSON-LD block 1/)]);
        expect(r.postings.map((p) => p.externalId).sort()).toEqual(expected.map((v) => v.id).sort());
      } else {
        expect(r.errors).toEqual([]);
      }
      if (id === 'demo-wizn') {
        // Rendered by Chromium: fields come from the DOM built by the page's JavaScript.
        const v = expected[0];
        const p = r.postings.find((x) => x.title === v.title && x.url.endsWith(`/wizn/vacature/${v.id}`))!;
        expect(p).toMatchObject({
          employerName: v.employerName,
          postalCode: v.place.postalCode,
          locationText: `${v.place.postalCode} ${v.place.city}`,
          hoursText: v.hoursText,
          datePosted: v.datePosted,
        });
        expect(p.salaryText).toContain(v.scale);
        expect(r.stats.pagesFetched).toBe(expected.length + Math.ceil(expected.length / 10));
      }
      if (id === 'demo-wiedenhof') expect(r.postings.map((p) => p.externalId).sort()).toEqual(expected.map((v) => v.id.toUpperCase()).sort());
    });
  }
});
