import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { BatchDeduper, parseInputLine } from '../../src/cli/batch';

// src/cli/index.ts through tsx (bin.mjs does the same; see the report about index.ts's isMain check)
const CLI = ['--import', 'tsx', path.resolve('src/cli/index.ts')];
const dir = mkdtempSync(path.join(os.tmpdir(), 'batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const desc = 'Voor de afdeling interne geneeskunde zoeken wij een verpleegkundige. Je werkt in een team van 20 collega’s. Bel Petra de Vries op 06-12345678.';
const LINES = [
  JSON.stringify({ id: 'a1', seenAt: '2025-03-01', sourceId: 's1', url: 'https://x.nl/v/1?utm_source=a', title: 'Verpleegkundige (m/v) | Snits', description: desc, employerName: 'Antonius Sneek', locationText: 'Snits', hoursText: '24-32 uur' }),
  '{broken json',
  '[1,2]',
  JSON.stringify({ id: 7, title: '' }),
  JSON.stringify({ id: 'a2', seenAt: '2025-03-02', sourceId: 's2', url: 'https://y.nl/jobs/99', title: 'Verpleegkundige Sneek', description: desc, employerName: 'Antonius Sneek', locationText: 'Sneek' }),
  JSON.stringify({ id: 'a3', seenAt: '2025-03-02', sourceId: 's3', url: 'https://www.x.nl/v/1', title: 'Verpleegkundige', description: 'Bijgewerkt.' }),
  JSON.stringify({ id: 'b1', seenAt: '2025-03-03', sourceId: 's1', url: 'https://x.nl/v/2', title: 'Verpleegkundige (m/v) | Emmen', description: desc, employerName: 'Antonius Sneek', locationText: 'Emmen', hoursText: '400 uur' }),
];

function run(args: string[], input?: string) {
  return spawnSync(process.execPath, [...CLI, ...args], { input, encoding: 'utf8', env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' } });
}

describe('batch CLI', () => {
  it('dedup: one record per line, error records for bad lines, summary on stderr', () => {
    const inFile = path.join(dir, 'in.jsonl');
    const outFile = path.join(dir, 'clusters.jsonl');
    writeFileSync(inFile, LINES.join('\n') + '\n');
    const r = run(['dedup', '--in', inFile, '--out', outFile]);
    expect(r.status).toBe(0);
    const out = readFileSync(outFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(7);
    expect(out[0]).toMatchObject({ id: 'a1', clusterId: 'a1', method: 'new', score: 0 });
    expect(out[1]).toMatchObject({ id: null, line: 2 });
    expect(out[1].error).toMatch(/invalid JSON/);
    expect(out[2].error).toBe('not a JSON object');
    expect(out[3]).toMatchObject({ id: 7, error: 'no title or description' });
    expect(out[4]).toMatchObject({ id: 'a2', clusterId: 'a1', method: 'near' });
    expect(out[5]).toMatchObject({ id: 'a3', clusterId: 'a1', method: 'exact' });
    expect(out[6]).toMatchObject({ id: 'b1', clusterId: 'b1', method: 'new' });
    expect(r.stderr).toMatch(/4 postings → 2 vacancies/);
    expect(r.stderr).toMatch(/3 errors/);
  });

  it('normalize: stdin to stdout with "-"', () => {
    const r = run(['normalize', '--in', '-', '--out', '-'], LINES.join('\n'));
    expect(r.status).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out[0]).toMatchObject({ id: 'a1', titleNormalized: 'verpleegkundige', hoursMin: 24, hoursMax: 32 });
    expect(out[0].geo).toMatchObject({ gemeente: 'Súdwest-Fryslân', provincie: 'Fryslân', arbeidsmarktregio: 'Friesland' });
    expect(out[0].description).not.toContain('Petra');
    expect(out[6].issues[0]).toMatch(/^hours_out_of_range/);
    expect(out.filter((o) => o.error)).toHaveLength(3);
    expect(r.stderr).toMatch(/normalize: done, 7 lines, 4 normalized/);
  });

  it('--help lists the input fields', () => {
    const help = execFileSync(process.execPath, [...CLI, 'dedup', '--help'], { encoding: 'utf8', env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' } });
    for (const f of ['seenAt', 'sourceId', 'externalId', 'locationText', 'hoursText', 'salaryText', 'clusterId', 'method']) expect(help).toContain(f);
  });

  it('streams a larger file with bounded output per line', () => {
    const d = new BatchDeduper();
    let n = 0;
    for (let i = 0; i < 2000; i++) {
      const line = JSON.stringify({ id: `r${i}`, seenAt: `2025-01-${String(1 + (i % 28)).padStart(2, '0')}`, sourceId: `s${i % 3}`, url: `https://x.nl/v/${Math.floor(i / 3)}`, title: `Functie ${i % 50}`, description: `Tekst over vacature ${Math.floor(i / 3)} bij werkgever ${i % 7}.`, locationText: 'Assen' });
      const res = d.add(parseInputLine(line, i + 1));
      if (res.method === 'exact') n++;
    }
    expect(n).toBeGreaterThan(1000);
    expect(d.index.size).toBe(2000);
  });
});
