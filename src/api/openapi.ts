/** OpenAPI 3 description of the HTTP API (served at /openapi.json). */
import { CODE_VERSION } from '../versions';

const q = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }, example?: string) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
  ...(example !== undefined ? { example } : {}),
});

const region = q('region', 'Region name: a provincie ("Fryslân", "Friesland", "fryslan") or an arbeidsmarktregio; "*" = whole area', undefined, 'Fryslân');
const level = q('level', 'Region level when no region is given (every region of that level)', { type: 'string', enum: ['all', 'provincie', 'arbeidsmarktregio'] });
const fn = q('function', 'Function id or label ("verzorgende-ig", "fn:verzorgende-ig", "Verzorgende IG"); "*" = all functions', undefined, 'verzorgende-ig');
const by = q('by', 'Period type', { type: 'string', enum: ['month', 'week'], default: 'month' });
const from = q('from', 'First period (YYYY-MM, YYYY-MM-DD, YYYY-Qn, YYYY-Wnn)');
const to = q('to', 'End period, exclusive');

const obj = (props: Record<string, unknown>) => ({ type: 'object', properties: props });
const arr = (items: Record<string, unknown>) => ({ type: 'array', items });
const n = { type: 'number', nullable: true };
const s = { type: 'string', nullable: true };
const ok = (description: string, schema: Record<string, unknown>) => ({
  200: { description, content: { 'application/json': { schema } } },
  400: { $ref: '#/components/responses/BadRequest' },
  401: { $ref: '#/components/responses/Unauthorized' },
});

export function openApiSpec(): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Noord vacancy monitor API',
      version: CODE_VERSION,
      description:
        'Vacancy series, tightness (UWV ratio, Kaplan–Meier open duration, vacancies per 1,000 employees), skill trends and ' +
        'emerging skills for zorg en welzijn in Groningen, Fryslân and Drenthe. The same queries as the `vacatures` CLI. ' +
        'Every path except /health needs `Authorization: Bearer <API_TOKEN>`.',
    },
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'API_TOKEN from the environment' } },
      responses: {
        BadRequest: { description: 'Invalid parameter', content: { 'application/json': { schema: obj({ error: { type: 'string' } }) } } },
        Unauthorized: { description: 'Missing or wrong token', content: { 'application/json': { schema: obj({ error: { type: 'string' } }) } } },
      },
    },
    paths: {
      '/health': {
        get: {
          summary: 'Liveness and database check (no token needed)',
          security: [],
          responses: { 200: { description: 'ok', content: { 'application/json': { schema: obj({ status: { type: 'string' }, db: { type: 'string' } }) } } } },
        },
      },
      '/openapi.json': { get: { summary: 'This description', responses: { 200: { description: 'OpenAPI 3 document' } } } },
      '/api/meta': {
        get: {
          summary: 'Filters for the dashboard: regions, functions and skills present in the data, taxonomy version, observation date',
          responses: ok('meta', obj({ taxonomyVersion: { type: 'string' }, observationDate: s, regions: arr(obj({})), functions: arr(obj({})), skills: arr(obj({})) })),
        },
      },
      '/api/trends/skill': {
        get: {
          summary: 'Share of new vacancies asking for a skill per period × region (= `vacatures trends skill`)',
          parameters: [{ ...q('skill', 'Skill id or label', undefined, 'wondzorg'), required: true }, region, level, by, fn, from, to],
          responses: ok(
            'trend',
            obj({
              skill: obj({ id: { type: 'string' }, label: { type: 'string' } }),
              rows: arr(obj({ periodStart: { type: 'string' }, region: { type: 'string' }, vacanciesWithSkill: { type: 'integer' }, vacanciesTotal: { type: 'integer' }, share: { type: 'number' } })),
            }),
          ),
        },
      },
      '/api/tightness': {
        get: {
          summary: 'UWV tightness (open vacancies ÷ job seekers, five bands) and Kaplan–Meier open duration per function × region (= `vacatures tightness`)',
          parameters: [fn, region, level, q('asOf', 'Observation date (default: newest sighting)'), q('horizon', 'Days for the "still open after" share', { type: 'integer', default: 60 })],
          responses: ok(
            'tightness',
            obj({
              asOf: s,
              rows: arr(
                obj({
                  functionId: { type: 'string' }, functionLabel: { type: 'string' }, region: { type: 'string' }, openStock: { type: 'integer' },
                  jobSeekers: n, ratio: n, band: { type: 'string', nullable: true, enum: ['zeer ruim', 'ruim', 'gemiddeld', 'krap', 'zeer krap', null] },
                  status: { type: 'string' }, medianOpenDays: n, medianLower: n, medianUpper: n, openAfterHorizon: n, horizonDays: { type: 'integer' },
                }),
              ),
            }),
          ),
        },
      },
      '/api/vacancy-rate': {
        get: {
          summary: 'Open vacancies per 1,000 employees per branch (= `vacatures vacancy-rate`)',
          parameters: [region, level, q('asOf', 'Month of the open stock (default: the newest)', undefined, '2025-03')],
          responses: ok('rate', obj({ rows: arr(obj({ branch: { type: 'string' }, region: { type: 'string' }, openStock: { type: 'integer' }, employees: n, per1000: n })) })),
        },
      },
      '/api/emerging': {
        get: {
          summary: 'Emerging skills: weighted log-odds with a Dirichlet prior (z-score) or two-proportion test with BH q-values (= `vacatures emerging`)',
          parameters: [
            q('since', 'Start of the recent period (default: 3 months before the newest data)', undefined, '2025-01'),
            q('until', 'End of the recent period, exclusive'),
            q('referenceSince', 'Start of the reference period (default: equally long period before since)'),
            q('referenceUntil', 'End of the reference period (default: since)'),
            region, level, fn,
            q('minSupport', 'Minimum vacancies with the skill in the recent period', { type: 'integer', default: 5 }),
            q('method', 'Statistic', { type: 'string', enum: ['logodds', 'ztest'], default: 'logodds' }),
            q('limit', 'At most this many rows', { type: 'integer' }),
          ],
          responses: ok(
            'emerging',
            obj({
              method: { type: 'string' },
              recent: obj({ from: { type: 'string' }, to: { type: 'string' }, vacancies: { type: 'integer' } }),
              reference: obj({ from: { type: 'string' }, to: { type: 'string' }, vacancies: { type: 'integer' } }),
              rows: arr(obj({ skillId: { type: 'string' }, recent: { type: 'integer' }, reference: { type: 'integer' }, recentShare: { type: 'number' }, referenceShare: { type: 'number' }, z: { type: 'number' }, isNew: { type: 'boolean' } })),
            }),
          ),
        },
      },
      '/api/series': {
        get: {
          summary: 'Vacancy series from the aggregate stage: new, open stock, closed, median open days, repost rate, posting intensity',
          parameters: [by, region, level, fn, q('branch', 'Branch ("vvt", …) or "*"'), from, to],
          responses: ok('series', obj({ rows: arr(obj({ periodStart: { type: 'string' }, newVacancies: { type: 'integer' }, openStock: { type: 'integer' }, closed: { type: 'integer' }, medianOpenDays: n, repostRate: n, postingIntensity: n })) })),
        },
      },
      '/api/sources': {
        get: {
          summary: 'Source health: last run, yield against the recent median, errors (= `vacatures sources status`)',
          responses: ok('sources', obj({ rows: arr(obj({ sourceId: { type: 'string' }, lastStatus: s, lastFound: n, medianFound: n, flag: { type: 'string' } })) })),
        },
      },
    },
  };
}
