/** Demo sources pointing at the offline replica (`{{REPLICA}}` is replaced by the replica's base URL). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSources, type SourceConfig } from '../sources';

export const DEMO_SOURCES_FILE = fileURLToPath(new URL('./sources.demo.json', import.meta.url));

/** Replace {{REPLICA}} in every string of a JSON value. */
function substitute<T>(value: T, base: string): T {
  if (typeof value === 'string') return value.split('{{REPLICA}}').join(base) as T;
  if (Array.isArray(value)) return value.map((v) => substitute(v, base)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, base)])) as T;
  return value;
}

export function demoSources(baseUrl: string): SourceConfig[] {
  const base = baseUrl.replace(/\/+$/, '');
  const raw = JSON.parse(readFileSync(DEMO_SOURCES_FILE, 'utf8')) as unknown;
  return parseSources(substitute(raw, base), DEMO_SOURCES_FILE);
}
