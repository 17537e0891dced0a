/** Pure input/output parts of the analytics: name resolution, CSV import parsing, export records and JSON-LD. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addMonths, parsePeriod, resolveConcept, resolveRegion } from '../../src/analytics';
import { loadTaxonomies } from '../../src/domain/extract';
import { ImportError, parseCsv, parseEmploymentCsv, parseJobSeekersCsv } from '../../src/services/imports';
import { csvLine, toJobPosting, toRecord } from '../../src/services/export';
import { isLoopback } from '../../src/api/server';
import type { ExportVacancyRow } from '../../src/repositories/analytics.repo';

const tax = loadTaxonomies();
const FIX = path.resolve(__dirname, '../fixtures/analytics');

describe('lookup', () => {
  it('resolves region names, aliases and levels', () => {
    expect(resolveRegion('Friesland')).toEqual({ level: 'provincie', region: 'Fryslân' });
    expect(resolveRegion('fryslan')).toEqual({ level: 'provincie', region: 'Fryslân' });
    expect(resolveRegion('Friesland', 'arbeidsmarktregio')).toEqual({ level: 'arbeidsmarktregio', region: 'Friesland' });
    expect(resolveRegion('*')).toEqual({ level: 'all', region: '*' });
    expect(() => resolveRegion('Atlantis')).toThrow(/unknown region/);
  });

  it('resolves functions and skills by id, bare id or label', () => {
    expect(resolveConcept(tax, 'verzorgende-ig', 'function').id).toBe('fn:verzorgende-ig');
    expect(resolveConcept(tax, 'fn:verzorgende-ig', 'function').id).toBe('fn:verzorgende-ig');
    expect(resolveConcept(tax, 'Verzorgende IG', 'function').id).toBe('fn:verzorgende-ig');
    expect(resolveConcept(tax, 'wondzorg', 'skill').id).toBe('skill:wondzorg');
    expect(() => resolveConcept(tax, 'astronaut', 'function')).toThrow(/unknown function/);
  });

  it('parses periods', () => {
    expect(parsePeriod('2025-01')).toBe('2025-01-01');
    expect(parsePeriod('2025-Q1')).toBe('2025-01-01');
    expect(parsePeriod('2025-Q3')).toBe('2025-07-01');
    expect(parsePeriod('2025-W01')).toBe('2024-12-30'); // ISO week 1 of 2025 starts on Monday 30 December 2024
    expect(() => parsePeriod('2025-13')).toThrow();
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
  });
});

describe('CSV imports (parsing)', () => {
  it('reads the example job-seekers file (semicolons, aliases, quoted thousands)', () => {
    const rows = parseJobSeekersCsv(readFileSync(path.join(FIX, 'job-seekers.example.csv'), 'utf8'), { taxonomy: tax, source: 'x' });
    expect(rows).toEqual([
      { periodStart: '2025-01-01', regionLevel: 'provincie', region: 'Fryslân', functionId: 'fn:verzorgende-ig', count: 120, source: 'x' },
      { periodStart: '2025-01-01', regionLevel: 'provincie', region: 'Groningen', functionId: 'fn:verzorgende-ig', count: 80, source: 'x' },
      { periodStart: '2025-01-01', regionLevel: 'provincie', region: 'Drenthe', functionId: 'fn:verzorgende-ig', count: 0, source: 'x' },
      { periodStart: '2025-01-01', regionLevel: 'arbeidsmarktregio', region: 'Friesland', functionId: '*', count: 1250, source: 'x' },
    ]);
  });

  it('reads the employment example (171,800 employees, 56,500 in VVT, Q1 2025)', () => {
    const rows = parseEmploymentCsv(readFileSync(path.join(FIX, 'employment-noord-2025q1.example.csv'), 'utf8'));
    expect(rows.map((r) => [r.periodStart, r.branch, r.employees])).toEqual([
      ['2025-01-01', '*', 171_800],
      ['2025-01-01', 'vvt', 56_500],
    ]);
    expect(rows[0].source).toMatch(/arbeidsmarktrapportage/);
  });

  it('rejects the whole file and names every bad line', () => {
    const text = 'period_start,region_level,region,branch,employees\n2025-Q1,all,*,vvt,100\n2025-Q1,all,*,vvt,200\n2025-Q5,provincie,Groningen,vvt,1\n2025-Q1,provincie,Groningen,ruimtevaart,-3\n';
    let e: unknown;
    try {
      parseEmploymentCsv(text, { file: 'x.csv' });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ImportError);
    expect((e as ImportError).problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect((e as ImportError).message).toMatch(/duplicate of line 2/);
    expect(() => parseJobSeekersCsv('period_start,region\n2025-01,Groningen\n')).toThrow(/missing column/);
  });

  it('parses RFC 4180 quoting and comment lines', () => {
    const r = parseCsv('# note\na,b\n"x, ""y""",2\n\n"multi\nline",3\n');
    expect(r.header).toEqual(['a', 'b']);
    expect(r.records.map((x) => x.values)).toEqual([{ a: 'x, "y"', b: '2' }, { a: 'multi\nline', b: '3' }]);
  });
});

describe('export records', () => {
  const row: ExportVacancyRow = {
    id: 7, title: 'Verzorgende IG, bel 06-12345678', employer: 'Zorggroep Noord', gemeente: 'Leeuwarden', gemeenteCode: 'GM0080',
    provincie: 'Fryslân', arbeidsmarktregio: 'Friesland', branch: 'vvt', functionId: 'fn:verzorgende-ig', functionLabel: 'Verzorgende IG',
    functionIsco: '5322', functionEscoUri: null, skillIds: ['skill:medicatie', 'skill:wondzorg'], skillLabels: ['medicatie', 'wondzorg'],
    hoursMin: 24, hoursMax: 32, salaryMin: 2800, salaryMax: 3900, salaryScale: null, educationLevel: 'mbo-3', contractType: 'vast',
    openedOn: '2025-03-01', closedAt: null, validThrough: null, memberCount: 2, sourceCount: 2,
    url: 'https://example.org/v/7?mail=jan%40example.org#x', description: 'Neem contact op met Jan Jansen via jan@example.org of 06-12345678.',
  };

  it('strips personal data from text and URLs and adds ESCO URIs from the taxonomy', () => {
    const r = toRecord(row, tax, true);
    expect(r.title).not.toContain('12345678');
    expect(r.description).not.toMatch(/Jan Jansen|jan@example\.org|06-12345678/);
    expect(r.url).toBe('https://example.org/v/7');
    expect(r.function_esco_uri).toBe(tax.functionById.get('fn:verzorgende-ig')!.esco);
    expect(r.skill_esco_uris).toContain(tax.skillById.get('skill:wondzorg')!.esco);
    expect(toRecord(row, tax).description).toBeNull();
    const line = csvLine(r);
    expect(line.endsWith('\n')).toBe(true);
    expect(line).toContain('skill:medicatie | skill:wondzorg');
  });

  it('maps to a schema.org JobPosting with ESCO-identified skills and occupation', () => {
    const jp = toJobPosting(toRecord(row, tax), tax) as Record<string, any>;
    expect(jp['@type']).toBe('JobPosting');
    expect(jp.datePosted).toBe('2025-03-01');
    expect(jp.jobLocation.address).toMatchObject({ addressLocality: 'Leeuwarden', addressRegion: 'Fryslân', addressCountry: 'NL' });
    expect(jp.occupationalCategory).toMatchObject({ '@type': 'CategoryCode', '@id': tax.functionById.get('fn:verzorgende-ig')!.esco, codeValue: '5322' });
    expect(jp.skills).toHaveLength(2);
    expect(jp.skills[1]).toMatchObject({ '@type': 'DefinedTerm', '@id': tax.skillById.get('skill:wondzorg')!.esco, termCode: 'skill:wondzorg' });
    expect(jp.baseSalary.value).toMatchObject({ minValue: 2800, maxValue: 3900, unitText: 'MONTH' });
    expect(jp.employmentType).toBe('PART_TIME'); // 24–32 hours a week, a permanent contract adds nothing
    const temp = toJobPosting(toRecord({ ...row, hoursMin: 32, hoursMax: 36, contractType: 'tijdelijk' }, tax), tax) as Record<string, any>;
    expect(temp.employmentType).toEqual(['FULL_TIME', 'PART_TIME', 'TEMPORARY']);
    const unknown = toJobPosting(toRecord({ ...row, hoursMin: null, hoursMax: null, contractType: 'uitzend' }, tax), tax) as Record<string, any>;
    expect(unknown.employmentType).toBeUndefined();
  });
});

describe('API host check', () => {
  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.4', 'example.org']) expect(isLoopback(h), h).toBe(false);
  });
});
