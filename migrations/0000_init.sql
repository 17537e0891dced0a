CREATE TABLE "cluster_members" (
	"vacancy_id" bigint PRIMARY KEY NOT NULL,
	"cluster_id" bigint NOT NULL,
	"method" text NOT NULL,
	"score" real NOT NULL,
	"matched_vacancy_id" bigint,
	"reason" text,
	"dedup_version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crawl_errors" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" bigint,
	"source_id" text NOT NULL,
	"stage" text NOT NULL,
	"url" text,
	"error" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crawl_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"pages_fetched" integer DEFAULT 0 NOT NULL,
	"postings_found" integer DEFAULT 0 NOT NULL,
	"postings_new" integer DEFAULT 0 NOT NULL,
	"postings_updated" integer DEFAULT 0 NOT NULL,
	"postings_unchanged" integer DEFAULT 0 NOT NULL,
	"postings_closed" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	"message" text,
	"code_version" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employment" (
	"period_start" date NOT NULL,
	"region_level" text NOT NULL,
	"region" text NOT NULL,
	"branch" text NOT NULL,
	"employees" integer NOT NULL,
	"source" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "employment_period_start_region_level_region_branch_pk" PRIMARY KEY("period_start","region_level","region","branch")
);
--> statement-breakpoint
CREATE TABLE "function_matches" (
	"vacancy_id" bigint NOT NULL,
	"taxonomy_version" text NOT NULL,
	"concept_id" text,
	"label" text,
	"method" text NOT NULL,
	"confidence" real NOT NULL,
	"isco" text,
	"esco_uri" text,
	"code_version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "function_matches_vacancy_id_taxonomy_version_pk" PRIMARY KEY("vacancy_id","taxonomy_version")
);
--> statement-breakpoint
CREATE TABLE "job_seekers" (
	"period_start" date NOT NULL,
	"region_level" text NOT NULL,
	"region" text NOT NULL,
	"function_id" text NOT NULL,
	"count" integer NOT NULL,
	"source" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_seekers_period_start_region_level_region_function_id_pk" PRIMARY KEY("period_start","region_level","region","function_id")
);
--> statement-breakpoint
CREATE TABLE "raw_postings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"url" text NOT NULL,
	"content_hash" text NOT NULL,
	"posting" jsonb NOT NULL,
	"payload" text,
	"run_id" bigint,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	"code_version" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "series_skills" (
	"period_type" text NOT NULL,
	"period_start" date NOT NULL,
	"region_level" text NOT NULL,
	"region" text NOT NULL,
	"skill_id" text NOT NULL,
	"vacancies_with_skill" integer NOT NULL,
	"vacancies_total" integer NOT NULL,
	"share" double precision NOT NULL,
	"code_version" text NOT NULL,
	"taxonomy_version" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "series_skills_period_type_period_start_region_level_region_skill_id_pk" PRIMARY KEY("period_type","period_start","region_level","region","skill_id")
);
--> statement-breakpoint
CREATE TABLE "series_vacancies" (
	"period_type" text NOT NULL,
	"period_start" date NOT NULL,
	"region_level" text NOT NULL,
	"region" text NOT NULL,
	"branch" text NOT NULL,
	"function_id" text NOT NULL,
	"new_vacancies" integer NOT NULL,
	"open_stock" integer NOT NULL,
	"closed" integer NOT NULL,
	"median_open_days" double precision,
	"repost_rate" double precision,
	"posting_intensity" double precision,
	"code_version" text NOT NULL,
	"taxonomy_version" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "series_vacancies_period_type_period_start_region_level_region_branch_function_id_pk" PRIMARY KEY("period_type","period_start","region_level","region","branch","function_id")
);
--> statement-breakpoint
CREATE TABLE "skill_candidate_sightings" (
	"vacancy_id" bigint NOT NULL,
	"taxonomy_version" text NOT NULL,
	"phrase" text NOT NULL,
	CONSTRAINT "skill_candidate_sightings_vacancy_id_taxonomy_version_phrase_pk" PRIMARY KEY("vacancy_id","taxonomy_version","phrase")
);
--> statement-breakpoint
CREATE TABLE "skill_matches" (
	"vacancy_id" bigint NOT NULL,
	"taxonomy_version" text NOT NULL,
	"concept_id" text NOT NULL,
	"label" text NOT NULL,
	"method" text NOT NULL,
	"score" real NOT NULL,
	"span_text" text NOT NULL,
	"span_start" integer NOT NULL,
	"span_end" integer NOT NULL,
	"section" text,
	"code_version" text NOT NULL,
	CONSTRAINT "skill_matches_vacancy_id_taxonomy_version_concept_id_pk" PRIMARY KEY("vacancy_id","taxonomy_version","concept_id")
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"adapter" text NOT NULL,
	"config" jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "taxonomy_concepts" (
	"id" text NOT NULL,
	"taxonomy_version" text NOT NULL,
	"type" text NOT NULL,
	"pref_label" text NOT NULL,
	"alt_labels" jsonb NOT NULL,
	"parent" text,
	"esco" text,
	"isco" text,
	CONSTRAINT "taxonomy_concepts_id_taxonomy_version_pk" PRIMARY KEY("id","taxonomy_version")
);
--> statement-breakpoint
CREATE TABLE "vacancies" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"source_key" text NOT NULL,
	"external_id" text,
	"url" text NOT NULL,
	"raw_posting_id" bigint NOT NULL,
	"content_hash" text NOT NULL,
	"title" text NOT NULL,
	"title_normalized" text NOT NULL,
	"description" text NOT NULL,
	"employer_name" text,
	"employer_normalized" text,
	"is_intermediary" boolean DEFAULT false NOT NULL,
	"real_employer" text,
	"gemeente_code" text,
	"gemeente" text,
	"provincie" text,
	"corop" text,
	"arbeidsmarktregio" text,
	"hours_min" real,
	"hours_max" real,
	"salary_min" real,
	"salary_max" real,
	"salary_scale" text,
	"education_level" text,
	"contract_type" text,
	"big_required" boolean DEFAULT false NOT NULL,
	"branch" text NOT NULL,
	"language" text NOT NULL,
	"date_posted" date,
	"valid_through" date,
	"issues" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"missed_runs" integer DEFAULT 0 NOT NULL,
	"cluster_id" bigint,
	"normalize_version" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vacancy_clusters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"canonical_vacancy_id" bigint NOT NULL,
	"title" text NOT NULL,
	"employer" text,
	"gemeente_code" text,
	"gemeente" text,
	"provincie" text,
	"arbeidsmarktregio" text,
	"branch" text NOT NULL,
	"function_id" text,
	"function_confidence" real,
	"opened_on" date NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"member_count" integer DEFAULT 1 NOT NULL,
	"source_count" integer DEFAULT 1 NOT NULL,
	"repost_count" integer DEFAULT 0 NOT NULL,
	"dedup_version" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vacancy_dedup_keys" (
	"key" text NOT NULL,
	"vacancy_id" bigint NOT NULL,
	CONSTRAINT "vacancy_dedup_keys_key_vacancy_id_pk" PRIMARY KEY("key","vacancy_id")
);
--> statement-breakpoint
CREATE INDEX "cluster_members_cluster_idx" ON "cluster_members" USING btree ("cluster_id");--> statement-breakpoint
CREATE INDEX "crawl_errors_source_idx" ON "crawl_errors" USING btree ("source_id","at");--> statement-breakpoint
CREATE INDEX "crawl_runs_source_idx" ON "crawl_runs" USING btree ("source_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "raw_postings_version_uq" ON "raw_postings" USING btree ("source_id","source_key","content_hash");--> statement-breakpoint
CREATE INDEX "raw_postings_fetched_idx" ON "raw_postings" USING btree ("fetched_at");--> statement-breakpoint
CREATE INDEX "skill_candidates_phrase_idx" ON "skill_candidate_sightings" USING btree ("phrase");--> statement-breakpoint
CREATE INDEX "skill_matches_concept_idx" ON "skill_matches" USING btree ("concept_id","taxonomy_version");--> statement-breakpoint
CREATE UNIQUE INDEX "vacancies_source_key_uq" ON "vacancies" USING btree ("source_id","source_key");--> statement-breakpoint
CREATE INDEX "vacancies_cluster_idx" ON "vacancies" USING btree ("cluster_id");--> statement-breakpoint
CREATE INDEX "vacancies_last_seen_idx" ON "vacancies" USING btree ("source_id","last_seen");--> statement-breakpoint
CREATE INDEX "vacancy_clusters_opened_idx" ON "vacancy_clusters" USING btree ("opened_on");--> statement-breakpoint
CREATE INDEX "vacancy_clusters_fn_idx" ON "vacancy_clusters" USING btree ("function_id");--> statement-breakpoint
CREATE INDEX "vacancy_dedup_keys_vacancy_idx" ON "vacancy_dedup_keys" USING btree ("vacancy_id");