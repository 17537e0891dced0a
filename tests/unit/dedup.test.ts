import { describe, expect, it } from 'vitest';
import { canonicalUrl, compare, DedupIndex, jaccardEstimate, minhash, signature, titleTokens, toDedupRecord, type DedupRecord } from '../../src/domain/dedup/index';
import { bandKeysOf } from '../../src/domain/dedup/signature';
import { normalizePosting } from '../../src/domain/normalize/index';
import { generateDedupRecords, generateDetailed, MARKET_POSTINGS_PER_DAY } from '../../src/domain/synth/generate';
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
  it('band keys are stable (the pipeline stores them as dedup keys in the database)', () => {
    expect(bandKeysOf(minhash(TEXT))).toEqual(['b0:682ee500', 'b1:3a7d87cf', 'b2:895ef422', 'b3:a099e7f4', 'b4:c476153b', 'b5:7b394661', 'b6:e8b81fd4', 'b7:d69db4b0', 'b8:c169321f', 'b9:881adbc9', 'b10:96124754', 'b11:f03ede60', 'b12:55815079', 'b13:6fd44d8b', 'b14:51f1956b', 'b15:b78fe0da']);
    expect(bandKeysOf(minhash('Súdwest-Fryslân: coöperatie café ½ ² 𝐀𝐁𝐂 İstanbul Σίσυφος wijkverpleegkundige 24–32 uur'))).toEqual(['b0:e2eb71ce', 'b1:5b2c1c56', 'b2:31a1fece', 'b3:2b657a3c', 'b4:fd6ccf29', 'b5:3c9545db', 'b6:220d0d14', 'b7:1c1c032c', 'b8:5833f552', 'b9:bf9fa1b7', 'b10:1042b000', 'b11:541732b9', 'b12:f68c852', 'b13:9ec13998', 'b14:e64c2fb', 'b15:67e2c6fa']);
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
  it('a rewrite with other contract hours is another vacancy of the same employer; with the same hours a repost', () => {
    const REWRITE = 'Kom jij ons team in Leeuwarden versterken? In Nij Stifting wonen ouderen met dementie in kleine groepen. Jij zorgt dat zij hun dag zo gewoon mogelijk kunnen beleven.';
    const a = rec('a', { hoursText: '24-28 uur per week' });
    const same = rec('b', { url: 'https://werkenbij.tellens.nl/b', description: REWRITE, hoursText: '24 tot 28 uur', seenAt: '2025-03-20T09:00:00Z' });
    const other = rec('c', { url: 'https://werkenbij.tellens.nl/c', description: REWRITE, hoursText: '16-20 uur per week', seenAt: '2025-03-20T09:00:00Z' });
    expect(cmp(a, same)).toMatchObject({ same: true, reason: 'meta' });
    expect(cmp(a, other)).toMatchObject({ same: false });
    // near-identical text still merges (hours parsed differently on a job board must not split a cross-post)
    expect(cmp(a, rec('d', { sourceId: 'indeed', url: 'https://nl.indeed.com/d', hoursText: '32 uur' })).same).toBe(true);
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
  it('finds a rewritten repost through the metadata keys even when LSH candidates elsewhere abound', () => {
    // The rewrite shares a long boilerplate block with 120 postings in other gemeenten (same LSH bands),
    // but hardly any text with the original: only the metadata key (employer, gemeente, title) leads there.
    // The far-away band candidates must neither use up the comparison budget (small here: 16) nor be
    // examined first.
    const BOILER =
      'Wij bieden een salaris conform de cao, een eindejaarsuitkering van 8,33 procent, vakantiegeld, een goede pensioenregeling bij PFZW, ' +
      'ruime opleidingsmogelijkheden via onze eigen academie, een reiskostenvergoeding, de mogelijkheid om een fiets te leasen en een fijne werksfeer ' +
      'in een betrokken team. Solliciteer direct via de knop hieronder; binnen twee weken hoor je van ons. Een verklaring omtrent gedrag is vereist.';
    const idx = new DedupIndex({ maxComparisons: 16 });
    idx.add(rec('orig', { hoursText: '24-28 uur' }));
    const places = ['Sneek', 'Assen', 'Emmen', 'Drachten', 'Heerenveen', 'Hoogeveen', 'Meppel', 'Groningen'];
    for (let i = 0; i < 120; i++) {
      const place = places[i % places.length];
      idx.add(rec(`x${i}`, { url: `https://werkenbij.tellens.nl/x${i}`, locationText: place, description: `Verzorgende IG in ${place}. ${BOILER}`, seenAt: '2025-03-04T09:00:00Z' }));
    }
    const rewrite = rec('rw', {
      url: 'https://werkenbij.tellens.nl/rw', hoursText: '24 - 28 uur', seenAt: '2025-03-25T09:00:00Z',
      description: `Kom jij ons team in Leeuwarden versterken? In Nij Stifting wonen ouderen met dementie in kleine groepen. ${BOILER}`,
    });
    expect(idx.add(rewrite)).toMatchObject({ clusterId: 'orig', method: 'meta' });
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

describe('synthetic stream', () => {
  const firstDay = (n: number, spanDays?: number) => generateDetailed(n, 1, spanDays ? { spanDays } : {}).next().value!.posting.datePosted;
  it('grows in time, not in density, beyond two years of the market', () => {
    expect(firstDay(50_000)).toBe('2024-01-01');
    // 1M postings: twenty years of the same market, ending at the end of 2025
    const days = 1_000_000 / MARKET_POSTINGS_PER_DAY;
    expect(Math.round(days)).toBe(7300);
    expect(firstDay(1_000_000)).toBe(new Date(Date.parse('2024-01-01') - Math.floor(days - 730) * 86_400_000).toISOString().slice(0, 10));
    // an explicit span packs the stream into it (dense stress test)
    expect(firstDay(1_000_000, 730)).toBe('2024-01-01');
  });
});
