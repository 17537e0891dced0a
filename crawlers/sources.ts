/**
 * Source registry: which platforms / career sites are crawled, with which adapter and how politely.
 *
 * Validation is strict on purpose: a source config is effectively "code" that makes the crawler talk to
 * the internet, so we reject non-http(s) URLs and private/loopback hosts (SSRF guard) unless the source is
 * explicitly marked `allowPrivateHosts: true` (only the bundled offline replica and tests do that) or lists the
 * private hosts it may use (`allowPrivateHosts: ["127.0.0.1:4123"]`, tests only). The literal check here is
 * repeated at fetch time together with a DNS check of every address (crawlers/netguard.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { checkCrawlUrl } from './netguard';

export { checkCrawlUrl, isPrivateAddress, isPrivateHost } from './netguard';

export const ADAPTERS = ['jsonld', 'listing', 'ats-json', 'xml-feed'] as const;
export const ATS_FORMATS = ['recruitee', 'homerun', 'workday', 'xml'] as const;

export type Adapter = (typeof ADAPTERS)[number];
export type AtsFormat = (typeof ATS_FORMATS)[number];

const cronField = /^[\d*/,-]+$|^[A-Za-z]{3}(-[A-Za-z]{3})?$/;

const listSelectors = z.object({
  item: z.string().min(1),
  link: z.string().min(1),
  next: z.string().min(1).optional(),
});

const detailSelectors = z.object({
  title: z.string().min(1),
  description: z.string().min(1),
  employer: z.string().optional(),
  location: z.string().optional(),
  hours: z.string().optional(),
  salary: z.string().optional(),
  date: z.string().optional(),
});

const atsConfig = z.object({
  format: z.enum(ATS_FORMATS),
  /** Query parameter used for pagination (e.g. "page" or "offset"). No pagination when absent. */
  pageParam: z.string().min(1).optional(),
  /** First value of pageParam (default 1 for page, 0 for offset-like params). */
  pageStart: z.number().int().min(0).optional(),
  /** Increment per page (default 1; use the page size for offset pagination). */
  pageStep: z.number().int().min(1).optional(),
  maxPages: z.number().int().min(1).max(500).optional(),
  /** XML feeds: element name of one vacancy (default: auto-detect job|vacancy|vacature|item). */
  itemElement: z.string().optional(),
  /** Base used to resolve relative paths in the feed (e.g. Workday externalPath). Defaults to the feed URL. */
  linkBase: z.string().url().optional(),
  /** HTTP method of the feed request (Workday's jobs endpoint is a POST). Default GET. */
  method: z.enum(['GET', 'POST']).optional(),
  /** JSON body for POST feeds; with pageParam the paging field is set inside this body (e.g. "offset"). */
  body: z.record(z.string(), z.unknown()).optional(),
});

export const sourceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id must be kebab-case (a-z, 0-9, single dashes)'),
    name: z.string().min(1),
    kind: z.enum(['platform', 'employer', 'ats']),
    adapter: z.enum(ADAPTERS),
    startUrls: z.array(z.string()).min(1, 'at least one start URL is required'),
    sitemap: z.boolean().optional(),
    /** Optional regex: which URLs (from a sitemap or a listing page) are vacancy detail pages. */
    detailUrlPattern: z.string().optional(),
    schedule: z.string().refine((s) => {
      const parts = s.trim().split(/\s+/);
      return (parts.length === 5 || parts.length === 6) && parts.every((p) => cronField.test(p));
    }, 'schedule must be a 5- or 6-field cron expression'),
    /** Real sites: keep this low (6–30). High values exist for the local replica and benchmarks. */
    rateLimitPerMinute: z.number().int().min(1).max(20_000),
    maxConcurrency: z.number().int().min(1).max(20),
    browser: z.boolean(),
    selectors: z.object({ list: listSelectors.optional(), detail: detailSelectors.optional() }).optional(),
    ats: atsConfig.optional(),
    region: z.array(z.string()).optional(),
    branch: z.string().optional(),
    verification: z.enum(['verified-local', 'unverified', 'assumed-structure']),
    verificationNote: z.string().optional(),
    enabled: z.boolean(),
    /** true: private/loopback hosts allowed (offline replica, tests); a list: only these hosts ("host" or "host:port"). */
    allowPrivateHosts: z.union([z.boolean(), z.array(z.string().min(1))]).optional(),
  })
  .superRefine((s, ctx) => {
    s.startUrls.forEach((u, i) => {
      const problem = checkCrawlUrl(u, s.allowPrivateHosts ?? false);
      if (problem) ctx.addIssue({ code: 'custom', path: ['startUrls', i], message: problem });
    });
    if (s.detailUrlPattern) {
      try {
        new RegExp(s.detailUrlPattern);
      } catch {
        ctx.addIssue({ code: 'custom', path: ['detailUrlPattern'], message: 'detailUrlPattern is not a valid regular expression' });
      }
    }
    if (s.adapter === 'listing' && !s.selectors?.list) {
      ctx.addIssue({ code: 'custom', path: ['selectors', 'list'], message: 'the listing adapter needs selectors.list' });
    }
    if ((s.adapter === 'ats-json' || s.adapter === 'xml-feed') && !s.ats) {
      ctx.addIssue({ code: 'custom', path: ['ats'], message: `the ${s.adapter} adapter needs an ats block` });
    }
    if (s.adapter === 'ats-json' && s.ats?.format === 'xml') {
      ctx.addIssue({ code: 'custom', path: ['ats', 'format'], message: 'ats-json cannot use format "xml" (use adapter xml-feed)' });
    }
    if (s.ats?.method === 'POST' && s.browser) {
      ctx.addIssue({ code: 'custom', path: ['ats', 'method'], message: 'POST feeds are fetched over HTTP; set browser: false' });
    }
    if (s.ats?.body && s.ats.method !== 'POST') {
      ctx.addIssue({ code: 'custom', path: ['ats', 'body'], message: 'ats.body needs ats.method "POST"' });
    }
    if (s.adapter === 'xml-feed' && s.ats && s.ats.format !== 'xml') {
      ctx.addIssue({ code: 'custom', path: ['ats', 'format'], message: 'xml-feed needs ats.format "xml"' });
    }
  });

export type SourceConfig = z.infer<typeof sourceSchema>;

export class SourceConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceConfigError';
  }
}

function describeIssues(error: z.ZodError, label: string): string {
  return error.issues.map((i) => `source ${label}: ${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`).join('\n');
}

/** Validate an already-parsed array of source objects. Throws SourceConfigError naming every bad source id. */
export function parseSources(data: unknown, origin = 'sources'): SourceConfig[] {
  if (!Array.isArray(data)) {
    const inner = data && typeof data === 'object' && Array.isArray((data as any).sources) ? (data as any).sources : null;
    if (!inner) throw new SourceConfigError(`${origin}: expected a JSON array of sources (or { "sources": [...] })`);
    data = inner;
  }
  const out: SourceConfig[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  (data as unknown[]).forEach((item, idx) => {
    const id = item && typeof item === 'object' && typeof (item as any).id === 'string' ? (item as any).id : `#${idx}`;
    const r = sourceSchema.safeParse(item);
    if (!r.success) {
      problems.push(describeIssues(r.error, `"${id}"`));
      return;
    }
    if (seen.has(r.data.id)) {
      problems.push(`source "${r.data.id}": duplicate id`);
      return;
    }
    seen.add(r.data.id);
    out.push(r.data);
  });
  if (problems.length) throw new SourceConfigError(`${origin}: invalid source configuration\n${problems.join('\n')}`);
  return out;
}

export const DEFAULT_SOURCES_FILE = fileURLToPath(new URL('./sources.json', import.meta.url));

/** Load and validate the source registry. Order: explicit file, env SOURCES_FILE, crawlers/sources.json. */
export function loadSources(file?: string): SourceConfig[] {
  const path = file ?? process.env.SOURCES_FILE ?? DEFAULT_SOURCES_FILE;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SourceConfigError(`cannot read sources file ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SourceConfigError(`sources file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parseSources(json, path);
}
