import { describe, expect, it } from 'vitest';
import { canonicalUrl, compare, DedupIndex, jaccardEstimate, minhash, signature, titleTokens, toDedupRecord, type DedupRecord } from '../../src/domain/dedup/index';
import { normalizePosting } from '../../src/domain/normalize/index';
import { generateDedupRecords } from '../../src/domain/synth/generate';
import type { RawPosting } from '../../src/domain/types';

const TEXT =
  'Voor woonzorgcentrum Nij Stifting in Leeuwarden zoeken wij een verzorgende IG die houdt van echte aandacht voor ouderen. ' +
  'Je verzorgt bewoners op een manier die past bij hun gewoonten en wensen. Je voert verpleegtechnische handelingen uit zoals wondzorg en medicatie toedienen. ' +
  'Je bent eerst verantwoordelijke voor een aantal bewoners en houdt het zorgdossier bij. Je hebt een diploma Verzorgende IG (mbo niveau 3). ' +
  'Salaris conform CAO VVT, FWG 35. Een contract voor een jaar met uitzicht op vast.';

function rec(id: string, raw: Partial<RawPosting> & { seenAt?: string; closedAt?: string | null }): DedupRecord {
  const p: RawPosting = { sourceId: 'werkenbij-tellens', url: `https://werkenbij.tellens.nl/${id}`, title: 'Verzorgende IG', description: TEXT, employerName: 'Zorggroep Tellens', locationText: 'Leeuwarden', ...raw };
  const seenAt = raw.seenAt ?? '2025-03-03T09:00:00Z';
  return toDedupRecord(id, p, normalizePosting(p, { now: new Date(seenAt) }), seenAt, raw.closedAt ?? null);
}
const cmp = (a: DedupRecord, b: DedupRecord) => compare(a, b, signature(a), signature(b));

describe('signature', () => {
  it('MinHash estimates Jaccard: identical 1, unrelated ≈ 0', () => {
    expect(jaccardEstimate(minhash(TEXT), minhash(TEXT))).toBe(1);
    expect(jaccardEstimate(minhash(TEXT), minhash('Het UMCG zoekt een IC-verpleegkundige voor de intensive care volwassenen in Groningen.'))).toBeLessThan(0.1);
  });
  it('canonical URL drops tracking params, www and trailing slash', () => {
    expect(canonicalUrl('https://www.Zorg.nl/vacature/12/?utm_source=x&id=3#top')).toBe('zorg.nl/vacature/12?id=3');
  });
  it('title tokens fold zorg abbreviations', () => {
    expect(titleTokens('Verpleegkundige Intensive Care')).toEqual(titleTokens('IC verpleegkundige'));
    expect(titleTokens('Sociaal Psychiatrisch Verpleegkundige')).toEqual(['spv']);
  });
});

describe('compare: the hard cases', () => {
  it('a cross-post with a decorated title is the same vacancy', () => {
    const r = cmp(rec('a', {}), rec('b', { sourceId: 'indeed', url: 'https://nl.indeed.com/viewjob?jk=1', title: 'Verzorgende IG (m/v) | Ljouwert', locationText: 'Ljouwert', seenAt: '2025-03-05T09:00:00Z' }));
    expect(r.same).toBe(true);
  });
  it('same function at two gemeenten of one employer: two vacancies', () => {
    const r = cmp(rec('a', {}), rec('b', { locationText: 'Sneek', description: TEXT.replace('Leeuwarden', 'Sneek') }));
    expect(r).toMatchObject({ same: false, reason: 'other_gemeente' });
  });
  it('two woonplaatsen of one gemeente (Sneek, Bolsward) are two vacancies too', () => {
    const a = rec('a', { locationText: 'Sneek', description: TEXT.replace('Leeuwarden', 'Sneek') });
    const b = rec('b', { locationText: 'Bolsward', description: TEXT.replace('Leeuwarden', 'Bolsward') });
    expect(a.gemeenteCode).toBe(b.gemeenteCode);
    expect(cmp(a, b)).toMatchObject({ same: false, reason: 'other_place' });
  });
  it('an intermediary repost naming the employer merges', () => {
    const b = rec('b', {
      sourceId: 'randstad', url: 'https://randstad.nl/v/9', employerName: 'Randstad Zorg', seenAt: '2025-03-10T09:00:00Z',
      description: `Voor onze opdrachtgever Zorggroep Tellens zoeken wij in Leeuwarden een verzorgende IG. Je werkt via ons bureau op detacheringsbasis. ${TEXT.slice(120, 420)}`,
    });
    expect(b.realEmployer).toBe('Zorggroep Tellens');
    expect(cmp(rec('a', {}), b).same).toBe(true);
  });
  it('another employer with the same function in the same place does not merge', () => {
    const b = rec('b', { employerName: 'Patyna', sourceId: 'zvn', url: 'https://zvn.nl/1', description: 'Patyna zoekt voor verpleeghuis Nij Smellinghe een verzorgende IG voor de afdeling somatiek. Je rapporteert in het ECD. Wij bieden FWG 35 en een vast contract.' });
    expect(cmp(rec('a', {}), b).same).toBe(false);
  });
  it('a repost within 60 days after closing continues the vacancy; later it is a new one', () => {
    const a = rec('a', { seenAt: '2025-01-10T09:00:00Z', closedAt: '2025-02-20T09:00:00Z' });
    expect(cmp(a, rec('b', { seenAt: '2025-04-01T09:00:00Z' })).same).toBe(true);
    expect(cmp(a, rec('c', { seenAt: '2025-07-01T09:00:00Z' }))).toMatchObject({ same: false });
    expect(cmp(a, rec('c', { seenAt: '2025-07-01T09:00:00Z' })).reason).toMatch(/^time_gap/);
  });
  it('same canonical URL is an exact match', () => {
    const a = rec('a', {});
    const b = rec('b', { url: 'https://www.werkenbij.tellens.nl/a?utm_source=linkedin', title: 'Anders', description: 'Bijgewerkte tekst.' });
    expect(cmp(a, b)).toMatchObject({ same: true, reason: 'exact' });
  });
});

describe('DedupIndex', () => {
  it('clusters via LSH/blocking keys and keeps the first id as cluster id', () => {
    const idx = new DedupIndex();
    expect(idx.add(rec('a', {})).method).toBe('new');
    const b = idx.add(rec('b', { sourceId: 'indeed', url: 'https://nl.indeed.com/x', title: 'Verzorgende IG (m/v)', seenAt: '2025-03-04T09:00:00Z' }));
    expect(b).toMatchObject({ clusterId: 'a', matchedId: 'a' });
    expect(idx.add(rec('c', { locationText: 'Assen', description: TEXT.replace('Leeuwarden', 'Assen') })).method).toBe('new');
    expect(idx.clusterCount).toBe(2);
    expect(idx.cluster('a')?.memberIds).toEqual(['a', 'b']);
  });
  it('reaches a high pairwise F1 on generated streams with known truth', () => {
    const idx = new DedupIndex({ expectedSize: 4000 });
    const truth: string[] = [];
    const got: string[] = [];
    for (const r of generateDedupRecords(4000, 3)) {
      truth.push(r.truthVacancyId);
      got.push(idx.add(r).clusterId);
    }
    const pairs = (xs: string[]) => { const m = new Map<string, number>(); xs.forEach((x) => m.set(x, (m.get(x) ?? 0) + 1)); let s = 0; for (const v of m.values()) s += (v * (v - 1)) / 2; return s; };
    const tp = pairs(truth.map((t, i) => `${t}|${got[i]}`));
    const p = tp / pairs(got);
    const r = tp / pairs(truth);
    expect((2 * p * r) / (p + r)).toBeGreaterThan(0.95);
  });
});
