/**
 * The HTTP API on a real Postgres: token auth (everything but /health), refusal to start without a token,
 * OpenAPI description, the same answers as the shared queries (= the CLI), input errors as 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildSeries } from '../../src/repositories/series.repo';
import { loadTaxonomies } from '../../src/domain/extract';
import { startApi, type ApiServer } from '../../src/api/server';
import * as queries from '../../src/api/queries';
import { upsertJobSeekers } from '../../src/repositories/analytics.repo';
import { freshPostgres, type TestDb } from '../helpers/db';
import { seedAnalytics } from '../fixtures/analytics/seed';

const TOKEN = 'test-token-0123456789abcdef';
const tax = loadTaxonomies();
let t: TestDb;
let api: ApiServer;

beforeAll(async () => {
  t = await freshPostgres();
  const s = await seedAnalytics(t.handle.db);
  await rebuildSeries(t.handle.db, 'month', { code: 'test', taxonomy: s.taxonomyVersion });
  await rebuildSeries(t.handle.db, 'week', { code: 'test', taxonomy: s.taxonomyVersion });
  await upsertJobSeekers(t.handle.db, [
    { periodStart: '2025-01-01', regionLevel: 'provincie', region: 'Fryslân', functionId: 'fn:verzorgende-ig', count: 40, source: 'test' },
  ]);
  api = await startApi({ db: t.handle.db, taxonomy: tax, host: '127.0.0.1', port: 0, token: TOKEN, log: () => {} });
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

const get = (p: string, headers: Record<string, string> = {}) => fetch(api.url + p, { headers, redirect: 'manual' });
const auth = { authorization: `Bearer ${TOKEN}` };

describe('auth', () => {
  it('serves /health without a token and everything else only with the right one', async () => {
    const h = await get('/health');
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ status: 'ok', db: 'ok' });
    for (const p of ['/api/meta', '/api/tightness', '/openapi.json', '/', '/dashboard.js']) {
      expect((await get(p)).status, p).toBe(401);
      expect((await get(p, { authorization: 'Bearer wrong-token-wrong-token' })).status, p).toBe(401);
      expect((await get(p, { authorization: TOKEN })).status, `${p} without "Bearer"`).toBe(401);
      expect((await get(p, auth)).status, p).toBe(200);
    }
    expect((await get('/api/meta', { authorization: `bearer ${TOKEN}` })).status).toBe(200);
  });

  it('trades ?token= on the dashboard for an HttpOnly cookie that then authorizes API calls', async () => {
    const r = await get(`/?token=${TOKEN}`);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/');
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const c = cookie.split(';')[0];
    expect((await get('/api/meta', { cookie: c })).status).toBe(200);
    expect((await get('/api/meta', { cookie: 'vm_token=nope' })).status).toBe(401);
    expect((await get(`/api/meta?token=${TOKEN}`)).status).toBe(401); // the query token is only for the dashboard page
    expect((await get('/?token=wrong')).status).toBe(401);
  });

  it('is read-only', async () => {
    const r = await fetch(api.url + '/api/meta', { method: 'POST', headers: auth, body: '{}' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses to start without a token unless --no-auth on loopback', async () => {
    const base = { db: t.handle.db, taxonomy: tax, port: 0 };
    await expect(startApi({ ...base, host: '127.0.0.1' })).rejects.toThrow(/API_TOKEN/);
    await expect(startApi({ ...base, host: '0.0.0.0', noAuth: true })).rejects.toThrow(/loopback/);
    await expect(startApi({ ...base, host: '127.0.0.1', token: 'short' })).rejects.toThrow(/16/);
    const open = await startApi({ ...base, host: '127.0.0.1', noAuth: true });
    try {
      expect((await fetch(open.url + '/api/meta')).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe('endpoints', () => {
  it('describes itself in OpenAPI 3 with bearer auth and every route', async () => {
    const spec = await (await get('/openapi.json', auth)).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(spec.paths['/health'].get.security).toEqual([]);
    for (const p of ['/api/meta', '/api/trends/skill', '/api/tightness', '/api/vacancy-rate', '/api/emerging', '/api/series', '/api/sources'])
      expect(spec.paths[p]?.get, p).toBeDefined();
  });

  it('answers exactly what the shared queries (the CLI) answer', async () => {
    const ctx = { db: t.handle.db, taxonomy: tax };
    const cases: [string, () => Promise<unknown>][] = [
      ['/api/tightness?function=verzorgende-ig', () => queries.tightness(ctx, { function: 'verzorgende-ig' })],
      ['/api/trends/skill?skill=wondzorg&region=Friesland&by=week', () => queries.trends(ctx, { skill: 'wondzorg', region: 'Friesland', by: 'week' })],
      ['/api/emerging?since=2025-04&minSupport=3', () => queries.emerging(ctx, { since: '2025-04', minSupport: '3' })],
      ['/api/series?region=Drenthe', () => queries.series(ctx, { region: 'Drenthe' })],
      ['/api/vacancy-rate', () => queries.vacancyRate(ctx, {})],
    ];
    for (const [p, q] of cases) {
      const r = await get(p, auth);
      expect(r.status, p).toBe(200);
      expect(await r.json(), p).toEqual(JSON.parse(JSON.stringify(await q())));
    }
    const tj = await (await get('/api/tightness?function=verzorgende-ig&region=Fryslân', auth)).json();
    expect(tj.rows).toHaveLength(1);
    expect(tj.rows[0]).toMatchObject({ functionId: 'fn:verzorgende-ig', region: 'Fryslân', jobSeekers: 40 });
    expect(tj.rows[0].ratio).toBeCloseTo(tj.rows[0].openStock / 40, 12);
    const series = await (await get('/api/series?region=Drenthe', auth)).json();
    expect(series.rows.length).toBeGreaterThan(6);
    expect(series.rows.every((r: { region: string }) => r.region === 'Drenthe')).toBe(true);
  });

  it('returns 400 with a message on bad input and 404 on unknown paths', async () => {
    for (const p of ['/api/trends/skill', '/api/trends/skill?skill=wondzorg&region=Atlantis', '/api/tightness?function=astronaut-xyz', '/api/emerging?since=2025-13', '/api/series?by=year']) {
      const r = await get(p, auth);
      expect(r.status, p).toBe(400);
      expect((await r.json()).error, p).toEqual(expect.any(String));
    }
    expect((await get('/api/nope', auth)).status).toBe(404);
  });

  it('reports source health with flags', async () => {
    const s = await (await get('/api/sources', auth)).json();
    const b = s.rows.find((r: { sourceId: string }) => r.sourceId === 'ats-b');
    expect(b.flag).toBe('FAILED');
    expect(s.rows.find((r: { sourceId: string }) => r.sourceId === 'platform-a').flag).toBe('');
  });
});
