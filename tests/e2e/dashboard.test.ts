/**
 * The dashboard end to end in headless Chromium against the API on a real Postgres with seeded data: the page
 * loads (token → cookie), the charts are drawn from the database's figures, and a filter changes what is shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright';
import { CHROMIUM_ARGS } from '../../crawlers/crawl';
import { rebuildSeries } from '../../src/repositories/series.repo';
import { upsertJobSeekers } from '../../src/repositories/analytics.repo';
import { loadTaxonomies } from '../../src/domain/extract';
import { startApi, type ApiServer } from '../../src/api/server';
import * as queries from '../../src/api/queries';
import { freshPostgres, type TestDb } from '../helpers/db';
import { seedAnalytics } from '../fixtures/analytics/seed';

const TOKEN = 'dashboard-token-0123456789';
const tax = loadTaxonomies();
let t: TestDb;
let api: ApiServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  t = await freshPostgres();
  const s = await seedAnalytics(t.handle.db);
  await rebuildSeries(t.handle.db, 'month', { code: 'test', taxonomy: s.taxonomyVersion });
  await rebuildSeries(t.handle.db, 'week', { code: 'test', taxonomy: s.taxonomyVersion });
  await upsertJobSeekers(t.handle.db, [
    { periodStart: '2025-01-01', regionLevel: 'provincie', region: 'Fryslân', functionId: 'fn:verzorgende-ig', count: 10, source: 'test' },
    { periodStart: '2025-01-01', regionLevel: 'provincie', region: 'Groningen', functionId: 'fn:verzorgende-ig', count: 400, source: 'test' },
  ]);
  api = await startApi({ db: t.handle.db, taxonomy: tax, host: '127.0.0.1', port: 0, token: TOKEN, log: (m) => errors.push(m) });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS], headless: true });
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
  await t?.drop();
});

const ready = () => page.waitForSelector('body[data-state="ready"]', { timeout: 20_000 });

describe('dashboard', () => {
  it('refuses without the token', async () => {
    const other = await browser.newPage(); // own page: the expected 401 must not count as a console error below
    const r = await other.goto(api.url + '/');
    expect(r?.status()).toBe(401);
    expect((await other.request.get(api.url + '/api/meta')).status()).toBe(401);
    await other.close();
  });

  it('loads and draws the tightness heatmap, trend lines, series, emerging skills and source health from the DB', async () => {
    await page.goto(`${api.url}/?token=${TOKEN}`);
    await ready();
    expect(page.url()).toBe(api.url + '/'); // the token left the address bar
    const ctx = { db: t.handle.db, taxonomy: tax };

    // Heatmap: one cell per function × provincie from /api/tightness, coloured by the UWV band.
    const tight = await queries.tightness(ctx, { level: 'provincie' });
    const cells = await page.$$eval('#tightness-svg g.cell', (gs) =>
      gs.map((g) => ({ fn: g.getAttribute('data-function'), region: g.getAttribute('data-region'), band: g.getAttribute('data-band'), open: Number(g.getAttribute('data-open')), fill: g.querySelector('rect')!.getAttribute('fill') })),
    );
    expect(cells.length).toBe(tight.rows.filter((r) => r.functionId !== '*').length);
    const fr = cells.find((c) => c.fn === 'fn:verzorgende-ig' && c.region === 'Fryslân')!;
    const frDb = tight.rows.find((r) => r.functionId === 'fn:verzorgende-ig' && r.region === 'Fryslân')!;
    expect(fr.open).toBe(frDb.openStock);
    expect(fr.band).toBe(frDb.band);
    expect(frDb.band).not.toBeNull();
    expect(fr.fill).not.toBe('#eceff1');
    const gr = cells.find((c) => c.fn === 'fn:verzorgende-ig' && c.region === 'Groningen')!;
    expect(gr.band).toBe(tight.rows.find((r) => r.functionId === 'fn:verzorgende-ig' && r.region === 'Groningen')!.band);
    expect(new Set(cells.map((c) => c.region))).toEqual(new Set(['Groningen', 'Fryslân', 'Drenthe']));

    // Trend lines: one polyline per top skill with one point per month with vacancies.
    const lines = await page.$$eval('#trend-svg polyline.trend-line', (ls) => ls.map((l) => ({ skill: l.getAttribute('data-skill'), n: Number(l.getAttribute('data-points')) })));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const wond = await queries.trends(ctx, { skill: 'skill:wondzorg' });
    expect(lines.find((l) => l.skill === 'skill:wondzorg')?.n).toBe(wond.rows.length);
    const shares = await page.$$eval('#trend-svg circle.trend-point[data-skill="skill:wondzorg"]', (cs) => cs.map((c) => Number(c.getAttribute('data-share'))));
    expect(shares).toEqual(wond.rows.map((r) => r.share));

    // Series bars = new vacancies per month.
    const bars = await page.$$eval('#series-svg rect.bar', (bs) => bs.map((b) => Number(b.getAttribute('data-value'))));
    const series = await queries.series(ctx, {});
    expect(bars).toEqual(series.rows.map((r) => r.newVacancies));

    // Emerging skills and source health tables.
    const emerging = await page.$$eval('#emerging-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(emerging.length).toBeGreaterThan(0);
    expect(emerging.some((r) => r[6] === 'nieuw')).toBe(true);
    const sources = await page.$$eval('#sources-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(sources.find((r) => r[0] === 'ats-b')?.[7]).toBe('FAILED');
  });

  it('a region filter changes the heatmap, the trend lines and the series', async () => {
    const before = await page.$$eval('#trend-svg circle.trend-point[data-skill="skill:wondzorg"]', (cs) => cs.map((c) => c.getAttribute('data-share')));
    await page.selectOption('#f-region', 'provincie|Fryslân');
    await page.waitForFunction(() => {
      const regions = [...document.querySelectorAll('#tightness-svg g.cell')].map((g) => g.getAttribute('data-region'));
      return document.body.dataset.state === 'ready' && regions.length > 0 && regions.every((r) => r === 'Fryslân');
    }, undefined, { timeout: 20_000 });
    const ctx = { db: t.handle.db, taxonomy: tax };
    const wondFr = await queries.trends(ctx, { skill: 'skill:wondzorg', region: 'Fryslân' });
    const after = await page.$$eval('#trend-svg circle.trend-point[data-skill="skill:wondzorg"]', (cs) => cs.map((c) => Number(c.getAttribute('data-share'))));
    expect(after).toEqual(wondFr.rows.map((r) => r.share));
    expect(after.map(String)).not.toEqual(before);
    const bars = await page.$$eval('#series-svg rect.bar', (bs) => bs.map((b) => Number(b.getAttribute('data-value'))));
    expect(bars).toEqual((await queries.series(ctx, { region: 'Fryslân' })).rows.map((r) => r.newVacancies));

    // …and a function filter leaves one heatmap row.
    await page.selectOption('#f-function', 'fn:verzorgende-ig');
    await page.waitForFunction(() => {
      const fns = [...document.querySelectorAll('#tightness-svg g.cell')].map((g) => g.getAttribute('data-function'));
      return document.body.dataset.state === 'ready' && fns.length === 1 && fns[0] === 'fn:verzorgende-ig';
    }, undefined, { timeout: 20_000 });
    expect(errors).toEqual([]);
  });
});
