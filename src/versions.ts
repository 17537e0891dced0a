/**
 * Version stamps written on every derived row. Bump a stage's version when its logic changes
 * so that rows made by older code can be found and recomputed.
 */
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export const CODE_VERSION = pkg.version;
export const CRAWL_VERSION = `crawl-${pkg.version}`;
export const NORMALIZE_VERSION = `normalize-1+${pkg.version}`;
export const DEDUP_VERSION = `dedup-2+${pkg.version}`;
export const EXTRACT_VERSION = `extract-1+${pkg.version}`;
export const AGGREGATE_VERSION = `aggregate-1+${pkg.version}`;
