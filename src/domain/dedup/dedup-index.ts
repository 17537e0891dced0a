/**
 * In-memory incremental dedup index (batch use, benchmarks). Not all-pairs: each added record is
 * compared only with candidates sharing an exact key, a metadata blocking key or an LSH band key
 * (see signature.ts), in that order, most recent first and capped per key (maxCandidatesPerKey), so time
 * is near-linear in the number of records.
 *
 * Candidate budget. A candidate that decide() would reject on time or place alone (its cluster has been
 * inactive for longer than the repost window; it lies in another gemeente; another woonplaats of the same
 * gemeente) is skipped with a few array reads and does not count against maxComparisons. The metadata keys
 * are examined before the bands because they are few and precise and a rewritten repost (text Jaccard ≈ 0)
 * is reachable only through them, while the band buckets of boilerplate-heavy texts fill with unrelated
 * postings. (Before, bands came first and every examined candidate counted: on the synthetic stream 84%
 * of the records used up all 64 comparisons on band candidates, 56 of them in other gemeenten, before the
 * metadata keys were reached — the recall loss that grew with the stream's density.)
 *
 * Memory-lean layout: per-record data live in growable typed arrays, MinHash values (low 16 bits) in
 * 64k-record chunks, strings (employer, title, gemeente) are interned, and the key → records multimap is a
 * chained hash table over typed arrays keyed by two independent 32-bit hashes (64 bits) of the key.
 * Descriptions are not kept. Clusters keep all member ids (linked list through the records) and a
 * canonical record: the earliest first-seen, ties broken by the longer description.
 */
import { decide, factsOf, type Facts } from './compare';
import { fnv1a } from './hash';
import { BANDS, NUM_PERM, signature } from './signature';
import type { DedupOptions, DedupRecord } from './types';
import { DEFAULT_REPOST_WINDOW_DAYS } from './types';

export type AddMethod = 'exact' | 'near' | 'meta' | 'new';
export interface AddResult {
  clusterId: string;
  method: AddMethod;
  matchedId: string | null;
  score: number;
}
export interface ClusterInfo {
  clusterId: string;
  canonicalId: string;
  memberIds: string[];
}
export interface DedupIndexOptions extends DedupOptions {
  /** How many most-recent records per key are examined (default 24). */
  maxCandidatesPerKey?: number;
  /** Upper bound of candidate comparisons (decide() calls) per added record (default 64). */
  maxComparisons?: number;
  /** Expected number of records (pre-sizes the tables). */
  expectedSize?: number;
}

class GrowI32 {
  a: Int32Array;
  constructor(n: number) { this.a = new Int32Array(Math.max(16, n)); }
  ensure(n: number) {
    if (n <= this.a.length) return;
    let len = this.a.length;
    while (len < n) len *= 2;
    const b = new Int32Array(len);
    b.set(this.a);
    this.a = b;
  }
}

class Interner {
  private map = new Map<string, number>();
  values: string[] = [];
  /** id of an already interned string, −2 when it was never interned */
  peek(s: string): number { return this.map.get(s) ?? -2; }
  id(s: string | null): number {
    if (!s) return -1;
    let v = this.map.get(s);
    if (v === undefined) {
      v = this.values.length;
      this.values.push(s);
      this.map.set(s, v);
    }
    return v;
  }
}

const CHUNK = 1 << 16;
/** flags bits */
const INTERMEDIARY = 1;
const EMPTY_TEXT = 2;
/** key entries per record: ≤ 2 exact + BANDS + ≤ 3 metadata keys */
const KEYS_PER_RECORD = 2 + BANDS + 3;
/** consecutive stale entries after which a key's walk stops */
const STALE_RUN = 8;
/** average chain length of the key hash table before it doubles */
const MAX_LOAD = 1.5;

export class DedupIndex {
  private readonly window: number;
  private readonly perKey: number;
  private readonly maxCmp: number;
  private n = 0;
  private ids: string[] = [];
  /** MinHash values, low 16 bits (a false equal per permutation has probability 2^-16) */
  private mhChunks: Uint16Array[] = [];
  private emp0: GrowI32;
  private emp1: GrowI32;
  private title: GrowI32;
  private gem: GrowI32;
  private loc: GrowI32;
  /** contract hours ×10 (−1: unknown) */
  private hMin: GrowI32;
  private hMax: GrowI32;
  private firstSeen: GrowI32;
  private lastActive: GrowI32;
  private flags: GrowI32;
  private descLen: GrowI32;
  private clusterOf: GrowI32;
  private nextMember: GrowI32;
  private stamp: GrowI32;
  private stampNo = 0;
  // clusters
  private nc = 0;
  private cHead: GrowI32;
  private cTail: GrowI32;
  private cCanon: GrowI32;
  private cLast: GrowI32;
  private cSize: GrowI32;
  // interning
  private emps = new Interner();
  private titles = new Interner();
  private titleTok: string[][] = [];
  private gems = new Interner();
  // key multimap
  private heads: Int32Array;
  private mask: number;
  private ne = 0;
  private eKey1: Uint32Array;
  private eKey2: Uint32Array;
  private eRec: Int32Array;
  private eNext: Int32Array;

  constructor(opts: DedupIndexOptions = {}) {
    this.window = opts.repostWindowDays ?? DEFAULT_REPOST_WINDOW_DAYS;
    this.perKey = opts.maxCandidatesPerKey ?? 24;
    this.maxCmp = opts.maxComparisons ?? 64;
    const exp = Math.max(1024, opts.expectedSize ?? 65_536);
    const g = () => new GrowI32(exp);
    this.emp0 = g(); this.emp1 = g(); this.title = g(); this.gem = g(); this.loc = g(); this.hMin = g(); this.hMax = g(); this.firstSeen = g(); this.lastActive = g();
    this.flags = g(); this.descLen = g(); this.clusterOf = g(); this.nextMember = g(); this.stamp = g();
    this.cHead = g(); this.cTail = g(); this.cCanon = g(); this.cLast = g(); this.cSize = g();
    const es = exp * KEYS_PER_RECORD;
    let hs = 1024;
    while (hs * MAX_LOAD < es) hs *= 2;
    this.heads = new Int32Array(hs).fill(-1);
    this.mask = hs - 1;
    this.eKey1 = new Uint32Array(es);
    this.eKey2 = new Uint32Array(es);
    this.eRec = new Int32Array(es);
    this.eNext = new Int32Array(es);
  }

  get size(): number { return this.n; }
  get clusterCount(): number { return this.nc; }

  /** MinHash Jaccard estimate of stored record i against a full signature (both texts non-empty). */
  private jaccardAt(i: number, mh: Uint32Array): number {
    const c = this.mhChunks[i >>> 16];
    const off = (i & (CHUNK - 1)) * NUM_PERM;
    let eq = 0;
    for (let p = 0; p < NUM_PERM; p++) if (c[off + p] === (mh[p] & 0xffff)) eq++;
    return eq / NUM_PERM;
  }

  private growEntries() {
    const len = this.eKey1.length * 2;
    const k1 = new Uint32Array(len); k1.set(this.eKey1); this.eKey1 = k1;
    const k2 = new Uint32Array(len); k2.set(this.eKey2); this.eKey2 = k2;
    const r = new Int32Array(len); r.set(this.eRec); this.eRec = r;
    const nx = new Int32Array(len); nx.set(this.eNext); this.eNext = nx;
  }

  private rehash() {
    const hs = this.heads.length * 2;
    this.heads = new Int32Array(hs).fill(-1);
    this.mask = hs - 1;
    for (let e = 0; e < this.ne; e++) {
      const b = this.eKey1[e] & this.mask;
      this.eNext[e] = this.heads[b];
      this.heads[b] = e;
    }
  }

  private insertKey(k1: number, k2: number, rec: number) {
    if (this.ne >= this.eKey1.length) this.growEntries();
    if (this.ne > this.heads.length * MAX_LOAD) this.rehash();
    const e = this.ne++;
    const b = k1 & this.mask;
    this.eKey1[e] = k1;
    this.eKey2[e] = k2;
    this.eRec[e] = rec;
    this.eNext[e] = this.heads[b];
    this.heads[b] = e;
  }

  private factsAt(i: number): Facts {
    const e0 = this.emp0.a[i];
    const e1 = this.emp1.a[i];
    const employers: string[] = [];
    if (e0 >= 0) employers.push(this.emps.values[e0]);
    if (e1 >= 0) employers.push(this.emps.values[e1]);
    const c = this.clusterOf.a[i];
    const g = this.gem.a[i];
    return {
      employers,
      intermediary: (this.flags.a[i] & INTERMEDIARY) !== 0,
      titleTokens: this.title.a[i] >= 0 ? this.titleTok[this.title.a[i]] : [],
      gemeente: g >= 0 ? this.gems.values[g] : null,
      locality: this.loc.a[i] >= 0 ? this.gems.values[this.loc.a[i]] : null,
      hoursMin: this.hMin.a[i] >= 0 ? this.hMin.a[i] / 10 : null,
      hoursMax: this.hMax.a[i] >= 0 ? this.hMax.a[i] / 10 : null,
      firstSeen: this.firstSeen.a[i],
      lastActive: Math.max(this.lastActive.a[i], this.cLast.a[c]),
    };
  }

  add(r: DedupRecord): AddResult {
    const sig = signature(r);
    const facts = factsOf(r);
    const stampNo = ++this.stampNo;
    // exact keys first, then the metadata blocking keys (few, precise: a rewritten repost is found only
    // there), then the LSH bands (many, and boilerplate-heavy texts share bands with unrelated postings)
    const nExact = sig.exactKeys.length;
    const keys = [...sig.exactKeys];
    for (const k of sig.bandKeys) if (k[0] !== 'b') keys.push(k);
    for (const k of sig.bandKeys) if (k[0] === 'b') keys.push(k);
    const nk = keys.length;
    const k1s = new Uint32Array(nk);
    const k2s = new Uint32Array(nk);
    for (let ki = 0; ki < nk; ki++) {
      k1s[ki] = fnv1a(keys[ki]);
      k2s[ki] = fnv1a(keys[ki], 0x01234567);
    }
    // interned ids of this record's gemeente / woonplaats (−2: not seen before, so no stored record has it)
    const gNew = facts.gemeente ? this.gems.peek(facts.gemeente) : -1;
    const lNew = facts.locality ? this.gems.peek(facts.locality) : -1;
    const emptyNew = sig.minhash[0] === 0xffffffff;

    let best = -1;
    let bestRes = { same: false, score: 0, reason: '' };
    let cmp = 0;
    for (let ki = 0; ki < nk && cmp < this.maxCmp; ki++) {
      const isExact = ki < nExact;
      const k1 = k1s[ki];
      const k2 = k2s[ki];
      let seen = 0;
      let staleRun = 0;
      for (let e = this.heads[k1 & this.mask]; e !== -1 && seen < this.perKey; e = this.eNext[e]) {
        if (this.eKey1[e] !== k1 || this.eKey2[e] !== k2) continue;
        seen++;
        const j = this.eRec[e];
        // Candidates that decide() rejects on time or place alone are skipped without a comparison and
        // without using the comparison budget: a stale cluster (its last activity, cLast, is more than the
        // repost window ago), another gemeente (even for an exact key), another woonplaats of the same
        // gemeente (unless an exact key). A key's entries are newest first: after STALE_RUN stale ones in a
        // row the rest of the chain is older still and, in a time-ordered stream, stale as well, so the walk
        // stops there (a record of a live cluster behind them is missed through this key only). Without
        // this, the walks grew with the length of the history: 240 → 340 chain steps per record from the
        // first to the fourth 100k postings of the synthetic stream (now 214 → 260, same clusters).
        if (facts.firstSeen - this.cLast.a[this.clusterOf.a[j]] > this.window) {
          if (++staleRun >= STALE_RUN) break;
          continue;
        }
        staleRun = 0;
        if (this.stamp.a[j] === stampNo) continue;
        this.stamp.a[j] = stampNo;
        if (gNew !== -1 && this.gem.a[j] >= 0 && this.gem.a[j] !== gNew) continue;
        if (!isExact && lNew !== -1 && this.loc.a[j] >= 0 && this.loc.a[j] !== lNew) continue;
        cmp++;
        const jac = isExact ? 1 : emptyNew || this.flags.a[j] & EMPTY_TEXT ? 0 : this.jaccardAt(j, sig.minhash);
        const res = decide(this.factsAt(j), facts, jac, isExact, { repostWindowDays: this.window });
        if (res.same && (res.score > bestRes.score || !bestRes.same)) {
          best = j;
          bestRes = res;
        }
        if (cmp >= this.maxCmp) break;
      }
      if (bestRes.same && bestRes.reason === 'exact') break;
    }

    // store the record
    const i = this.n++;
    const need = i + 1;
    for (const g of [this.emp0, this.emp1, this.title, this.gem, this.loc, this.hMin, this.hMax, this.firstSeen, this.lastActive, this.flags, this.descLen, this.clusterOf, this.nextMember, this.stamp]) g.ensure(need);
    if (i >>> 16 >= this.mhChunks.length) this.mhChunks.push(new Uint16Array(CHUNK * NUM_PERM));
    this.mhChunks[i >>> 16].set(sig.minhash, (i & (CHUNK - 1)) * NUM_PERM); // keeps the low 16 bits
    this.ids.push(String(r.id));
    this.emp0.a[i] = this.emps.id(facts.employers[0] ?? null);
    this.emp1.a[i] = this.emps.id(facts.employers[1] ?? null);
    const tkey = facts.titleTokens.join(' ');
    const tid = this.titles.id(tkey || null);
    if (tid >= 0 && tid === this.titleTok.length) this.titleTok.push(facts.titleTokens);
    this.title.a[i] = tid;
    this.gem.a[i] = this.gems.id(facts.gemeente);
    this.loc.a[i] = this.gems.id(facts.locality);
    this.hMin.a[i] = facts.hoursMin === null ? -1 : Math.round(facts.hoursMin * 10);
    this.hMax.a[i] = facts.hoursMax === null ? -1 : Math.round(facts.hoursMax * 10);
    this.firstSeen.a[i] = facts.firstSeen;
    this.lastActive.a[i] = facts.lastActive;
    this.flags.a[i] = (facts.intermediary ? INTERMEDIARY : 0) | (emptyNew ? EMPTY_TEXT : 0);
    this.descLen.a[i] = Math.min(r.description?.length ?? 0, 2 ** 30);
    this.nextMember.a[i] = -1;
    this.stamp.a[i] = 0;
    for (let ki = 0; ki < keys.length; ki++) this.insertKey(k1s[ki], k2s[ki], i);

    let c: number;
    if (best >= 0) {
      c = this.clusterOf.a[best];
      this.nextMember.a[this.cTail.a[c]] = i;
      this.cTail.a[c] = i;
      this.cSize.a[c]++;
      if (facts.lastActive > this.cLast.a[c]) this.cLast.a[c] = facts.lastActive;
      const can = this.cCanon.a[c];
      if (facts.firstSeen < this.firstSeen.a[can] || (facts.firstSeen === this.firstSeen.a[can] && this.descLen.a[i] > this.descLen.a[can])) this.cCanon.a[c] = i;
    } else {
      c = this.nc++;
      for (const g of [this.cHead, this.cTail, this.cCanon, this.cLast, this.cSize]) g.ensure(c + 1);
      this.cHead.a[c] = i;
      this.cTail.a[c] = i;
      this.cCanon.a[c] = i;
      this.cLast.a[c] = facts.lastActive;
      this.cSize.a[c] = 1;
    }
    this.clusterOf.a[i] = c;
    const clusterId = this.ids[this.cHead.a[c]];
    if (best < 0) return { clusterId, method: 'new', matchedId: null, score: 0 };
    const method: AddMethod = bestRes.reason === 'exact' ? 'exact' : bestRes.reason === 'meta' ? 'meta' : 'near';
    return { clusterId, method, matchedId: this.ids[best], score: Math.round(bestRes.score * 1000) / 1000 };
  }

  private clusterIndexOf(clusterId: string): number {
    // cluster ids are the id of the first member; look it up via a scan-free map built lazily
    if (!this.idMap || this.idMapSize !== this.n) {
      this.idMap = new Map();
      for (let c = 0; c < this.nc; c++) this.idMap.set(this.ids[this.cHead.a[c]], c);
      this.idMapSize = this.n;
    }
    return this.idMap.get(clusterId) ?? -1;
  }
  private idMap: Map<string, number> | null = null;
  private idMapSize = -1;

  private info(c: number): ClusterInfo {
    const memberIds: string[] = [];
    for (let i = this.cHead.a[c]; i !== -1; i = this.nextMember.a[i]) memberIds.push(this.ids[i]);
    return { clusterId: this.ids[this.cHead.a[c]], canonicalId: this.ids[this.cCanon.a[c]], memberIds };
  }

  cluster(clusterId: string): ClusterInfo | null {
    const c = this.clusterIndexOf(clusterId);
    return c < 0 ? null : this.info(c);
  }

  /** Cluster id of an added record id (linear scan; for tests and small batches). */
  clusterIdOf(recordId: string): string | null {
    const i = this.ids.indexOf(recordId);
    return i < 0 ? null : this.ids[this.cHead.a[this.clusterOf.a[i]]];
  }

  *clusters(): Iterable<ClusterInfo> {
    for (let c = 0; c < this.nc; c++) yield this.info(c);
  }

  /** Cluster index per record in insertion order (for evaluation). */
  assignments(): Int32Array {
    return this.clusterOf.a.slice(0, this.n);
  }
}
