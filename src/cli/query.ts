/** Analyst queries, imports, exports and the API server. */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { config } from '../config';
import { openDb, type DbHandle } from '../db/client';
import { loadTaxonomies } from '../domain/extract';
import { ensureViews } from '../repositories/analytics.repo';
import * as queries from '../api/queries';
import { printTable, type OutputFormat } from './output';

const err = (m: string) => process.stderr.write(m + '\n');
const fmtOpt = () => new Option('--format <fmt>', 'output: table | csv | json').choices(['table', 'csv', 'json']).default('table');
const regionOpt = () => new Option('--region <name>', 'a provincie (Groningen, Fryslân/Friesland, Drenthe) or an arbeidsmarktregio; default: all');
const levelOpt = () =>
  new Option('--level <level>', 'region level: with --region, where to look the name up; without, one row per region of that level').choices(['all', 'provincie', 'arbeidsmarktregio']);
const functionOpt = () => new Option('--function <fn>', 'function id or label, e.g. verzorgende-ig (see `vacatures taxonomy list`)');

async function withDb<T>(fn: (ctx: queries.QueryContext, dbh: DbHandle) => Promise<T>): Promise<T> {
  const cfg = config();
  const dbh = await openDb({ databaseUrl: cfg.DATABASE_URL, pgliteDir: cfg.pgliteDir });
  try {
    return await fn({ db: dbh.db, taxonomy: loadTaxonomies() }, dbh);
  } finally {
    await dbh.close();
  }
}

const r3 = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 1000);

/** Commander options → the string parameters the shared queries take. */
function params(o: Record<string, unknown>, keys: Record<string, string>): Record<string, string | undefined> {
  const p: Record<string, string | undefined> = {};
  for (const [opt, key] of Object.entries(keys)) if (o[opt] !== undefined && o[opt] !== null) p[key] = String(o[opt]);
  return p;
}

export function registerQueryCommands(program: Command): void {
  // ─── trends ──────────────────────────────────────────────────────────────────────────────────
  const trends = program.command('trends').description('time series of what vacancies ask for');
  trends
    .command('skill <skill>')
    .description('share of new (unique) vacancies asking for a skill, per month or week and region')
    .addOption(regionOpt())
    .addOption(levelOpt())
    .addOption(new Option('--by <period>', 'period type').choices(['month', 'week']).default('month'))
    .addOption(functionOpt())
    .option('--from <period>', 'first period (YYYY-MM, YYYY-MM-DD, YYYY-Qn, YYYY-Wnn)')
    .option('--to <period>', 'end period (exclusive)')
    .addOption(fmtOpt())
    .addHelpText(
      'after',
      '\nExamples:\n  vacatures trends skill wondzorg --region Fryslân\n  vacatures trends skill "medicatie" --by week --function verzorgende-ig --format csv\n' +
        '  vacatures trends skill wondzorg --level provincie   # every provincie\n\n' +
        'Without --function the figures come from the aggregate series (series_skills); with --function they are\n' +
        'computed from the vacancy clusters with the same definitions. Share = vacancies with the skill ÷ new vacancies.',
    )
    .action(async (skill: string, o: Record<string, unknown>) => {
      await withDb(async (ctx) => {
        const r = await queries.trends(ctx, { skill, ...params(o, { region: 'region', level: 'level', by: 'by', function: 'function', from: 'from', to: 'to' }) });
        if (o.format === 'table') err(`${r.skill.label} (${r.skill.id}) · per ${r.periodType} · ${r.level}${r.functionId ? ` · ${r.functionId}` : ''}`);
        printTable(
          r.rows.map((x) => ({ period: x.periodStart, region: x.region, with_skill: x.vacanciesWithSkill, vacancies: x.vacanciesTotal, share: r3(x.share) })),
          o.format as OutputFormat,
        );
      });
    });

  // ─── tightness ───────────────────────────────────────────────────────────────────────────────
  program
    .command('tightness')
    .description('tightness per function × region: open vacancies ÷ job seekers (UWV bands) and Kaplan–Meier open duration')
    .addOption(functionOpt())
    .addOption(regionOpt())
    .addOption(levelOpt())
    .option('--as-of <date>', 'observation date (default: the newest sighting in the data)')
    .option('--all-functions', 'one row per region for all functions together')
    .option('--horizon <days>', 'days for the "still open after" share (open_after column)', '60')
    .addOption(fmtOpt())
    .addHelpText(
      'after',
      '\nBands (UWV): < 0.25 zeer ruim · 0.25–0.67 ruim · 0.67–1.5 gemiddeld · 1.5–4 krap · ≥ 4 zeer krap.\n' +
        'Job seekers come from `vacatures import job-seekers`; without them ratio and band are empty (status missing_job_seekers).\n' +
        'median_days: Kaplan–Meier median open duration (still-open vacancies censored at the observation date) with\n' +
        'its 95% CI; open_after: share still open after --horizon days (60).\n\nExample:\n  vacatures tightness --function verzorgende-ig --region Fryslân',
    )
    .action(async (o: Record<string, unknown>) => {
      await withDb(async (ctx) => {
        const p = params(o, { function: 'function', region: 'region', level: 'level', asOf: 'asOf', horizon: 'horizon' });
        if (o.allFunctions) p.function = '*';
        const r = await queries.tightness(ctx, p);
        if (o.format === 'table') err(`as of ${r.asOf ?? '– (no data)'} · level ${r.level}`);
        printTable(
          r.rows.map((x) => ({
            function: x.functionId, region: x.region, open: x.openStock, job_seekers: x.jobSeekers, ratio: r3(x.ratio), band: x.band ?? '',
            status: x.status, vacancies: x.vacancies, closed: x.closed, median_days: x.medianOpenDays,
            median_ci: x.medianOpenDays === null ? '' : `${x.medianLower ?? '?'}–${x.medianUpper ?? 'n.r.'}`, open_after: r3(x.openAfterHorizon),
          })),
          o.format as OutputFormat,
        );
      });
    });

  program
    .command('vacancy-rate')
    .description('open vacancies per 1,000 employees per branch (employment from `vacatures import employment`)')
    .addOption(regionOpt())
    .addOption(levelOpt())
    .option('--as-of <month>', 'month of the open stock (default: the newest), e.g. 2025-03')
    .addOption(fmtOpt())
    .action(async (o: Record<string, unknown>) => {
      await withDb(async (ctx) => {
        const r = await queries.vacancyRate(ctx, params(o, { region: 'region', level: 'level', asOf: 'asOf' }));
        printTable(
          r.rows.map((x) => ({ branch: x.branch, region: x.region, month: x.periodStart, open: x.openStock, employees: x.employees, employment_period: x.employmentPeriod, per_1000: r3(x.per1000) })),
          o.format as OutputFormat,
        );
      });
    });

  // ─── emerging ────────────────────────────────────────────────────────────────────────────────
  program
    .command('emerging')
    .description('skills asked for more in a recent period than in the period before (with uncertainty, minimum support, "new" flag)')
    .option('--since <period>', 'start of the recent period (default: 3 months before the newest data), e.g. 2025-01')
    .option('--until <period>', 'end of the recent period, exclusive (default: after the newest data)')
    .option('--reference-since <period>', 'start of the reference period (default: equally long period before --since)')
    .option('--reference-until <period>', 'end of the reference period (default: --since)')
    .addOption(regionOpt())
    .addOption(levelOpt())
    .addOption(functionOpt())
    .option('--min-support <n>', 'minimum vacancies with the skill in the recent period', '5')
    .addOption(new Option('--method <m>', 'logodds: weighted log-odds, Dirichlet prior (z); ztest: two-proportion test + BH q').choices(['logodds', 'ztest']).default('logodds'))
    .option('--limit <n>', 'show at most n skills', '30')
    .addOption(fmtOpt())
    .addHelpText(
      'after',
      '\nRanked by z (|z| > 1.96 ≈ 95%). "new" = no vacancy asked for the skill before --since.\nExample:\n  vacatures emerging --since 2025-01 --region Groningen',
    )
    .action(async (o: Record<string, unknown>) => {
      await withDb(async (ctx) => {
        const r = await queries.emerging(
          ctx,
          params(o, {
            since: 'since', until: 'until', referenceSince: 'referenceSince', referenceUntil: 'referenceUntil', region: 'region',
            level: 'level', function: 'function', minSupport: 'minSupport', method: 'method', limit: 'limit',
          }),
        );
        if (o.format === 'table')
          err(`recent ${r.recent.from}…${r.recent.to} (${r.recent.vacancies} vacancies) vs ${r.reference.from}…${r.reference.to} (${r.reference.vacancies}) · ${r.method} · min support ${r.minSupport}`);
        printTable(
          r.rows.map((x) => ({
            skill: x.skillId, label: x.label ?? '', recent: x.recent, reference: x.reference, share_recent: r3(x.recentShare), share_reference: r3(x.referenceShare),
            ...('logOdds' in x ? { log_odds: r3(x.logOdds), se: r3(x.se) } : { diff: r3(x.diff), p: r3(x.p), q: r3(x.q) }),
            z: r3(x.z), new: x.isNew ? 'new' : '',
          })),
          o.format as OutputFormat,
        );
      });
    });

  // ─── imports ─────────────────────────────────────────────────────────────────────────────────
  const imp = program
    .command('import')
    .description('import denominators from CSV (job seekers, employment); see each subcommand for the format');
  imp
    .command('job-seekers <csv>')
    .description('job seekers per function × region × period (e.g. UWV), for the tightness ratio')
    .option('--source <name>', 'source label stored with the rows (default: the file name; a "source" column wins)')
    .addHelpText(
      'after',
      '\nCSV (UTF-8, "," or ";", header line, # comment lines):\n  period_start,region_level,region,function_id,count\n  2025-01,arbeidsmarktregio,Friesland,verzorgende-ig,412\n' +
        'period_start: YYYY-MM[-DD] | YYYY-Qn | YYYY-Wnn; region_level: all | provincie | arbeidsmarktregio (region "*" for all);\n' +
        'function_id: id with or without "fn:", a label, or "*". A file with any bad line is rejected as a whole; re-import replaces.',
    )
    .action(async (file: string, o: { source?: string }) => {
      const { importJobSeekers } = await import('../services/imports');
      await withDb(async (ctx) => {
        const r = await importJobSeekers(ctx.db, file, { source: o.source, taxonomy: ctx.taxonomy });
        err(`imported ${r.rows} job-seeker rows from ${r.file}`);
      });
    });
  imp
    .command('employment <csv>')
    .description('employees per branch × region × period (e.g. the regional labour-market report), for vacancies per 1,000 employees')
    .option('--source <name>', 'source label stored with the rows (default: the file name; a "source" column wins)')
    .addHelpText(
      'after',
      '\nCSV:\n  period_start,region_level,region,branch,employees\n  2025-Q1,all,*,*,171800\n  2025-Q1,all,*,vvt,56500\n' +
        'branch: vvt | ziekenhuizen | ggz | gehandicaptenzorg | jeugdzorg | kinderopvang | sociaal-werk | huisartsen | overig | *',
    )
    .action(async (file: string, o: { source?: string }) => {
      const { importEmployment } = await import('../services/imports');
      await withDb(async (ctx) => {
        const r = await importEmployment(ctx.db, file, { source: o.source });
        err(`imported ${r.rows} employment rows from ${r.file}`);
      });
    });

  // ─── export ──────────────────────────────────────────────────────────────────────────────────
  program
    .command('export')
    .description('export the real vacancies with function and skills as CSV, Parquet and/or schema.org JSON-LD, with manifest.json')
    .requiredOption('--out <dir>', 'output directory (created if missing)')
    .option('--format <list>', 'comma-separated: csv, parquet, jsonld', 'csv,parquet,jsonld')
    .option('--since <date>', 'vacancies open at some time on or after this date (YYYY-MM[-DD])')
    .option('--until <date>', 'vacancies opened before this date')
    .option('--with-description', 'include the description text (contact names, e-mails and phone numbers stripped)')
    .addHelpText(
      'after',
      '\nFiles: vacancies.csv, vacancies.parquet, vacancies.jsonld (JobPosting @graph; skills and occupation as ESCO URIs)\n' +
        'and manifest.json (row counts, period, code/taxonomy versions, sha256 of every file). No personal data.',
    )
    .action(async (o: { out: string; format: string; since?: string; until?: string; withDescription?: boolean }) => {
      const { exportAll, EXPORT_FORMATS } = await import('../services/export');
      const { parsePeriod } = await import('../analytics/lookup');
      const formats = o.format.split(',').map((s) => s.trim()).filter(Boolean);
      for (const f of formats) if (!(EXPORT_FORMATS as readonly string[]).includes(f)) throw new Error(`unknown format "${f}" (use ${EXPORT_FORMATS.join(', ')})`);
      await withDb(async (ctx) => {
        const { currentTaxonomyVersion } = await import('../repositories/analytics.repo');
        const m = await exportAll(ctx.db, {
          outDir: path.resolve(o.out),
          formats: formats as never,
          taxonomy: ctx.taxonomy,
          taxonomyVersion: (await currentTaxonomyVersion(ctx.db)) ?? ctx.taxonomy.version,
          since: o.since ? parsePeriod(o.since) : undefined,
          until: o.until ? parsePeriod(o.until) : undefined,
          includeDescription: !!o.withDescription,
        });
        printTable(m.files.map((f) => ({ file: path.join(o.out, f.name), rows: f.rows, bytes: f.bytes, sha256: f.sha256.slice(0, 16) + '…' })), 'table');
        err(`manifest: ${path.join(o.out, 'manifest.json')}`);
      });
    });

  // ─── BI views ────────────────────────────────────────────────────────────────────────────────
  program
    .command('views')
    .description('create or replace the SQL views for BI tools (v_vacancies, v_skill_trends, v_tightness, v_vacancy_rate)')
    .action(async () => {
      await withDb(async (ctx, dbh) => {
        await ensureViews(ctx.db);
        err(`views created in ${dbh.kind} (${dbh.location})`);
      });
    });

  // ─── api ─────────────────────────────────────────────────────────────────────────────────────
  program
    .command('api')
    .description('serve the HTTP API (JSON, OpenAPI at /openapi.json) and the dashboard at /')
    .option('--host <host>', 'listen address (default API_HOST, 127.0.0.1)')
    .option('--port <n>', 'port (default API_PORT, 8080; 0 = any free port)', (v) => parseInt(v, 10))
    .option('--no-auth', 'run without a token (only allowed on a loopback host)')
    .addHelpText(
      'after',
      '\nAuth: every path except /health needs "Authorization: Bearer $API_TOKEN" (16+ characters).\n' +
        'Dashboard: open http://HOST:PORT/?token=$API_TOKEN once (the token is traded for an HttpOnly cookie).',
    )
    .action(async (o: { host?: string; port?: number; auth: boolean }) => {
      const cfg = config();
      const { startApi } = await import('../api/server');
      const dbh = await openDb({ databaseUrl: cfg.DATABASE_URL, pgliteDir: cfg.pgliteDir });
      try {
        await ensureViews(dbh.db);
        const srv = await startApi({
          db: dbh.db,
          taxonomy: loadTaxonomies(),
          host: o.host ?? cfg.API_HOST,
          port: o.port ?? cfg.API_PORT,
          token: o.auth ? cfg.API_TOKEN : undefined,
          noAuth: !o.auth,
        });
        err(`API on ${srv.url} (${o.auth ? 'token required' : 'NO AUTH, loopback only'}) · dashboard ${srv.url}/ · spec ${srv.url}/openapi.json · storage ${dbh.kind}`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await srv.close();
      } finally {
        await dbh.close();
      }
    });
}
