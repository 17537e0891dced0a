/**
 * Change tracking across real crawls of a local XML feed whose content changes between runs (real Crawlee,
 * real Postgres): sightings bump last_seen, unchanged postings are not reprocessed, changed ones are, a vacancy
 * missing from CLOSE_AFTER_MISSED_RUNS healthy crawls is closed at its last sighting, a repost reopens it in the
 * same cluster, a sudden yield drop is flagged and closes nothing, a source that is down is a recorded failed run,
 * raw payloads expire after the retention period and personal data never reaches the vacancy rows.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { rows, sql } from '../../src/db/client';
import * as crawlRepo from '../../src/repositories/crawl.repo';
import { createApp, runOnce, type App } from '../../src/services/app';
import { parseSources } from '../../crawlers/sources';
import { freshPostgres, type TestDb } from '../helpers/db';

interface Item { id: string; title: string; place: string; text: string }

const ITEMS: Item[] = [
  { id: 'V1', title: 'Verzorgende IG', place: 'Leeuwarden', text: 'Wat ga je doen? Je verzorgt cliënten en doet wondzorg.' },
  { id: 'V2', title: 'Verpleegkundige niveau 4', place: 'Assen', text: 'Wat ga je doen? Medicatie toedienen en rapporteren in het ECD.' },
  { id: 'V3', title: 'Helpende zorg en welzijn', place: 'Sneek', text: 'Wat ga je doen? Je helpt bij de dagbesteding.' },
  { id: 'V4', title: 'Begeleider gehandicaptenzorg', place: 'Groningen', text: 'Wat ga je doen? Je begeleidt bewoners bij hun dagritme.' },
  {
    id: 'V5', title: 'Pedagogisch medewerker kinderopvang', place: 'Emmen',
    text: 'Wat ga je doen? Je werkt op de peutergroep. Vragen? Bel Anja de Vries via 06-12345678 of mail anja.devries@kinderopvang-voorbeeld.nl.',
  },
];

let server: Server;
let base = '';
let current: Item[] = [];
let down = false;
function feed(items: Item[]): string {
  const x = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<vacatures>\n${items
    .map(
      (i) => `<vacature><id>${i.id}</id><functietitel>${x(i.title)}</functietitel><werkgever>Zorggroep Voorbeeld</werkgever>
<standplaats>${x(i.place)}</standplaats><uren_per_week>24-32 uur</uren_per_week><publicatiedatum>2026-11-02</publicatiedatum>
<url>${base}/vacature/${i.id.toLowerCase()}</url><omschrijving><![CDATA[<p>${i.text}</p>]]></omschrijving></vacature>`,
    )
    .join('\n')}\n</vacatures>\n`;
}

let t: TestDb;
let app: App;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    if (req.url === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
    if (req.url?.startsWith('/feed.xml')) return void res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' }).end(feed(current));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await freshPostgres();
  const sources = parseSources([
    {
      id: 'feed-test', name: 'Test feed', kind: 'employer', adapter: 'xml-feed', startUrls: [`${base}/feed.xml`],
      schedule: '0 6 * * *', rateLimitPerMinute: 600, maxConcurrency: 1, browser: false, ats: { format: 'xml' },
      verification: 'verified-local', enabled: true, allowPrivateHosts: true,
    },
  ]);
  const cfg = loadConfig({ ...process.env, DATABASE_URL: t.url, REDIS_URL: '', CLOSE_AFTER_MISSED_RUNS: '2', RAW_PAYLOAD_RETENTION_DAYS: '30' });
  app = await createApp({ cfg, sources, inProcess: true, log: () => {} });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await t?.drop();
  await new Promise((r) => server?.close(r));
});

async function crawl(items: Item[]) {
  current = items;
  await runOnce(app, { trigger: 'test', progress: false });
  const [run] = await rows<{ status: string; found: number; new: number; updated: number; unchanged: number; closed: number; message: string | null }>(
    app.dbh.db,
    sql`select status, postings_found as found, postings_new as new, postings_updated as updated, postings_unchanged as unchanged,
               postings_closed as closed, message from crawl_runs order by id desc limit 1`,
  );
  return run;
}

const vac = async (id: string) =>
  (
    await rows<{ id: number; closedAt: string | null; lastSeen: string; missedRuns: number; clusterId: number; description: string; title: string }>(
      app.dbh.db,
      sql`select id, closed_at::text as "closedAt", last_seen::text as "lastSeen", missed_runs as "missedRuns", cluster_id as "clusterId",
                 description, title from vacancies where external_id = ${id}`,
    )
  )[0];

describe('change tracking over successive crawls', () => {
  it('new → unchanged → updated → closed after missed runs → reopened by a repost', { timeout: 120_000 }, async () => {
    let run = await crawl(ITEMS);
    expect(run).toMatchObject({ status: 'ok', found: 5, new: 5, updated: 0, unchanged: 0 });
    const first = await vac('V1');

    run = await crawl(ITEMS);
    expect(run).toMatchObject({ found: 5, new: 0, updated: 0, unchanged: 5 });
    const again = await vac('V1');
    expect(new Date(again.lastSeen).getTime()).toBeGreaterThan(new Date(first.lastSeen).getTime());
    const [{ n: extracted }] = await rows<{ n: number }>(app.dbh.db, sql`select count(*)::int as n from function_matches`);
    expect(extracted).toBe(5); // not re-extracted

    const changed = ITEMS.map((i) => (i.id === 'V2' ? { ...i, title: 'Verpleegkundige niveau 4 (nachtdienst)' } : i));
    run = await crawl(changed);
    expect(run).toMatchObject({ found: 5, updated: 1, unchanged: 4 });
    expect((await vac('V2')).title).toBe('Verpleegkundige niveau 4 (nachtdienst)');

    // V3 disappears: one missed run is not enough, the second closes it at its last sighting.
    const without = changed.filter((i) => i.id !== 'V3');
    const lastSeenV3 = (await vac('V3')).lastSeen;
    run = await crawl(without);
    expect(run.closed).toBe(0);
    expect((await vac('V3')).missedRuns).toBe(1);
    run = await crawl(without);
    expect(run.closed).toBe(1);
    const closed = await vac('V3');
    expect(closed.closedAt).toBe(lastSeenV3);
    const [cl] = await rows<{ closedAt: string | null }>(app.dbh.db, sql`select closed_at::text as "closedAt" from vacancy_clusters where id = ${closed.clusterId}`);
    expect(cl.closedAt).not.toBeNull();

    // Reposted: the same vacancy continues (same row, same cluster), open again.
    run = await crawl(changed);
    const back = await vac('V3');
    expect(back.closedAt).toBeNull();
    expect(back.clusterId).toBe(closed.clusterId);
    const [cl2] = await rows<{ closedAt: string | null }>(app.dbh.db, sql`select closed_at::text as "closedAt" from vacancy_clusters where id = ${back.clusterId}`);
    expect(cl2.closedAt).toBeNull();
  });

  it('flags a sudden yield drop and closes nothing; a source that is down is a failed run', { timeout: 120_000 }, async () => {
    const run = await crawl(ITEMS.slice(0, 1));
    expect(run.status).toBe('partial');
    expect(run.message).toMatch(/yield drop/);
    expect(run.closed).toBe(0);
    const [{ open }] = await rows<{ open: number }>(app.dbh.db, sql`select count(*)::int as open from vacancies where closed_at is null`);
    expect(open).toBe(5);
    let st = await crawlRepo.sourceStatus(app.dbh.db);
    expect(st.find((s) => s.sourceId === 'feed-test')?.flag).toBe('YIELD DROP');

    down = true;
    try {
      const r = await crawl(ITEMS);
      expect(r.status).toBe('failed');
    } finally {
      down = false;
    }
    const [{ n: errs }] = await rows<{ n: number }>(app.dbh.db, sql`select count(*)::int as n from crawl_errors where source_id = 'feed-test'`);
    expect(errs).toBeGreaterThan(0);
    st = await crawlRepo.sourceStatus(app.dbh.db);
    expect(st.find((s) => s.sourceId === 'feed-test')?.flag).toBe('FAILED');
    const [{ open: stillOpen }] = await rows<{ open: number }>(app.dbh.db, sql`select count(*)::int as open from vacancies where closed_at is null`);
    expect(stillOpen).toBe(5);
  });

  it('keeps personal data out of vacancy rows and expires raw payloads after the retention period', { timeout: 60_000 }, async () => {
    const v5 = await vac('V5');
    expect(v5.description).toContain('peutergroep');
    expect(v5.description).not.toMatch(/06-12345678|anja\.devries@|Anja de Vries/);

    await app.dbh.db.execute(sql`update raw_postings set fetched_at = now() - interval '45 days' where posting->>'externalId' = 'V5'`);
    const removed = await crawlRepo.applyRetention(app.dbh.db, 30);
    expect(removed).toBeGreaterThanOrEqual(1);
    const [raw] = await rows<{ payload: string | null; posting: { title: string; description: string } }>(
      app.dbh.db,
      sql`select payload, posting from raw_postings where posting->>'externalId' = 'V5' order by id limit 1`,
    );
    expect(raw.payload).toBeNull();
    expect(raw.posting.title).toBe('Pedagogisch medewerker kinderopvang'); // kept for reprocessing
    // … without the contact person's name, e-mail address and phone number
    expect(raw.posting.description).toContain('peutergroep');
    expect(raw.posting.description).not.toMatch(/06-12345678|anja\.devries@|Anja de Vries/);
  });
});
