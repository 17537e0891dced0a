/**
 * "New skill candidates": noun-phrase-like n-grams (1–3 tokens) in the requirement sections (taken / eisen) that no
 * known skill match covers. One posting yields its distinct phrases; recurrence over postings and months is
 * counted in the database (skill_candidate_sightings → `vacatures taxonomy candidates`), or in memory with
 * recurringCandidates().
 *
 * Noun-phrase heuristics without a Dutch POS tagger: no stopword or common verb/adjective at either edge, the word
 * after a subject pronoun ("je werkt", "wij vragen") is a verb, single words only when long (compounds such as
 * "leefstijlcoaching"), no numbers-only tokens, nothing inside a section heading.
 */
import type { SkillMatch } from '../types';
import { sectionAt } from './sections';
import { prepare } from './skills';
import { loadTaxonomies, type Taxonomies } from './taxonomy';

const STOP = new Set(
  ('de het een en of van in op te met voor aan bij als om uit door naar over tot je jij jou jouw wij we ons onze zij ze hij het is zijn ben bent was waren wordt worden word kan kun kunt ' +
    'kunnen wil wilt willen zal zult zullen moet moeten heb hebt heeft hebben dat die dit deze er ook nog niet geen wel wat wie waar hoe welke daar hier dan maar want dus zo al ' +
    'meer veel zeer goed goede graag echt elke elk alle iedere ieder andere ander eigen binnen samen onder tussen per zoals waarbij waarin waarmee the a an and or of to in on for with ' +
    'you we our your is are be will have has at as by from this that it ook mee jaar uur week minimaal maximaal etc o.a. oa bijvoorbeeld u hun haar zich zelf even steeds vaak ' +
    'nieuwe nieuw mooi mooie leuk leuke fijn fijne grote groot kleine klein hele heel echt prima sterke sterk belangrijk belangrijke verschillende diverse uitstekende ' +
    'waar mogelijk nodig bereid pré pre plus vereist vereiste gewenst wenselijk enkele ruime relevante afgeronde afgerond minimaal tenminste ten minste ca circa ' +
    'dag dagen uren uur maand per week weken keer soms altijd nooit vooral natuurlijk daarnaast verder tevens bovendien ideaal samen onze toe klaar af volgens ' +
    'zowel tijdens na voordat nadat zodat omdat wanneer indien waarbij zodra ' +
    // people, places and generic nouns that are never a skill on their own
    'clienten client patienten patient bewoners bewoner kinderen kind jongeren jongere ouders ouder collega collegas medewerkers medewerker begeleiders begeleider ' +
    'huisartsen huisarts artsen arts familie team teams afdeling afdelingen organisatie locatie locaties gemeente gemeenten regio wijk mensen cliënt doelgroep ' +
    'opleiding diploma registratie richting diensten dienst complexe complex verantwoordelijk betrokken problemen problematiek afspraken specialist kwaliteit ' +
    'zorg werk taken functie rol thuis leven situaties situatie vragen vraag manier').split(' '),
);

/** Frequent verbs and verb forms in vacancy texts (finite and infinitive); never the edge of a candidate. */
const VERBS = new Set(
  ('zorgt zorg zorgen werkt werk werken gaat ga gaan doet doe doen biedt bied bieden helpt help helpen houdt houd houden maakt maak maken geeft geef geven neemt neem nemen ' +
    'staat sta staan zet zetten legt leg leggen voert voer voeren stelt stel stellen draagt draag dragen bent hebt heeft krijgt krijg krijgen zoekt zoek zoeken vragen vraagt ' +
    'ondersteunt ondersteun ondersteunen begeleidt begeleid begeleiden verleent verleen verlenen signaleert signaleer signaleren rapporteert rapporteer rapporteren ' +
    'adviseert adviseer adviseren coördineert coordineert regelt regel regelen bewaakt bewaak bewaken onderhoudt onderhoud onderhouden denkt denk denken blijft blijf blijven ' +
    'kijkt kijk kijken weet weten vindt vind vinden spreekt spreek spreken woont wonen leert leer leren speelt spelen komt kom komen brengt breng brengen ziet zie zien ' +
    'bespreekt bespreek bespreken evalueert evalueer evalueren organiseert organiseer organiseren verzorgt verzorg verzorgen behandelt behandel behandelen betrekt betrekken ' +
    'beoordeelt beoordelen bereidt bereiden controleert controleren verwerkt verwerken voorkomt voorkomen stimuleert stimuleren versterkt versterken').split(' '),
);
const PRONOUN = new Set('je jij u we wij ze zij hij men'.split(' '));

/** Finite verb / infinitive endings of Latinate verbs ("assisteert", "coördineren"). */
const VERB_END = /(?:eert|eren)$/;

function isWordy(norm: string): boolean {
  return norm.length >= 3 && !/^\d/.test(norm) && !STOP.has(norm) && !VERBS.has(norm) && !VERB_END.test(norm);
}

/**
 * Distinct candidate phrases of one posting (folded, space-joined tokens), at most `limit`. A phrase overlapping
 * any skill match of the posting, or any occurrence of a known skill form, is not a candidate.
 */
export function candidatePhrases(description: string, matches: SkillMatch[], limit = 60, tax: Taxonomies = loadTaxonomies()): string[] {
  if (typeof description !== 'string' || !description) return [];
  // Same tokens and sections as extractSkills (prepare() remembers the last text, so this is not done twice).
  const p = prepare(description);
  const { sections, tokens } = p;
  const list = Array.isArray(matches) ? matches : [];
  const known = new Uint8Array(tokens.length);
  for (const m of (p.language === 'en' ? tax.skillMatcherEn : tax.skillMatcher).match(tokens)) for (let k = m.from; k < m.to; k++) known[k] = 1;
  const covered = (start: number, end: number, i: number, n: number) => {
    for (let k = i; k < i + n; k++) if (known[k]) return true;
    return list.some((m) => start < m.span.end && end > m.span.start);
  };
  // A token right after a subject pronoun ("je verleent", "wij vragen") is a verb.
  const verbish = tokens.map((t, i) => i > 0 && !t.brk && PRONOUN.has(tokens[i - 1].norm));
  const out = new Set<string>();
  for (let i = 0; i < tokens.length && out.size < limit; i++) {
    const sec = sectionAt(sections, tokens[i].start);
    if (!sec || (sec.kind !== 'taken' && sec.kind !== 'eisen')) continue;
    if (sec.heading && tokens[i].start < sec.start + sec.heading.length + 1) continue;
    for (let n = 1; n <= 3 && i + n <= tokens.length; n++) {
      const span = tokens.slice(i, i + n);
      if (n > 1 && span.slice(1).some((t) => t.brk)) break;
      const first = span[0];
      const last = span[n - 1];
      if (!isWordy(first.norm) || !isWordy(last.norm) || verbish[i] || verbish[i + n - 1]) continue;
      if (span.some((t, k) => k > 0 && verbish[i + k])) break;
      if (n === 1 && first.norm.length < 8) continue;
      if (covered(first.start, last.end, i, n)) continue;
      out.add(span.map((t) => t.norm).join(' '));
    }
  }
  return [...out];
}

/** Phrases sighted in at least `minCount` postings (the in-memory counterpart of the DB query), most frequent first. */
export function recurringCandidates(perPosting: string[][], minCount = 2): { phrase: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const phrases of perPosting) for (const p of new Set(phrases)) counts.set(p, (counts.get(p) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n >= minCount)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([phrase, count]) => ({ phrase, count }));
}
