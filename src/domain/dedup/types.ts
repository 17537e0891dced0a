export interface DedupRecord {
  id: string;
  sourceId: string;
  externalId: string | null;
  url: string;
  titleNormalized: string;
  employerNormalized: string | null;
  realEmployer: string | null;
  /** The publisher is an intermediary (uitzend-/detacheringsbureau). Optional: derived from the names when absent. */
  isIntermediary?: boolean;
  gemeenteCode: string | null;
  /** Finer place inside the gemeente (CBS woonplaatscode, e.g. Sneek vs Bolsward in Súdwest-Fryslân). Optional. */
  locality?: string | null;
  description: string;
  /** Contract hours per week (normalizer's hoursMin/hoursMax). Optional; used to tell apart two vacancies of one employer. */
  hoursMin?: number | null;
  hoursMax?: number | null;
  datePosted: string | null; // YYYY-MM-DD
  seenAt: string; // ISO, first seen
  closedAt?: string | null;
}

export interface Signature {
  /** "x:<source>:<externalId>", "u:<canonical url>" */
  exactKeys: string[];
  /** LSH band keys "b<band>:<hex>" plus metadata blocking keys "m:<employer>|<gemeente>|<title tokens>". */
  bandKeys: string[];
  minhash: Uint32Array;
}

export interface CompareResult {
  same: boolean;
  score: number;
  reason: string;
}

export interface DedupOptions {
  /** A repost within this many days after the vacancy was last active (closed / last seen) continues it. */
  repostWindowDays?: number;
}

export const DEFAULT_REPOST_WINDOW_DAYS = 60;
