import { describe, expect, it } from 'vitest';
import {
  DictionaryMatcher,
  classifyFunction,
  compileTaxonomies,
  damerau1,
  dutchStem,
  extractSkills,
  loadTaxonomies,
  mergeAccepted,
  splitSections,
  tokenize,
  type Concept,
} from '../../src/domain/extract/index';
import { extractLine } from '../../src/cli/extract';

const tax = loadTaxonomies();

const POSTING = `Zorgcentrum De Linde in Assen zoekt een verzorgende IG.
Wat ga je doen?
- Je verleent persoonlijke verzorging aan cliënten met dementie.
- Je doet wondzorg en werkt samen met mantelzorgers.
Wat vragen wij?
- Diploma verzorgende IG en een rijbewijs.
Wat bieden wij?
- Een opleiding palliatieve zorg, e-learning beeldzorg en een fietsplan.`;

describe('tokenizer', () => {
  it('keeps accented words whole, folds diacritics for matching and keeps original offsets', () => {
    const text = 'Zorg voor cliënten en hun naasten, ook bij ‘reünies’ en coördinatie.';
    const toks = tokenize(text);
    const client = toks.find((t) => t.text === 'cliënten')!;
    expect(client.norm).toBe('clienten');
    expect(text.slice(client.start, client.end)).toBe('cliënten');
    expect(toks.map((t) => t.text)).toContain('reünies');
    expect(toks.find((t) => t.text === 'coördinatie')!.norm).toBe('coordinatie');
  });

  it('marks sentence and line breaks', () => {
    const toks = tokenize('Je bent flexibel.\nJe hebt een rijbewijs');
    expect(toks.filter((t) => t.brk).map((t) => t.text)).toEqual(['Je', 'Je']);
  });
});

describe('stemming and matching', () => {
  it('uses the Dutch Porter stemmer so inflected forms meet', () => {
    expect(dutchStem('gesprekken')).toBe(dutchStem('gesprek'));
    expect(dutchStem('verzorging')).toBe(dutchStem('verzorgen'));
    const m = new DictionaryMatcher({ stemmer: dutchStem });
    m.add('moeilijke gesprekken', 'skill:x', 'alias');
    const hits = m.match(tokenize('Je voert een moeilijk gesprek.'));
    expect(hits).toEqual([{ conceptId: 'skill:x', method: 'stem', from: 3, to: 5 }]);
  });

  it('finds a known skill as the first part of a compound (wondzorgverpleegkundige)', () => {
    const s = extractSkills({ title: 'x', description: 'Wat vragen wij?\nJe bent wondzorgverpleegkundige of wilt dat worden.' }, tax);
    const w = s.find((x) => x.conceptId === 'skill:wondzorg');
    expect(w).toBeDefined();
    expect(['compound', 'alias', 'exact']).toContain(w!.method);
    expect(w!.span.text).toBe('wondzorgverpleegkundige');
  });

  it('matches multi-word phrases longest first through the dictionary (not one regex per term)', () => {
    const s = extractSkills({ title: 'x', description: 'Wat ga je doen?\nJe voert voorbehouden en risicovolle handelingen uit.' }, tax);
    const v = s.find((x) => x.conceptId === 'skill:voorbehouden-handelingen')!;
    expect(v.span.text).toBe('voorbehouden en risicovolle handelingen');
  });

  it('keeps fuzzy matching limited: one edit, long words, same first letter', () => {
    expect(damerau1('wondverzorging', 'wondverzorgign')).toBe(true);
    expect(damerau1('abc', 'abd')).toBe(true);
    const m = new DictionaryMatcher({ stemmer: dutchStem });
    m.add('doorlichting', 'skill:a', 'alias');
    m.add('psychodiagnostiek', 'skill:b', 'alias');
    expect(m.match(tokenize('voorlichting'))).toEqual([]); // first letter differs
    expect(m.match(tokenize('psychodiagnostik'))[0]).toMatchObject({ conceptId: 'skill:b', method: 'fuzzy' });
    expect(m.match(tokenize('psychodiagnostikk'))[0]?.method).toBe('fuzzy');
    expect(m.match(tokenize('psychodiagnstik'))).toEqual([]); // two edits
    m.add('mantel', 'skill:c', 'alias');
    expect(m.match(tokenize('mantle'))).toEqual([]); // short words are never fuzzy
  });

  it('does not stem or compound "=" forms (place names such as Groningen are not the dialect Gronings)', () => {
    const s = extractSkills({ title: 'x', description: 'Wat vragen wij?\nJe woont in Groningen of Friesland. Je spreekt Gronings.' }, tax);
    const hits = s.filter((x) => x.conceptId === 'skill:streektaal' || x.conceptId === 'skill:fries');
    expect(hits.map((x) => x.span.text)).toEqual(['Gronings']);
  });
});

describe('section awareness', () => {
  it('splits Dutch headings into taken / eisen / aanbod', () => {
    expect(splitSections(POSTING).map((s) => s.kind)).toEqual(['overig', 'taken', 'eisen', 'aanbod']);
  });

  it('takes skills from taken/eisen and never from the benefits section', () => {
    const s = extractSkills({ title: 'Verzorgende IG', description: POSTING }, tax);
    const ids = s.map((x) => x.conceptId);
    expect(ids).toEqual(expect.arrayContaining(['skill:adl', 'skill:dementiezorg', 'skill:wondzorg', 'skill:mantelzorg', 'skill:diploma-vig', 'skill:rijbewijs']));
    expect(ids).not.toContain('skill:palliatieve-zorg');
    expect(ids).not.toContain('skill:beeldzorg');
    expect(s.every((x) => x.section !== 'aanbod')).toBe(true);
  });

  it('ignores offer sentences outside an aanbod section', () => {
    const d = 'Wat vragen wij?\nJe bent stressbestendig. Wij bieden je een opleiding wondzorg.';
    const ids = extractSkills({ title: 'x', description: d }, tax).map((x) => x.conceptId);
    expect(ids).toContain('skill:stressbestendig');
    expect(ids).not.toContain('skill:wondzorg');
  });
});

describe('spans and match records', () => {
  it('gives exact character offsets into the description, method, score and section', () => {
    const s = extractSkills({ title: 'x', description: POSTING }, tax);
    for (const m of s) {
      expect(POSTING.slice(m.span.start, m.span.end)).toBe(m.span.text);
      expect(m.score).toBeGreaterThan(0);
      expect(m.score).toBeLessThanOrEqual(1);
      expect(['exact', 'alias', 'stem', 'compound', 'fuzzy', 'english']).toContain(m.method);
    }
    const d = s.find((x) => x.conceptId === 'skill:dementiezorg')!;
    expect(d.span.text).toBe('cliënten met dementie');
  });

  it('the CLI line handler reports span as [from, to] and the taxonomy version', () => {
    const r = extractLine(JSON.stringify({ id: 7, title: 'Verzorgende IG', description: POSTING }), 1, tax);
    expect(r.id).toBe(7);
    expect(r.taxonomyVersion).toBe(tax.version);
    expect(r.function.conceptId).toBe('fn:verzorgende-ig');
    for (const sk of r.skills) expect(POSTING.slice(sk.span[0], sk.span[1])).toBe(sk.text);
    expect(() => extractLine('{"id":1}', 2, tax)).toThrow(/no title or description/);
    expect(() => extractLine('nope', 3, tax)).toThrow();
  });
});

describe('English postings', () => {
  it('detects English and matches English labels', () => {
    const d = `What you will do\nYou provide wound care and administer medication. You document in the electronic health record.\nWhat we ask\nA nursing degree and you are a team player.\nWhat we offer\nA relocation package and palliative care training.`;
    const s = extractSkills({ title: 'Registered nurse', description: d }, tax);
    const ids = s.map((x) => x.conceptId);
    expect(ids).toEqual(expect.arrayContaining(['skill:wondzorg', 'skill:medicatie', 'skill:diploma-verpleegkunde', 'skill:samenwerken']));
    expect(ids).not.toContain('skill:palliatieve-zorg');
    expect(s.every((x) => x.method === 'english')).toBe(true);
    expect(classifyFunction('Registered nurse', d, tax).conceptId).toBe('fn:verpleegkundige');
  });
});

describe('classifyFunction', () => {
  it('uses the title first with high confidence', () => {
    const f = classifyFunction('Doktersassistent huisartsenpraktijk (24 uur)', 'Je werkt met de huisarts samen.', tax);
    expect(f).toMatchObject({ conceptId: 'fn:doktersassistent', method: 'title' });
    expect(f.confidence).toBeGreaterThanOrEqual(0.9);
    expect(f.isco).toBe('3256');
  });

  it('refines the nurse level from the title or text', () => {
    expect(classifyFunction('Verpleegkundige interne', 'Wat vragen wij?\nEen hbo-diploma verpleegkunde.', tax).conceptId).toBe('fn:verpleegkundige-hbo');
    expect(classifyFunction('Verpleegkundige (mbo/hbo)', '', tax).conceptId).toBe('fn:verpleegkundige');
  });

  it('falls back to the text with lower confidence', () => {
    const f = classifyFunction('Kom werken bij ons!', 'Voor locatie De Es zoeken wij een fysiotherapeut die ouderen behandelt.', tax);
    expect(f).toMatchObject({ conceptId: 'fn:fysiotherapeut', method: 'text' });
    expect(f.confidence).toBeLessThan(0.9);
  });

  it('leaves an unknown function null', () => {
    for (const [t, d] of [
      ['Open sollicitatie', 'Staat jouw droombaan er niet tussen? Stuur een open sollicitatie.'],
      ['Vakantiewerk', ''],
      ['', ''],
    ]) {
      const f = classifyFunction(t, d, tax);
      expect(f.conceptId).toBeNull();
      expect(f.method).toBe('none');
      expect(f.confidence).toBe(0);
    }
  });
});

describe('taxonomy', () => {
  it('has the common shape, a few hundred skills, manifests with source and licence', () => {
    const skills = tax.skills.filter((c) => c.type === 'skill');
    expect(skills.length).toBeGreaterThanOrEqual(250);
    expect(tax.functions.length).toBeGreaterThanOrEqual(40);
    for (const c of [...tax.functions, ...tax.skills]) {
      expect(typeof c.id).toBe('string');
      expect(Array.isArray(c.altLabels)).toBe(true);
      expect(['function', 'skill', 'skill-group']).toContain(c.type);
      expect('esco' in c && 'isco' in c && 'parent' in c).toBe(true);
    }
    expect(tax.functions.every((f) => f.isco === null || /^\d{4}$/.test(f.isco))).toBe(true);
    expect(tax.manifests.skills.licence).toMatch(/ESCO/);
    expect(tax.manifests.functions.source).toMatch(/ESCO/);
  });

  it('merges accepted phrases and bumps the skills version', () => {
    const base: Concept[] = [
      { id: 'skill:a', prefLabel: 'wondzorg', altLabels: [], type: 'skill', parent: null, esco: null, isco: null, lang: 'nl' },
    ];
    const { skills, suffix } = mergeAccepted(base, [
      { phrase: 'wondbehandelplan', as: 'skill:a' },
      { phrase: 'leefstijlroer', newId: 'skill:new-leefstijlroer', label: 'Leefstijlroer' },
    ]);
    expect(suffix).toBe('-a2');
    expect(base[0].altLabels).toEqual([]); // input not mutated
    const m = { id: 'm', version: '1', source: 's', licence: 'l', conceptCount: 0, builtFrom: [] };
    const t = compileTaxonomies([], skills, { functions: m, skills: { ...m, version: `1${suffix}` } });
    expect(t.version).toBe('1+1-a2');
    const ids = extractSkills({ title: 'x', description: 'Wat vragen wij?\nJe werkt met het leefstijlroer en een wondbehandelplan.' }, t).map((x) => x.conceptId);
    expect(ids.sort()).toEqual(['skill:a', 'skill:new-leefstijlroer']);
  });
});
