/**
 * In-memory incremental dedup index (batch use, benchmarks). Not all-pairs: each added record is
 * compared only with candidates sharing an exact key, an LSH band key or a metadata blocking key
 * (see signature.ts), most recent first and capped per key, so time is near-linear in the number of
 * records.
 *
 * Memory-lean layout: per-record data live in growable typed arrays, MinHash values in 64k-record
 * chunks, strings (employer, title, gemeente) are interned, and the key → records multimap is a
 * chained hash table over typed arrays keyed by two independent 32-bit hashes (64 bits) of the key.
 * Descriptions are not kept. Clusters keep all member ids (linked list through the records) and a
 * canonical record: the earliest first-seen, ties broken by the longer description.
 */
import { decide, factsOf, type Facts } from './compare';
import { fnv1a } from './hash';
import { jaccardEstimate, NUM_PERM, signature } from './signature';
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
  /** Upper bound of candidate comparisons per added record (default 64). */
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

export class DedupIndex {
  private readonly window: number;
  private readonly perKey: number;
  private readonly maxCmp: number;
  private n = 0;
  private ids: string[] = [];
  private mhChunks: Uint32Array[] = [];
  private emp0: GrowI32;
  private emp1: GrowI32;
  private title: GrowI32;
  private gem: GrowI32;
  private loc: GrowI32;
  private firstSeen: GrowI32;
  private lastActive: GrowI32;
  private interm: GrowI32;
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
    this.emp0 = g(); this.emp1 = g(); this.title = g(); this.gem = g(); this.loc = g(); this.firstSeen = g(); this.lastActive = g();
    this.interm = g(); this.descLen = g(); this.clusterOf = g(); this.nextMember = g(); this.stamp = g();
    this.cHead = g(); this.cTail = g(); this.cCanon = g(); this.cLast = g(); this.cSize = g();
    let hs = 1024;
    while (hs < exp * 16) hs *= 2;
    this.heads = new Int32Array(hs).fill(-1);
    this.mask = hs - 1;
    const es = exp * 20;
    this.eKey1 = new Uint32Array(es);
    this.eKey2 = new Uint32Array(es);
    this.eRec = new Int32Array(es);
    this.eNext = new Int32Array(es);
  }

  get size(): number { return this.n; }
  get clusterCount(): number { return this.nc; }

  private mh(i: number): Uint32Array {
    const c = this.mhChunks[i >>> 16];
    const off = (i & (CHUNK - 1)) * NUM_PERM;
    return c.subarray(off, off + NUM_PERM);
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
    if (this.ne > this.heads.length * 0.75) this.rehash();
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
      intermediary: this.interm.a[i] === 1,
      titleTokens: this.title.a[i] >= 0 ? this.titleTok[this.title.a[i]] : [],
      gemeente: g >= 0 ? this.gems.values[g] : null,
      locality: this.loc.a[i] >= 0 ? this.gems.values[this.loc.a[i]] : null,
      firstSeen: this.firstSeen.a[i],
      lastActive: Math.max(this.lastActive.a[i], this.cLast.a[c]),
    };
  }

  add(r: DedupRecord): AddResult {
    const sig = signature(r);
    const facts = factsOf(r);
    const stampNo = ++this.stampNo;
    const exactSet = new Set<string>(sig.exactKeys);
    const keys = [...sig.exactKeys, ...sig.bandKeys];
    const k1s = keys.map((k) => fnv1a(k));
    const k2s = keys.map((k) => fnv1a(k, 0x01234567));

    let best = -1;
    let bestRes = { same: false, score: 0, reason: '' };
    let cmp = 0;
    for (let ki = 0; ki < keys.length && cmp < this.maxCmp; ki++) {
      const isExact = exactSet.has(keys[ki]);
      let seen = 0;
      for (let e = this.heads[k1s[ki] & this.mask]; e !== -1 && seen < this.perKey; e = this.eNext[e]) {
        if (this.eKey1[e] !== k1s[ki] || this.eKey2[e] !== k2s[ki]) continue;
        seen++;
        const j = this.eRec[e];
        if (this.stamp.a[j] === stampNo) continue;
        this.stamp.a[j] = stampNo;
        const c = this.clusterOf.a[j];
        // stale clusters can never match: skip without a full comparison
        if (facts.firstSeen - Math.max(this.lastActive.a[j], this.cLast.a[c]) > this.window) continue;
        cmp++;
        const res = decide(this.factsAt(j), facts, isExact ? 1 : jaccardEstimate(this.mh(j), sig.minhash), isExact, { repostWindowDays: this.window });
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
    for (const g of [this.emp0, this.emp1, this.title, this.gem, this.loc, this.firstSeen, this.lastActive, this.interm, this.descLen, this.clusterOf, this.nextMember, this.stamp]) g.ensure(need);
    if (i >>> 16 >= this.mhChunks.length) this.mhChunks.push(new Uint32Array(CHUNK * NUM_PERM));
    this.mhChunks[i >>> 16].set(sig.minhash, (i & (CHUNK - 1)) * NUM_PERM);
    this.ids.push(String(r.id));
    this.emp0.a[i] = this.emps.id(facts.employers[0] ?? null);
    this.emp1.a[i] = this.emps.id(facts.employers[1] ?? null);
    const tkey = facts.titleTokens.join(' ');
    const tid = this.titles.id(tkey || null);
    if (tid >= 0 && tid === this.titleTok.length) this.titleTok.push(facts.titleTokens);
    this.title.a[i] = tid;
    this.gem.a[i] = this.gems.id(facts.gemeente);
    this.loc.a[i] = this.gems.id(facts.locality);
    this.firstSeen.a[i] = facts.firstSeen;
    this.lastActive.a[i] = facts.lastActive;
    this.interm.a[i] = facts.intermediary ? 1 : 0;
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
