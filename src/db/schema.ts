/**
 * Database schema: one table per pipeline stage; every derived row carries the version of the
 * code (and taxonomy) that produced it, so any figure can be traced back to postings and recomputed.
 *
 *   sources ─< crawl_runs ─< crawl_errors
 *   raw_postings (crawl)  →  vacancies (normalize)  →  vacancy_clusters + cluster_members (dedup)
 *   → function_matches + skill_matches + skill_candidate_sightings (extract)
 *   → series_vacancies + series_skills (aggregate)
 */
import {
  bigint,
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const sources = pgTable('sources', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  adapter: text('adapter').notNull(),
  config: jsonb('config').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const crawlRuns = pgTable(
  'crawl_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sourceId: text('source_id').notNull(),
    trigger: text('trigger').notNull(), // cli | schedule | demo | test
    status: text('status').notNull(), // running | ok | partial | failed
    startedAt: ts('started_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
    pagesFetched: integer('pages_fetched').notNull().default(0),
    postingsFound: integer('postings_found').notNull().default(0),
    postingsNew: integer('postings_new').notNull().default(0),
    postingsUpdated: integer('postings_updated').notNull().default(0),
    postingsUnchanged: integer('postings_unchanged').notNull().default(0),
    postingsClosed: integer('postings_closed').notNull().default(0),
    errors: integer('errors').notNull().default(0),
    message: text('message'),
    codeVersion: text('code_version').notNull(),
  },
  (t) => [index('crawl_runs_source_idx').on(t.sourceId, t.startedAt)],
);

export const crawlErrors = pgTable(
  'crawl_errors',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: bigint('run_id', { mode: 'number' }),
    sourceId: text('source_id').notNull(),
    stage: text('stage').notNull(), // crawl | normalize | dedup | extract
    url: text('url'),
    error: text('error').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('crawl_errors_source_idx').on(t.sourceId, t.at)],
);

/** Stage 1 (crawl): every distinct version of a posting as fetched. Never updated except payload retention. */
export const rawPostings = pgTable(
  'raw_postings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sourceId: text('source_id').notNull(),
    sourceKey: text('source_key').notNull(), // external id or canonical URL
    url: text('url').notNull(),
    contentHash: text('content_hash').notNull(),
    posting: jsonb('posting').notNull(), // RawPosting as extracted
    payload: text('payload'), // raw item (JSON-LD / HTML / feed item); nulled by retention
    runId: bigint('run_id', { mode: 'number' }),
    fetchedAt: ts('fetched_at').notNull().defaultNow(),
    codeVersion: text('code_version').notNull(),
  },
  (t) => [
    uniqueIndex('raw_postings_version_uq').on(t.sourceId, t.sourceKey, t.contentHash),
    index('raw_postings_fetched_idx').on(t.fetchedAt),
  ],
);

/** Stage 2 (normalize): one row per posting per source (a source listing), with normalized fields. */
export const vacancies = pgTable(
  'vacancies',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sourceId: text('source_id').notNull(),
    sourceKey: text('source_key').notNull(),
    externalId: text('external_id'),
    url: text('url').notNull(),
    rawPostingId: bigint('raw_posting_id', { mode: 'number' }).notNull(),
    contentHash: text('content_hash').notNull(),
    title: text('title').notNull(),
    titleNormalized: text('title_normalized').notNull(),
    description: text('description').notNull(),
    employerName: text('employer_name'),
    employerNormalized: text('employer_normalized'),
    isIntermediary: boolean('is_intermediary').notNull().default(false),
    realEmployer: text('real_employer'),
    gemeenteCode: text('gemeente_code'),
    /** woonplaats code within the gemeente, when the posting names one (dedup: same employer, other place). */
    locality: text('locality'),
    gemeente: text('gemeente'),
    provincie: text('provincie'),
    corop: text('corop'),
    arbeidsmarktregio: text('arbeidsmarktregio'),
    hoursMin: real('hours_min'),
    hoursMax: real('hours_max'),
    salaryMin: real('salary_min'),
    salaryMax: real('salary_max'),
    salaryScale: text('salary_scale'),
    educationLevel: text('education_level'),
    contractType: text('contract_type'),
    bigRequired: boolean('big_required').notNull().default(false),
    branch: text('branch').notNull(),
    language: text('language').notNull(),
    datePosted: date('date_posted', { mode: 'string' }),
    validThrough: date('valid_through', { mode: 'string' }),
    issues: jsonb('issues').notNull().default([]),
    firstSeen: ts('first_seen').notNull(),
    lastSeen: ts('last_seen').notNull(),
    closedAt: ts('closed_at'),
    missedRuns: integer('missed_runs').notNull().default(0),
    clusterId: bigint('cluster_id', { mode: 'number' }),
    normalizeVersion: text('normalize_version').notNull(),
  },
  (t) => [
    uniqueIndex('vacancies_source_key_uq').on(t.sourceId, t.sourceKey),
    index('vacancies_cluster_idx').on(t.clusterId),
    index('vacancies_last_seen_idx').on(t.sourceId, t.lastSeen),
  ],
);

/** Dedup lookup keys (exact keys and MinHash LSH band keys) of each vacancy: candidates without all-pairs. */
export const vacancyDedupKeys = pgTable(
  'vacancy_dedup_keys',
  {
    key: text('key').notNull(),
    vacancyId: bigint('vacancy_id', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.vacancyId] }), index('vacancy_dedup_keys_vacancy_idx').on(t.vacancyId)],
);

/** Stage 3 (dedup): one row per real vacancy. */
export const vacancyClusters = pgTable(
  'vacancy_clusters',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    canonicalVacancyId: bigint('canonical_vacancy_id', { mode: 'number' }).notNull(),
    title: text('title').notNull(),
    employer: text('employer'),
    gemeenteCode: text('gemeente_code'),
    gemeente: text('gemeente'),
    provincie: text('provincie'),
    arbeidsmarktregio: text('arbeidsmarktregio'),
    branch: text('branch').notNull(),
    functionId: text('function_id'),
    functionConfidence: real('function_confidence'),
    /** Start of the vacancy: earliest of date posted and first sighting over all members. */
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    firstSeen: ts('first_seen').notNull(),
    lastSeen: ts('last_seen').notNull(),
    closedAt: ts('closed_at'),
    memberCount: integer('member_count').notNull().default(1),
    sourceCount: integer('source_count').notNull().default(1),
    /** How many times the vacancy was reposted after a close (repost within the window continues it). */
    repostCount: integer('repost_count').notNull().default(0),
    dedupVersion: text('dedup_version').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('vacancy_clusters_opened_idx').on(t.openedOn), index('vacancy_clusters_fn_idx').on(t.functionId)],
);

/** Provenance: how each posting joined its cluster. */
export const clusterMembers = pgTable(
  'cluster_members',
  {
    vacancyId: bigint('vacancy_id', { mode: 'number' }).primaryKey(),
    clusterId: bigint('cluster_id', { mode: 'number' }).notNull(),
    method: text('method').notNull(), // new | exact | near | meta
    score: real('score').notNull(),
    matchedVacancyId: bigint('matched_vacancy_id', { mode: 'number' }),
    reason: text('reason'),
    dedupVersion: text('dedup_version').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('cluster_members_cluster_idx').on(t.clusterId)],
);

/** Stage 4 (extract): function classification per vacancy and taxonomy version. */
export const functionMatches = pgTable(
  'function_matches',
  {
    vacancyId: bigint('vacancy_id', { mode: 'number' }).notNull(),
    taxonomyVersion: text('taxonomy_version').notNull(),
    conceptId: text('concept_id'),
    label: text('label'),
    method: text('method').notNull(),
    confidence: real('confidence').notNull(),
    isco: text('isco'),
    escoUri: text('esco_uri'),
    codeVersion: text('code_version').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.vacancyId, t.taxonomyVersion] })],
);

export const skillMatches = pgTable(
  'skill_matches',
  {
    vacancyId: bigint('vacancy_id', { mode: 'number' }).notNull(),
    taxonomyVersion: text('taxonomy_version').notNull(),
    conceptId: text('concept_id').notNull(),
    label: text('label').notNull(),
    method: text('method').notNull(),
    score: real('score').notNull(),
    spanText: text('span_text').notNull(),
    spanStart: integer('span_start').notNull(),
    spanEnd: integer('span_end').notNull(),
    section: text('section'),
    codeVersion: text('code_version').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.vacancyId, t.taxonomyVersion, t.conceptId] }),
    index('skill_matches_concept_idx').on(t.conceptId, t.taxonomyVersion),
  ],
);

/** Requirement phrases that matched no concept: candidates for the taxonomy. */
export const skillCandidateSightings = pgTable(
  'skill_candidate_sightings',
  {
    vacancyId: bigint('vacancy_id', { mode: 'number' }).notNull(),
    taxonomyVersion: text('taxonomy_version').notNull(),
    phrase: text('phrase').notNull(),
  },
  (t) => [primaryKey({ columns: [t.vacancyId, t.taxonomyVersion, t.phrase] }), index('skill_candidates_phrase_idx').on(t.phrase)],
);

/** Taxonomy concepts loaded from taxonomies/ (for SQL views and BI tools). */
export const taxonomyConcepts = pgTable(
  'taxonomy_concepts',
  {
    id: text('id').notNull(),
    taxonomyVersion: text('taxonomy_version').notNull(),
    type: text('type').notNull(),
    prefLabel: text('pref_label').notNull(),
    altLabels: jsonb('alt_labels').notNull(),
    parent: text('parent'),
    esco: text('esco'),
    isco: text('isco'),
  },
  (t) => [primaryKey({ columns: [t.id, t.taxonomyVersion] })],
);

/** Stage 5 (aggregate): vacancy series per period × region × branch × function ('*' = all). */
export const seriesVacancies = pgTable(
  'series_vacancies',
  {
    periodType: text('period_type').notNull(), // week | month
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    regionLevel: text('region_level').notNull(), // all | provincie | arbeidsmarktregio
    region: text('region').notNull(),
    branch: text('branch').notNull(),
    functionId: text('function_id').notNull(),
    newVacancies: integer('new_vacancies').notNull(),
    openStock: integer('open_stock').notNull(),
    closed: integer('closed').notNull(),
    medianOpenDays: doublePrecision('median_open_days'),
    repostRate: doublePrecision('repost_rate'),
    postingIntensity: doublePrecision('posting_intensity'),
    codeVersion: text('code_version').notNull(),
    taxonomyVersion: text('taxonomy_version').notNull(),
    computedAt: ts('computed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.periodType, t.periodStart, t.regionLevel, t.region, t.branch, t.functionId] }),
  ],
);

export const seriesSkills = pgTable(
  'series_skills',
  {
    periodType: text('period_type').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    regionLevel: text('region_level').notNull(),
    region: text('region').notNull(),
    skillId: text('skill_id').notNull(),
    vacanciesWithSkill: integer('vacancies_with_skill').notNull(),
    vacanciesTotal: integer('vacancies_total').notNull(),
    share: doublePrecision('share').notNull(),
    codeVersion: text('code_version').notNull(),
    taxonomyVersion: text('taxonomy_version').notNull(),
    computedAt: ts('computed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.periodType, t.periodStart, t.regionLevel, t.region, t.skillId] })],
);

/** Job-seeker counts per function group × region × period (imported CSV, e.g. from UWV). */
export const jobSeekers = pgTable(
  'job_seekers',
  {
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    regionLevel: text('region_level').notNull(),
    region: text('region').notNull(),
    functionId: text('function_id').notNull(),
    count: integer('count').notNull(),
    source: text('source').notNull(),
    importedAt: ts('imported_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.periodStart, t.regionLevel, t.region, t.functionId] })],
);

/** Employee counts per branch × region × period (imported CSV, e.g. from the regional labour-market report). */
export const employment = pgTable(
  'employment',
  {
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    regionLevel: text('region_level').notNull(),
    region: text('region').notNull(),
    branch: text('branch').notNull(),
    employees: integer('employees').notNull(),
    source: text('source').notNull(),
    importedAt: ts('imported_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.periodStart, t.regionLevel, t.region, t.branch] })],
);
