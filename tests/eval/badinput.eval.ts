/**
 * Bad input through normalizePosting: the corpus in tests/fixtures/bad-input/*.json (malformed fields, injection
 * strings, absurd numbers, 1970/2099 dates, unknown places, huge texts). Counts outcomes per case:
 * crash (threw), rejected (a field nulled with an issue), clean; and whether the case's expectations
 * (expectIssues prefixes, expectNull fields) hold. Target: 0 crashes, 0 unmet expectations.
 * Every case also goes through the dedup signature (toDedupRecord + DedupIndex.add) so a normalized-but-odd
 * posting cannot crash the next stage either.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { EvalSection } from './types';
import { normalizePosting } from '../../src/domain/normalize/index';
import { DedupIndex, toDedupRecord } from '../../src/domain/dedup/index';
import type { NormalizedPosting, RawPosting } from '../../src/domain/types';

export interface BadCase {
  file: string;
  name: string;
  posting: unknown;
  expectIssues?: string[];
  expectNull?: string[];
}

export function loadBadInputs(): BadCase[] {
  const dir = fileURLToPath(new URL('../fixtures/bad-input/', import.meta.url));
  const out: BadCase[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    const data = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as unknown;
    const items = Array.isArray(data) ? data : [data];
    items.forEach((it: any, i: number) => {
      const hasPosting = it && typeof it === 'object' && 'posting' in it;
      let posting = hasPosting ? it.posting : it;
      if (it?.repeat && posting && typeof posting === 'object' && !Array.isArray(posting)) {
        posting = { ...posting, [it.repeat.field]: String(it.repeat.text).repeat(Number(it.repeat.times) || 1) };
      }
      out.push({ file: f, name: String(it?.name ?? `${f}#${i}`), posting, expectIssues: it?.expectIssues, expectNull: it?.expectNull });
    });
  }
  return out;
}

export async function evaluate(): Promise<EvalSection> {
  const cases = loadBadInputs();
  const now = new Date('2025-06-01T12:00:00Z');
  const lines: string[] = [];
  let crashes = 0;
  let rejected = 0;
  let clean = 0;
  let unmet = 0;
  let dedupCrashes = 0;
  let maxMs = 0;
  const idx = new DedupIndex({ expectedSize: 64 });
  cases.forEach((c, i) => {
    let n: NormalizedPosting;
    const t0 = performance.now();
    try {
      n = normalizePosting(c.posting as RawPosting, { now });
    } catch (e) {
      crashes++;
      lines.push(`CRASH ${c.file} "${c.name}": ${(e as Error).message}`);
      return;
    }
    maxMs = Math.max(maxMs, performance.now() - t0);
    if (n.issues.length) rejected++;
    else clean++;
    const miss: string[] = [];
    for (const want of c.expectIssues ?? []) if (!n.issues.some((x) => x.startsWith(want))) miss.push(`issue ${want}`);
    for (const f of c.expectNull ?? []) if ((n as unknown as Record<string, unknown>)[f] !== null) miss.push(`${f} not null`);
    if (miss.length) {
      unmet++;
      lines.push(`unmet ${c.file} "${c.name}": ${miss.join(', ')} (issues: ${n.issues.join(', ')})`);
    }
    try {
      const raw = (c.posting && typeof c.posting === 'object' && !Array.isArray(c.posting) ? c.posting : {}) as RawPosting;
      idx.add(toDedupRecord(`bad-${i}`, { ...raw, sourceId: String(raw.sourceId ?? 'x'), url: typeof raw.url === 'string' ? raw.url : '' }, n, now.toISOString()));
    } catch (e) {
      dedupCrashes++;
      lines.push(`DEDUP CRASH ${c.file} "${c.name}": ${(e as Error).message}`);
    }
  });
  lines.unshift(`${cases.length} cases from tests/fixtures/bad-input/*.json: ${rejected} normalized with issues (field null + reason), ${clean} normalized clean, ${crashes} crashed`);
  return {
    name: 'bad input: normalizePosting on a corpus of hostile postings',
    metrics: {
      cases: cases.length,
      crashes,
      dedup_crashes: dedupCrashes,
      normalized_with_issue: rejected,
      normalized_clean: clean,
      unmet_expectations: unmet,
      max_ms_per_case: Math.round(maxMs * 10) / 10,
    },
    targets: { cases: { min: 30 }, crashes: { max: 0 }, dedup_crashes: { max: 0 }, unmet_expectations: { max: 0 }, max_ms_per_case: { max: 2000 } },
    lines,
  };
}
