/**
 * Deterministic synthetic vacancy stream with a known duplicate structure, for the dedup benchmark and
 * the lead's ingestion/aggregate benchmarks.
 *
 * Each vacancy (truthVacancyId) is published by its employer and then, with fixed probabilities:
 *  - cross-posted verbatim-ish to 0–3 job boards (title with "(m/v)", hours and "| Place"; boilerplate added);
 *  - reposted by an intermediary (Randstad, Maandag…), naming the client in 80% of cases, text rewritten;
 *  - rewritten and reposted by the employer within the repost window (same vacancy);
 *  - reposted after a long gap (90–200 days) → a NEW truthVacancyId (the old one was closed);
 *  - opened as a sibling at a second location of the same employer (same text, other gemeente) → another vacancy.
 * Output is ordered by seenAt. Texts are materialized lazily from per-vacancy seeds, so memory stays
 * proportional to the number of vacancies that are still "active" (≤ ~200 days).
 *
 * Market size. The stream models one regional market (274 employers, 18 functions, 28 places) publishing at
 * a fixed rate, MARKET_POSTINGS_PER_DAY (100k postings in two years, ≈ 50 new vacancies a day): a larger n
 * is a longer history of that market, not the same two years packed denser. Packing used to be the default
 * (span fixed at 730 days) and made the truth ambiguous at scale: at 1M postings 34% of the vacancies had
 * another open vacancy (opened within 60 days) of the same employer with the same title in the same
 * gemeente, 10% with the same hours as well (at 100k: 5.0% and 1.2%). The latter differ only in their body
 * text (team, task list), which does not separate them either: a rewritten repost of one vacancy shares
 * almost no text with the original (labelled pairs: Jaccard ≤ 0.09), two such vacancies share some. So the
 * truth held pairs that no posting field (employer, title, place, hours) tells apart and text similarity
 * cannot either, ever more of them as n grew. Pass `spanDays` to
 * generate a denser market on purpose (a stress test of the index, not a truth to score F1 against).
 */
import type { RawPosting } from '../types';
import { mulberry32 } from '../dedup/hash';
import type { DedupRecord } from '../dedup/types';
import { normalizeEmployerName } from '../normalize/employer';
import { parseHours } from '../normalize/hours';
import { normalizeTitle } from '../normalize/title';

export type SyntheticPosting = RawPosting & { truthVacancyId: string; seenAt: string };

interface Place { name: string; pc: string; gemeenteCode: string }
const PLACES: Place[] = [
  { name: 'Groningen', pc: '9711', gemeenteCode: 'GM0014' }, { name: 'Leeuwarden', pc: '8911', gemeenteCode: 'GM0080' },
  { name: 'Assen', pc: '9401', gemeenteCode: 'GM0106' }, { name: 'Emmen', pc: '7811', gemeenteCode: 'GM0114' },
  { name: 'Drachten', pc: '9201', gemeenteCode: 'GM0090' }, { name: 'Heerenveen', pc: '8441', gemeenteCode: 'GM0074' },
  { name: 'Sneek', pc: '8601', gemeenteCode: 'GM1900' }, { name: 'Hoogeveen', pc: '7901', gemeenteCode: 'GM0118' },
  { name: 'Meppel', pc: '7941', gemeenteCode: 'GM0119' }, { name: 'Stadskanaal', pc: '9501', gemeenteCode: 'GM0037' },
  { name: 'Veendam', pc: '9641', gemeenteCode: 'GM0047' }, { name: 'Winschoten', pc: '9671', gemeenteCode: 'GM1950' },
  { name: 'Hoogezand', pc: '9601', gemeenteCode: 'GM1952' }, { name: 'Delfzijl', pc: '9934', gemeenteCode: 'GM1979' },
  { name: 'Leek', pc: '9351', gemeenteCode: 'GM1969' }, { name: 'Joure', pc: '8501', gemeenteCode: 'GM1940' },
  { name: 'Dokkum', pc: '9101', gemeenteCode: 'GM1970' }, { name: 'Franeker', pc: '8801', gemeenteCode: 'GM1949' },
  { name: 'Harlingen', pc: '8861', gemeenteCode: 'GM0072' }, { name: 'Wolvega', pc: '8471', gemeenteCode: 'GM0098' },
  { name: 'Oosterwolde', pc: '8431', gemeenteCode: 'GM0085' }, { name: 'Beilen', pc: '9411', gemeenteCode: 'GM1731' },
  { name: 'Roden', pc: '9301', gemeenteCode: 'GM1730' }, { name: 'Coevorden', pc: '7741', gemeenteCode: 'GM0109' },
  { name: 'Zwolle', pc: '8011', gemeenteCode: 'GM0193' }, { name: 'Amsterdam', pc: '1011', gemeenteCode: 'GM0363' },
  { name: 'Utrecht', pc: '3511', gemeenteCode: 'GM0344' }, { name: 'Rotterdam', pc: '3011', gemeenteCode: 'GM0599' },
];

const FUNCTIONS: Array<{ title: string; branch: string; edu: string; hours: [number, number] }> = [
  { title: 'Verzorgende IG', branch: 'vvt', edu: 'mbo 3 Verzorgende IG', hours: [16, 32] },
  { title: 'Verpleegkundige', branch: 'ziekenhuizen', edu: 'mbo 4 of hbo Verpleegkunde', hours: [24, 36] },
  { title: 'Wijkverpleegkundige', branch: 'vvt', edu: 'hbo-V', hours: [24, 32] },
  { title: 'Helpende Plus', branch: 'vvt', edu: 'mbo 2 Helpende Zorg en Welzijn', hours: [12, 24] },
  { title: 'Persoonlijk Begeleider', branch: 'gehandicaptenzorg', edu: 'mbo 4 Maatschappelijke Zorg', hours: [24, 32] },
  { title: 'Begeleider Wonen', branch: 'gehandicaptenzorg', edu: 'mbo 3', hours: [16, 32] },
  { title: 'Gz-psycholoog', branch: 'ggz', edu: 'wo master psychologie en GZ-registratie', hours: [28, 36] },
  { title: 'Sociaal Psychiatrisch Verpleegkundige', branch: 'ggz', edu: 'hbo-V met SPV', hours: [24, 36] },
  { title: 'Pedagogisch Medewerker Kinderopvang', branch: 'kinderopvang', edu: 'mbo 3 Pedagogisch Werk', hours: [16, 28] },
  { title: 'Jeugdzorgwerker', branch: 'jeugdzorg', edu: 'hbo Social Work', hours: [28, 36] },
  { title: 'Doktersassistent', branch: 'huisartsen', edu: 'mbo 4 Doktersassistent', hours: [16, 32] },
  { title: 'Sociaal Werker Wijkteam', branch: 'sociaal-werk', edu: 'hbo Social Work', hours: [24, 32] },
  { title: 'Operatieassistent', branch: 'ziekenhuizen', edu: 'mbo 4 of hbo OZP', hours: [28, 36] },
  { title: 'Medewerker Huishouding', branch: 'vvt', edu: 'geen specifieke opleiding', hours: [8, 20] },
  { title: 'Teamleider Zorg', branch: 'vvt', edu: 'hbo', hours: [32, 36] },
  { title: 'Fysiotherapeut', branch: 'vvt', edu: 'hbo Fysiotherapie', hours: [20, 32] },
  { title: 'Ambulant Begeleider', branch: 'ggz', edu: 'mbo 4 of hbo', hours: [24, 32] },
  { title: 'Activiteitenbegeleider', branch: 'vvt', edu: 'mbo 4 Sociaal Werk', hours: [16, 24] },
];

const REGISTER_EMPLOYERS = ['UMCG', 'Martini Ziekenhuis', 'Treant', 'Lentis', 'GGZ Drenthe', 'GGZ Friesland', 'Accare', 'Cosis', 'Talant', 'Philadelphia', 'De Zijlen', 'Kwadrantgroep', 'Zorggroep Noorderboog', 'Icare', 'Interzorg', 'Zorggroep Tellens', 'Patyna', 'Dignis', 'Zonnehuisgroep Noord', 'Elker', 'Kinderwoud', 'Kids First', 'WIJ Groningen', 'Dokterswacht Friesland'];
const EMP_PREFIX = ['Zorgcentrum', 'Woonzorgcentrum', 'Huisartsenpraktijk', 'Thuiszorg', 'Stichting Zorggroep', 'Kinderopvang', 'Zorgboerderij', 'Gezondheidscentrum', 'Wooninitiatief', 'Fysiotherapie'];
const EMP_NAME = ['De Linde', 'Het Anker', 'De Hoven', 'Oosterlicht', 'De Wiekslag', 'Berkenhof', 'De Esch', 'Meerzicht', 'De Kloosterhof', 'Het Wold', 'De Marke', 'Sonnenborgh', 'De Brug', 'Noorderlicht', 'Het Baken', 'De Vlonder', 'Rondom', 'De Hofstee', 'Mariënhof', 'De Zonnehoek', 'Waddenzorg', 'De Stins', 'Het Zonnehuis', 'Lindenhof', 'De Buitenplaats'];
const INTERMEDIARIES = ['Randstad Zorg', 'Tempo-Team', 'Maandag', 'Yer', 'Zorgwerk', 'Unique', 'Inter Acces', 'Care 4 You', 'Flexcare', 'Synergie'];
const BOARDS = ['demo-zorgbanen', 'demo-werkzoeken', 'demo-indeed', 'demo-nvb'];

const TEAMS = ['somatiek', 'psychogeriatrie', 'revalidatie', 'kleinschalig wonen', 'de nachtdienst', 'het wijkteam Noord', 'het wijkteam Zuid', 'de afdeling cardiologie', 'de polikliniek', 'de kliniek', 'het FACT-team', 'groep De Regenboog', 'de dagbesteding', 'het jeugdteam', 'de BSO'];
const TASKS = [
  'Je biedt persoonlijke verzorging aan cliënten en ondersteunt hen bij de dagelijkse activiteiten.',
  'Je signaleert veranderingen in de gezondheid en bespreekt deze met collega’s en de specialist ouderengeneeskunde.',
  'Je stelt zorgplannen op en evalueert die samen met de cliënt en de familie.',
  'Je werkt nauw samen met de verpleegkundigen, artsen en paramedici in een multidisciplinair team.',
  'Je rapporteert zorgvuldig in het elektronisch cliëntendossier.',
  'Je begeleidt stagiaires en nieuwe collega’s tijdens hun inwerkperiode.',
  'Je voert voorbehouden en risicovolle handelingen uit volgens protocol.',
  'Je organiseert activiteiten die aansluiten bij de wensen van de bewoners.',
  'Je bent het eerste aanspreekpunt voor familie en mantelzorgers.',
  'Je draagt bij aan een veilige en prettige woonomgeving.',
  'Je denkt mee over verbeteringen in de zorg en neemt deel aan werkgroepen.',
  'Je ondersteunt jongeren en hun ouders bij opvoedvragen en stelt samen doelen op.',
  'Je voert intakegesprekken en stelt behandelplannen op.',
  'Je werkt in wisselende diensten, ook in het weekend.',
];
const OFFERS = [
  'Salaris conform CAO VVT, FWG 35, tussen € 2.556 en € 3.481 bruto per maand.',
  'Een salaris van minimaal € 2.900 en maximaal € 4.100 bruto per maand (FWG 45).',
  'Een contract voor een jaar met uitzicht op een vast dienstverband.',
  'Een eindejaarsuitkering van 8,33% en 8% vakantiegeld.',
  'Ruime opleidingsmogelijkheden via onze eigen academie.',
  'Een reiskostenvergoeding en de mogelijkheid om fietsen te leasen.',
  'Een fijne werksfeer in een betrokken team.',
  'Goede secundaire arbeidsvoorwaarden en een pensioenregeling bij PFZW.',
];

function pick<T>(rnd: () => number, xs: T[]): T {
  return xs[Math.floor(rnd() * xs.length)];
}
function shuffle<T>(rnd: () => number, xs: T[]): T[] {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

type Variant = 'own' | 'board' | 'intermediary' | 'rewrite' | 'longgap';
interface Vac {
  vid: number;
  seed: number;
  employer: string;
  func: number;
  place: number;
  openDay: number;
}
interface Ev {
  day: number;
  seq: number;
  vac: Vac;
  variant: Variant;
  k: number;
  truth: string;
}

class Heap {
  a: Ev[] = [];
  push(e: Ev) {
    const a = this.a;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.lt(a[i], a[p])) { [a[i], a[p]] = [a[p], a[i]]; i = p; } else break;
    }
  }
  private lt(x: Ev, y: Ev) { return x.day < y.day || (x.day === y.day && x.seq < y.seq); }
  peek(): Ev | undefined { return this.a[0]; }
  pop(): Ev | undefined {
    const a = this.a;
    if (!a.length) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.lt(a[l], a[m])) m = l;
        if (r < a.length && this.lt(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
  get size() { return this.a.length; }
}

const BASE_DAY = Math.floor(Date.parse('2024-01-01T00:00:00Z') / 86_400_000);
const isoDay = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);

/** Materialized posting plus generator-side truth about how it should normalize. */
export interface SyntheticDetail {
  posting: SyntheticPosting;
  gemeenteCode: string;
  /** The employer that the normalizer should report as realEmployer (intermediary naming its client). */
  realEmployer: string | null;
}

function materialize(ev: Ev, seq: number): SyntheticDetail {
  const v = ev.vac;
  const f = FUNCTIONS[v.func];
  const place = PLACES[v.place];
  const base = mulberry32(v.seed);
  const team = pick(base, TEAMS);
  const tasks = shuffle(base, TASKS).slice(0, 5);
  const offers = shuffle(base, OFFERS).slice(0, 3);
  const h0 = f.hours[0] + 4 * Math.floor(base() * 2);
  const h1 = Math.min(36, h0 + 4 * (1 + Math.floor(base() * 3)));
  const code = `${(v.seed % 9000) + 1000}`;
  const intro = `${v.employer} zoekt voor ${team} in ${place.name} een ${f.title.toLowerCase()} voor ${h0} tot ${h1} uur per week (vacaturenummer ${code}).`;
  const req = `Wat vragen wij?\nJe hebt een afgerond diploma ${f.edu}. Je bent flexibel inzetbaar en communicatief vaardig.`;
  const r = mulberry32(v.seed ^ (ev.k * 0x9e3779b1) ^ (ev.variant.length * 7919));
  let title = f.title;
  let employerName: string = v.employer;
  let body = `${intro}\nWat ga je doen?\n${tasks.join('\n')}\n${req}\nWat bieden wij?\n${offers.join('\n')}`;
  let sourceId = `employer-site`;
  let realEmployer: string | null = null;
  let url = `https://werkenbij.example/${encodeURIComponent(v.employer.toLowerCase().replace(/\s+/g, '-'))}/vacature/${v.vid}`;
  let externalId: string | null = `${v.vid}`;
  switch (ev.variant) {
    case 'board':
      sourceId = BOARDS[ev.k % BOARDS.length];
      title = pick(r, [`${f.title} (m/v)`, `${f.title} ${h0}-${h1} uur | ${place.name}`, `Vacature: ${f.title} (m/v/x)`, `${f.title} - ${place.name}`]);
      body = `${body}\nSolliciteer direct via de knop hieronder. Deze vacature is ook te vinden op onze website.`;
      url = `https://${sourceId}.example/vacatures/${v.vid}-${ev.k}?utm_source=feed`;
      externalId = `${sourceId.slice(5, 8)}-${v.vid}-${ev.k}`;
      break;
    case 'intermediary': {
      const im = INTERMEDIARIES[(v.seed + ev.k) % INTERMEDIARIES.length];
      employerName = im;
      sourceId = pick(r, BOARDS);
      const named = r() < 0.8;
      realEmployer = named ? v.employer : null;
      const client = named ? `onze opdrachtgever ${v.employer}` : `onze opdrachtgever, een zorgorganisatie in ${place.name}`;
      title = pick(r, [f.title, `${f.title} ${place.name}`, `${f.title} (m/v) via ${im}`]);
      const keep = named ? shuffle(r, tasks).slice(0, 4) : tasks;
      body = `Voor ${client} zoeken wij een ${f.title.toLowerCase()} voor ${team} in ${place.name}, ${h0} tot ${h1} uur per week.\nWat ga je doen?\n${keep.join('\n')}\n${req}\nWat bieden wij?\nEen goed salaris en begeleiding door een vaste consultant van ${im}. Je werkt via ons bureau op basis van detachering.`;
      url = `https://${im.toLowerCase().replace(/[^a-z]+/g, '')}.example/vacature/${v.vid}-${ev.k}`;
      externalId = null;
      break;
    }
    case 'rewrite': {
      const t2 = shuffle(r, [...tasks.slice(0, 3), ...shuffle(r, TASKS).slice(0, 3)]);
      body = `Kom jij ons team in ${place.name} versterken? ${v.employer} is op zoek naar een enthousiaste ${f.title.toLowerCase()} (${h0} - ${h1} uur) voor ${team}.\nJouw werkzaamheden\n${t2.join('\n')}\n${req}\nOnze arbeidsvoorwaarden\n${shuffle(r, OFFERS).slice(0, 4).join('\n')}`;
      title = pick(r, [f.title, `Enthousiaste ${f.title}`, `${f.title} ${team}`]);
      url = `${url}-herplaatst`;
      externalId = `${v.vid}-r`;
      break;
    }
    case 'longgap':
      url = `${url}-${ev.day}`;
      externalId = `${v.vid}-${ev.day}`;
      break;
    default:
      break;
  }
  const seenAt = new Date((ev.day * 86_400 + Math.floor(r() * 86_400)) * 1000).toISOString();
  const posting: SyntheticPosting = {
    sourceId,
    externalId,
    url,
    title,
    description: body,
    employerName,
    locationText: r() < 0.3 ? `${place.pc} AB ${place.name}` : place.name,
    postalCode: null,
    datePosted: isoDay(ev.day),
    validThrough: isoDay(ev.day + 42),
    employmentType: r() < 0.5 ? 'PART_TIME' : null,
    hoursText: `${h0} - ${h1} uur per week`,
    salaryText: null,
    educationText: f.edu,
    language: 'nl',
    truthVacancyId: ev.truth,
    seenAt,
  };
  void seq;
  return { posting, gemeenteCode: place.gemeenteCode, realEmployer };
}

/** Postings per day of the simulated market (100k postings over two years). */
export const MARKET_POSTINGS_PER_DAY = 100_000 / 730;

export interface GeneratorOptions {
  /**
   * Days the stream spans. Default: two years (2024–2025), or, when n is more than the market publishes in
   * two years, n / MARKET_POSTINGS_PER_DAY days ending at the end of 2025.
   */
  spanDays?: number;
}

/** Postings with ground truth and the normalization facts the generator knows. */
export function* generateDetailed(n: number, seed = 42, opts: GeneratorOptions = {}): Generator<SyntheticDetail> {
  if (!Number.isFinite(n) || n <= 0) return;
  const rnd = mulberry32(seed);
  const span = opts.spanDays ?? Math.max(730, n / MARKET_POSTINGS_PER_DAY);
  const perVacancy = 3.0;
  const step = span / Math.max(1, n / perVacancy);
  const employers: string[] = [...REGISTER_EMPLOYERS];
  for (const p of EMP_PREFIX) for (const nm of EMP_NAME) employers.push(`${p} ${nm}`);
  const heap = new Heap();
  let seq = 0;
  let vid = 0;
  let emitted = 0;
  let t = opts.spanDays === undefined ? BASE_DAY - Math.floor(span - 730) : BASE_DAY;
  const newVac = (day: number, employer?: string, func?: number, place?: number, baseSeed?: number): Vac => ({
    vid: vid++,
    seed: baseSeed ?? Math.floor(rnd() * 0x7fffffff),
    employer: employer ?? employers[Math.floor(rnd() * rnd() * employers.length)],
    func: func ?? Math.floor(rnd() * FUNCTIONS.length),
    place: place ?? Math.floor(Math.pow(rnd(), 1.5) * PLACES.length),
    openDay: day,
  });
  const schedule = (v: Vac, truth: string) => {
    const d = v.openDay;
    heap.push({ day: d, seq: seq++, vac: v, variant: 'own', k: 0, truth });
    const boards = Math.floor(rnd() * 4);
    for (let b = 0; b < boards; b++) heap.push({ day: d + Math.floor(rnd() * 5), seq: seq++, vac: v, variant: 'board', k: b, truth });
    if (rnd() < 0.15) heap.push({ day: d + 1 + Math.floor(rnd() * 14), seq: seq++, vac: v, variant: 'intermediary', k: Math.floor(rnd() * 3), truth });
    if (rnd() < 0.12) heap.push({ day: d + 20 + Math.floor(rnd() * 30), seq: seq++, vac: v, variant: 'rewrite', k: 0, truth });
    if (rnd() < 0.08) {
      // closed after ~6 weeks, reposted 90–200 days later: a new vacancy
      const gapDay = d + 42 + 90 + Math.floor(rnd() * 110);
      heap.push({ day: gapDay, seq: seq++, vac: v, variant: 'longgap', k: 0, truth: `${truth}-later${gapDay}` });
    }
  };
  while (emitted < n) {
    t += step;
    const day = Math.floor(t);
    const v = newVac(day);
    schedule(v, `v${v.vid}`);
    if (rnd() < 0.1) {
      // same function and same text at a second location of the same employer: a different vacancy
      let other = Math.floor(rnd() * PLACES.length);
      if (other === v.place) other = (other + 1) % PLACES.length;
      const sib = newVac(day, v.employer, v.func, other, v.seed);
      schedule(sib, `v${sib.vid}`);
    }
    while (heap.size && heap.peek()!.day <= day && emitted < n) {
      const ev = heap.pop()!;
      yield materialize(ev, emitted++);
    }
  }
}

/** `generatePostings(n, seed)`: n RawPostings (ordered by seenAt) with their truth vacancy id. */
export function* generatePostings(n: number, seed = 42): Iterable<SyntheticPosting> {
  for (const d of generateDetailed(n, seed)) yield d.posting;
}

export type SyntheticDedupRecord = DedupRecord & { truthVacancyId: string };

/**
 * DedupRecords built from the synthetic postings with the normalization the generator knows to be
 * right (gemeente, real employer) plus the real title/employer normalizers (cached per string).
 */
export function* generateDedupRecords(n: number, seed = 42, opts: GeneratorOptions = {}): Iterable<SyntheticDedupRecord> {
  const titleCache = new Map<string, string>();
  const empCache = new Map<string, string | null>();
  const hoursCache = new Map<string, { min: number | null; max: number | null }>();
  let i = 0;
  for (const d of generateDetailed(n, seed, opts)) {
    const p = d.posting;
    let tn = titleCache.get(p.title);
    if (tn === undefined) {
      tn = normalizeTitle(p.title);
      if (titleCache.size < 50_000) titleCache.set(p.title, tn);
    }
    const en = p.employerName ?? '';
    let emp = empCache.get(en);
    if (emp === undefined) {
      emp = normalizeEmployerName(en);
      empCache.set(en, emp);
    }
    const ht = p.hoursText ?? '';
    let hours = hoursCache.get(ht);
    if (hours === undefined) {
      hours = parseHours(ht);
      hoursCache.set(ht, hours);
    }
    yield {
      id: `p${i++}`,
      sourceId: p.sourceId,
      externalId: p.externalId ?? null,
      url: p.url,
      titleNormalized: tn,
      employerNormalized: emp,
      realEmployer: d.realEmployer,
      gemeenteCode: d.gemeenteCode,
      description: p.description,
      hoursMin: hours.min,
      hoursMax: hours.max,
      datePosted: p.datePosted ?? null,
      seenAt: p.seenAt,
      closedAt: null,
      truthVacancyId: p.truthVacancyId,
    };
  }
}
