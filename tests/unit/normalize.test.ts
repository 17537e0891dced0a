import { describe, expect, it } from 'vitest';
import {
  normalizePosting, parseBigRequired, parseContract, parseEducation, parseHours, parseSalary, placeLocation,
  normalizeEmployer, stripPersonalData, normalizeTitle, determineBranch, lookupEmployer, parseDate,
} from '../../src/domain/normalize/index';

describe('placeLocation: place → gemeente → provincie, COROP, arbeidsmarktregio', () => {
  it.each([
    ['Ljouwert', 'GM0080', 'Leeuwarden'],
    ['Snits', 'GM1900', 'Súdwest-Fryslân'],
    ['De Jouwer', 'GM1940', 'De Fryske Marren'],
    ['Drachten', 'GM0090', 'Smallingerland'],
    ['It Hearrenfean', 'GM0074', 'Heerenveen'],
    ['Boalsert', 'GM1900', 'Súdwest-Fryslân'],
    ['Hoofdstraat 12, 9401 AB Assen', 'GM0106', 'Assen'],
    ['Haren (Gn)', 'GM0014', 'Groningen'],
    ['Sint Annaparochie', 'GM1949', 'Waadhoeke'],
  ])('%s → %s', (text, code, name) => {
    const r = placeLocation({ locationText: text });
    expect(r.geo?.gemeenteCode).toBe(code);
    expect(r.geo?.gemeente).toBe(name);
    expect(r.issues).toEqual([]);
  });

  it('fills provincie, COROP and arbeidsmarktregio', () => {
    const g = placeLocation({ locationText: 'Snits' }).geo!;
    expect(g.provincie).toBe('Fryslân');
    expect(g.corop).toBe('Zuidwest-Friesland');
    expect(g.arbeidsmarktregio).toBe('Friesland');
    const a = placeLocation({ locationText: 'Assen' }).geo!;
    expect(a.provincie).toBe('Drenthe');
    expect(a.corop).toBe('Noord-Drenthe');
  });

  it('uses the PC4 and reports the method', () => {
    const r = placeLocation({ postalCode: '9203 AB' });
    expect(r.geo?.gemeente).toBe('Smallingerland');
    expect(r.geo?.method).toBe('postcode');
  });

  it('disambiguates with a province clue', () => {
    expect(placeLocation({ locationText: 'Oosterwolde' }).geo?.gemeenteCode).toBe('GM0085');
    expect(placeLocation({ locationText: 'Oosterwolde (Gld)' }).geo?.gemeenteCode).toBe('GM0269');
    expect(placeLocation({ locationText: 'Haren, Noord-Brabant' }).geo?.gemeenteCode).toBe('GM0828');
  });

  it('gives the same woonplaats code for Dutch and Frisian names, another for another village', () => {
    const sneek = placeLocation({ locationText: 'Sneek' }).woonplaatsCode;
    expect(sneek).toBeTruthy();
    expect(placeLocation({ locationText: 'Snits' }).woonplaatsCode).toBe(sneek);
    expect(placeLocation({ locationText: 'Bolsward' }).woonplaatsCode).not.toBe(sneek);
  });

  it('never guesses: unknown → null + issue', () => {
    expect(placeLocation({ locationText: 'Atlantis' })).toEqual({ geo: null, issues: ['unknown_place:Atlantis'] });
    expect(placeLocation({ locationText: 'Friesland' }).issues).toEqual(['province_only:Friesland']);
    expect(placeLocation({ locationText: 'Thuiswerken' }).issues).toEqual(['remote_location']);
    expect(placeLocation({ postalCode: '0000' }).geo).toBeNull();
  });
});

describe('parseHours', () => {
  it.each([
    ['24-32 uur', 24, 32],
    ['24 tot 32 uur per week', 24, 32],
    ['0,8 fte', 28.8, 28.8],
    ['minimaal 24 uur', 24, null],
    ['Fulltime (36 uur)', 36, 36],
  ])('%s', (t, min, max) => {
    const r = parseHours(t);
    expect([r.min, r.max]).toEqual([min, max]);
    expect(r.issues).toEqual([]);
  });
  it('rejects absurd hours with an issue', () => {
    const r = parseHours('400 uur');
    expect([r.min, r.max]).toEqual([null, null]);
    expect(r.issues[0]).toMatch(/^hours_out_of_range:/);
  });
  it('flags text it cannot read', () => {
    expect(parseHours('in overleg').issues[0]).toMatch(/^unparsed_hours:/);
  });
});

describe('parseSalary', () => {
  it('reads a monthly range', () => {
    expect(parseSalary({ text: '€ 2.800 - € 3.900 bruto per maand' })).toMatchObject({ min: 2800, max: 3900 });
  });
  it('converts hourly to monthly (× 156)', () => {
    expect(parseSalary({ text: '€ 17,50 per uur' })).toMatchObject({ min: 2730, max: 2730 });
    expect(parseSalary({ min: 18.5, max: 22, unit: 'HOUR' })).toMatchObject({ min: 2886, max: 3432 });
  });
  it('reads CAO / FWG scales', () => {
    expect(parseSalary({ text: 'Salaris conform CAO VVT FWG 35 (€ 2.556 - € 3.481)' })).toMatchObject({ min: 2556, max: 3481, scale: 'CAO VVT FWG 35' });
    expect(parseSalary({ text: 'FWG 45' })).toMatchObject({ min: null, scale: 'FWG 45' });
  });
  it('rejects €1 per month with an issue', () => {
    expect(parseSalary({ text: '€1 per maand' })).toEqual({ min: null, max: null, scale: null, issues: ['salary_out_of_range'] });
  });
});

describe('education, contract, BIG', () => {
  it('education: lowest qualifying level', () => {
    expect(parseEducation('mbo 4 of hbo Verpleegkunde')).toBe('mbo4');
    expect(parseEducation('mbo niveau 2')).toBe('mbo2');
    expect(parseEducation('hbo-V')).toBe('hbo');
    expect(parseEducation('WO master psychologie')).toBe('wo');
    expect(parseEducation('geen opleiding nodig')).toBeNull();
  });
  it('contract type', () => {
    expect(parseContract('vast')).toBe('vast');
    expect(parseContract(null, 'Verpleegkundige', 'Een contract voor een jaar met uitzicht op vast.')).toBe('tijdelijk');
    expect(parseContract('BBL')).toBe('leerwerk');
    expect(parseContract(null, null, 'Je komt in onze flexpool op basis van een nul-urencontract.')).toBe('oproep');
  });
  it('BIG registration required, not when it is a pré', () => {
    expect(parseBigRequired('Je bent BIG-geregistreerd als verpleegkundige.')).toBe(true);
    expect(parseBigRequired('Een BIG-registratie is een pré.')).toBe(false);
  });
});

describe('employer and intermediary', () => {
  it('strips legal forms and maps register aliases', () => {
    expect(normalizeEmployer('Stichting Zorggroep Tellens B.V.').employerNormalized).toBe('zorggroep tellens');
    expect(lookupEmployer('Universitair Medisch Centrum Groningen')?.ref.name).toBe('UMCG');
  });
  it('detects an intermediary and the employer it names', () => {
    const r = normalizeEmployer('Randstad Zorg', 'Verpleegkundige', 'Voor onze opdrachtgever Treant in Emmen zoeken wij een verpleegkundige.');
    expect(r.isIntermediary).toBe(true);
    expect(r.realEmployer).toBe('Treant');
    const d = normalizeEmployer('Zorgwerk Detachering', 'Verpleegkundige', 'In opdracht van het Martini Ziekenhuis zoeken wij een verpleegkundige.');
    expect(d.realEmployer).toBe('Martini Ziekenhuis');
  });
  it('an unknown bureau is an intermediary by its text, without inventing a client', () => {
    const r = normalizeEmployer('Flexzorg Noord', 'Verpleegkundige', 'Via ons uitzendbureau werk je bij een zorgorganisatie.');
    expect(r.isIntermediary).toBe(true);
    expect(r.realEmployer).toBeNull();
  });
});

describe('branch', () => {
  it('register first, then text signals', () => {
    expect(determineBranch(lookupEmployer('Lentis')!.ref as any, 'Verpleegkundige', '')).toBe('ggz');
    expect(determineBranch(null, 'Pedagogisch medewerker BSO', 'Op onze buitenschoolse opvang')).toBe('kinderopvang');
    expect(determineBranch(null, 'Doktersassistent', 'Voor onze huisartsenpraktijk')).toBe('huisartsen');
    expect(determineBranch(null, 'Medewerker', 'Algemene functie')).toBe('overig');
  });
});

describe('privacy', () => {
  it('strips names, e-mails and phone numbers but keeps organisations', () => {
    const t = stripPersonalData('Vragen? Neem contact op met Petra de Vries via 06-12345678 of p.devries@treant.nl. Contactpersoon: mw. J. Bakker. Bel +31 (0)50 361 61 61. Informatie bij Treant Recruitment.');
    expect(t).not.toMatch(/Petra|Vries|Bakker|12345678|treant\.nl|361 61/);
    expect(t).toContain('[contact]');
    expect(t).toContain('[e-mail]');
    expect(t).toContain('[telefoon]');
    expect(t).toContain('Treant Recruitment');
  });
  it('leaves amounts and dates alone', () => {
    const s = 'Salaris € 2.800 tot € 3.900. Solliciteer voor 1 juni 2025, vacaturenummer 2025-0412.';
    expect(stripPersonalData(s)).toBe(s);
  });
});

describe('title and dates', () => {
  it('normalizes titles', () => {
    expect(normalizeTitle('Verpleegkundige (m/v) 24-32 uur | Leeuwarden')).toBe('verpleegkundige');
    expect(normalizeTitle('Pedagogisch medewerker KDV It Hearrenfean')).toBe('pedagogisch medewerker kdv');
    expect(normalizeTitle('IC-verpleegkundige (m/v)')).toBe('ic-verpleegkundige');
    expect(normalizeTitle('SPV FACT-team Assen')).toBe('spv fact-team');
  });
  it('1970 and 2099 → null + issue', () => {
    const issues: string[] = [];
    const now = new Date('2025-06-01');
    expect(parseDate('1970-01-01', 'datePosted', now, issues)).toBeNull();
    expect(parseDate('2099-12-31', 'validThrough', now, issues)).toBeNull();
    expect(parseDate('6 augustus 2025', 'validThrough', now, issues)).toBe('2025-08-06');
    expect(issues).toEqual(['date_out_of_range:datePosted', 'date_out_of_range:validThrough']);
  });
});

describe('normalizePosting', () => {
  it('normalizes a realistic intermediary posting end to end', () => {
    const n = normalizePosting(
      {
        sourceId: 'x', url: 'https://x.nl/1', title: 'Verpleegkundige (m/v) | Snits',
        description: 'Voor onze opdrachtgever Antonius Sneek zoeken wij een verpleegkundige interne geneeskunde. Je hebt een BIG-registratie en hbo-V.\nVragen? Bel Anna Postma op 06-12345678.',
        employerName: 'Randstad Zorg', locationText: 'Snits', hoursText: '24-32 uur', salaryText: '€ 3.000 - € 4.200 bruto per maand', employmentType: 'tijdelijk',
        datePosted: '2025-03-01', validThrough: '2099-01-01',
      },
      { now: new Date('2025-03-02') },
    );
    expect(n.geo?.gemeente).toBe('Súdwest-Fryslân');
    expect([n.hoursMin, n.hoursMax, n.salaryMin, n.salaryMax]).toEqual([24, 32, 3000, 4200]);
    expect(n.isIntermediary).toBe(true);
    expect(n.bigRequired).toBe(true);
    expect(n.educationLevel).toBe('hbo');
    expect(n.contractType).toBe('tijdelijk');
    expect(n.description).not.toContain('Postma');
    expect(n.validThrough).toBeNull();
    expect(n.issues).toContain('date_out_of_range:validThrough');
  });
  it('never throws on hostile input', () => {
    for (const bad of [null, undefined, 42, 'x', [], { title: { a: 1 } }, { description: 'x'.repeat(300_000) }]) {
      expect(() => normalizePosting(bad as any)).not.toThrow();
    }
  });
});
