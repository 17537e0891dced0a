export type { DedupRecord, Signature, CompareResult, DedupOptions } from './types';
export { DEFAULT_REPOST_WINDOW_DAYS } from './types';
export { signature, minhash, jaccardEstimate, titleTokens, NUM_PERM, BANDS, ROWS } from './signature';
export { compare, titleSimilarity } from './compare';
export { canonicalUrl } from './url';
export { DedupIndex, type AddResult, type AddMethod, type ClusterInfo, type DedupIndexOptions } from './dedup-index';
export { toDedupRecord } from './from-normalized';
