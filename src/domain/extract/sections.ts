/** Split a vacancy description into sections by Dutch/English headings. */
import { foldText } from './tokenize';

/** 'sollicitatie' = how to apply / contact (never yields skills); 'overig' = intro text before any heading or unknown. */
export type SectionKind = 'taken' | 'eisen' | 'aanbod' | 'organisatie' | 'sollicitatie' | 'overig';

export interface Section {
  kind: SectionKind;
  heading: string | null;
  start: number;
  end: number;
}

const P = (kind: SectionKind, words: string[]) => ({ kind, re: new RegExp(`^(?:${words.join('|')})(?![\\p{L}\\p{N}])`, 'u') });

/** Patterns are tested against the folded heading line (bullets/markdown stripped). Order matters: first hit wins. */
const HEADINGS = [
  P('aanbod', ['wat bieden (?:wij|we)', '(?:wij|we) bieden', 'wat krijg je', 'wat mag je (?:van ons )?verwachten', 'wat heb(?:ben)? (?:wij|we) (?:je|jou) te bieden',
    'arbeidsvoorwaarden', 'ons aanbod', 'het aanbod', 'wat levert (?:het|dit) (?:je|jou) op', 'wat staat er tegenover', 'wat krijg je (?:ervoor )?(?:terug|van ons)', 'salaris',
    'beloning', 'wat wij (?:je|jou) bieden', 'dit bieden (?:wij|we)', 'dit krijg je', 'waarom (?:werken )?bij', 'what we offer', 'we offer', 'benefits', "what'?s in it for you",
    'our offer', 'what you get', 'compensation', 'voorwaarden', 'jouw beloning', 'de beloning']),
  P('eisen', ['wat vragen (?:wij|we)', '(?:wij|we) vragen', 'wat (?:wij|we) vragen', 'wie ben (?:jij|je)', 'wie zoeken (?:wij|we)', 'wie (?:wij|we) zoeken', 'functie-?eisen',
    'functie eisen', 'jouw profiel', 'je profiel', 'profiel', 'wat breng (?:jij|je) mee', 'wat neem (?:jij|je) mee', 'wat heb (?:jij|je) nodig', 'wat heb (?:jij|je) in huis',
    'dit vragen (?:wij|we)', 'wat verwachten (?:wij|we)', 'wat (?:wij|we) verwachten', 'vereisten', 'eisen', 'jij hebt', 'jij bent', 'ben jij', 'herken jij jezelf', 'wat zoeken (?:wij|we)',
    'dit ben jij', 'dit breng je mee', 'wat moet je kunnen', 'kennis en ervaring', 'opleiding en ervaring', 'competenties', 'requirements', 'who you are', 'what we ask',
    'your profile', 'what you bring', 'qualifications', 'what we are looking for', "what we're looking for", 'about you', 'you have', 'skills']),
  P('taken', ['wat ga (?:jij|je) doen', 'wat (?:jij|je) gaat doen', 'jouw taken', 'je taken', 'taken', 'werkzaamheden', 'jouw werkzaamheden', 'je werkzaamheden', 'de functie',
    'functieomschrijving', 'functie omschrijving', 'over de functie', 'omschrijving', 'wat houdt de functie in', 'jouw rol', 'je rol', 'de rol', 'wat doe je', 'wat je doet',
    'dit ga je doen', 'hier ga je (?:aan de slag|mee aan de slag)', 'zo ziet (?:je|jouw) (?:werk)?dag eruit', 'jouw (?:werk)?dag', 'jouw uitdaging', 'de uitdaging', 'je uitdaging',
    'wat word(?:t)? (?:je|jouw) rol', 'verantwoordelijkheden', 'jouw verantwoordelijkheden', 'wat ga je precies doen', "what you'?ll do", 'what you will do', 'your role',
    'the role', 'responsibilities', 'the job', 'tasks', 'your tasks', 'job description', 'key responsibilities']),
  P('organisatie', ['over de organisatie', 'over ons', 'wie zijn (?:wij|we)', 'over (?:het|ons|jouw|je) team', 'het team', 'jouw team', 'je team', 'ons team', 'de organisatie',
    'organisatie', 'waar ga je werken', 'waar kom je te werken', 'jouw werkplek', 'de afdeling', 'de locatie', 'over de locatie', 'about us', 'about the organi[sz]ation',
    'who we are', 'the team', 'our team', 'the company', 'over [\\p{L}\\s-]{2,30}$']),
  P('sollicitatie', ['interesse', 'solliciteren', 'sollicitatie', 'meer informatie', 'informatie', 'contact', 'procedure', 'sollicitatieprocedure', 'enthousiast geworden',
    'ben je enthousiast', 'herken je jezelf', 'reageren', 'how to apply', 'apply', 'interested', 'more information', 'contact']),
];

const BULLET = /^[\s\-*•·▪#>_]+/;

/** Classify one line as a heading. Returns the kind and the length of the heading part (for "Wat ga je doen? Je …" lines). */
export function classifyHeading(line: string): { kind: SectionKind; headLen: number } | null {
  const stripped = line.replace(BULLET, '').replace(/[*_]+/g, '');
  const lead = line.length - line.replace(BULLET, '').length;
  const f = foldText(stripped).trim();
  if (!f || f.length > 80) return null;
  for (const h of HEADINGS) {
    const m = h.re.exec(f);
    if (!m) continue;
    const rest = f.slice(m[0].length);
    // Heading alone on its line (optionally "?", ":" or "!"), or heading with a colon/question mark then text.
    if (/^\s*[?:!.]*\s*$/.test(rest)) return { kind: h.kind, headLen: line.length };
    if (/^\s*[?:]/.test(rest) && f.length <= 80) {
      const idx = stripped.search(/[?:]/);
      return { kind: h.kind, headLen: lead + idx + 1 };
    }
    // Short heading phrases like "Jouw profiel als verpleegkundige" (no sentence punctuation, few words).
    if (!/[.,;]/.test(rest) && f.split(/\s+/).length <= 6 && h.kind !== 'sollicitatie' && !/^(?:jij|ben|you|skills|eisen|taken|salaris|contact|informatie)$/.test(m[0]))
      return { kind: h.kind, headLen: line.length };
    return null;
  }
  return null;
}

export function splitSections(description: string): Section[] {
  const sections: Section[] = [];
  let current: Section = { kind: 'overig', heading: null, start: 0, end: description.length };
  let pos = 0;
  for (const line of description.split('\n')) {
    const lineStart = pos;
    pos += line.length + 1;
    const h = classifyHeading(line);
    if (!h) continue;
    current.end = lineStart;
    if (current.end > current.start || current.heading !== null) sections.push(current);
    current = { kind: h.kind, heading: line.slice(0, h.headLen).trim(), start: lineStart, end: description.length };
  }
  current.end = description.length;
  sections.push(current);
  return sections.filter((s) => s.end > s.start);
}

/** Section kind at a char offset. `sections` must come from splitSections (sorted, contiguous). */
export function sectionAt(sections: Section[], offset: number): Section | null {
  let lo = 0;
  let hi = sections.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sections[mid];
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s;
  }
  return null;
}
