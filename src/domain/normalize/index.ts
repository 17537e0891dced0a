/**
 * normalizePosting: RawPosting → NormalizedPosting. Pure; never throws (odd input types are coerced
 * or recorded as issues; huge strings are capped).
 */
import type { NormalizedPosting, RawPosting } from '../types';
import { determineBranch } from './branch';
import { parseBigRequired, parseContract } from './contract';
import { parseDate } from './dates';
import { parseEducation } from './education';
import { normalizeEmployer } from './employer';
import { placeLocation } from './geo';
import { hoursFromDescription, parseHours } from './hours';
import { stripPersonalData } from './privacy';
import { parseSalary } from './salary';
import { str } from './text';
import { normalizeTitle } from './title';

export { placeLocation, placementForGemeente } from './geo';
export { parseHours, FTE_HOURS } from './hours';
export { parseSalary, parseScale, toMonthly, HOURS_PER_MONTH } from './salary';
export { parseEducation } from './education';
export { parseContract, parseBigRequired } from './contract';
export { normalizeEmployer, normalizeEmployerName, lookupEmployer } from './employer';
export { determineBranch, branchFromText } from './branch';
export { stripPersonalData } from './privacy';
export { normalizeTitle } from './title';
export { parseDate, toIsoDate } from './dates';

export const MAX_DESCRIPTION_CHARS = 100_000;

function detectLanguage(declared: string | null, text: string): 'nl' | 'en' {
  if (declared) {
    const l = declared.toLowerCase();
    if (l.startsWith('en')) return 'en';
    if (l.startsWith('nl')) return 'nl';
  }
  const words = text.slice(0, 3000).toLowerCase().match(/\p{L}+/gu) ?? [];
  let nl = 0;
  let en = 0;
  for (const w of words) {
    if (/^(de|het|een|en|van|je|jij|wij|we|voor|met|zorg|bij|ons|onze|werk|naar|als|ook|niet)$/.test(w)) nl++;
    else if (/^(the|and|you|we|our|for|with|of|to|in|is|are|will|your|work|care)$/.test(w)) en++;
  }
  return en > nl * 1.5 && en >= 5 ? 'en' : 'nl';
}

export function normalizePosting(raw: RawPosting, opts: { now?: Date } = {}): NormalizedPosting {
  const r: Partial<Record<keyof RawPosting, unknown>> = raw && typeof raw === 'object' ? (raw as any) : {};
  const now = opts.now instanceof Date && !Number.isNaN(opts.now.getTime()) ? opts.now : new Date();
  const issues: string[] = [];

  const title = str(r.title, 1000) ?? '';
  const rawDescription = str(r.description, MAX_DESCRIPTION_CHARS) ?? '';
  if (typeof r.description === 'string' && r.description.length > MAX_DESCRIPTION_CHARS) issues.push('description_truncated');
  const description = stripPersonalData(rawDescription);

  const emp = normalizeEmployer(str(r.employerName, 300), title, rawDescription);

  const geoRes = placeLocation({
    locationText: str(r.locationText, 500),
    postalCode: str(r.postalCode, 20),
    provinceHint: emp.register?.provincies ?? null,
  });
  issues.push(...geoRes.issues);

  const hoursText = str(r.hoursText, 500);
  const hours = parseHours(hoursText, title, hoursFromDescription(rawDescription));
  issues.push(...hours.issues);

  const salaryText = str(r.salaryText, 1000);
  const salary = parseSalary({ text: salaryText, min: r.salaryMin, max: r.salaryMax, unit: r.salaryUnit });
  issues.push(...salary.issues);
  let salaryScale = salary.scale;
  if (!salaryScale && !salaryText) {
    // scale mentioned only in the description ("Salaris conform CAO VVT, FWG 35")
    const m = /[^\n]{0,60}\b(fwg|ifz|salarisschaal|schaal)\b[^\n]{0,30}/i.exec(rawDescription);
    if (m) salaryScale = parseSalary({ text: m[0] }).scale;
  }

  const educationLevel = parseEducation(str(r.educationText, 2000), rawDescription);
  const contractType = parseContract(r.employmentType as any, title, rawDescription) ?? (emp.isIntermediary && /\b(uitzend|detacher)/i.test(rawDescription) ? 'uitzend' : null);
  const bigRequired = parseBigRequired(str(r.educationText, 2000), title, rawDescription);
  const branch = determineBranch(emp.register, title, rawDescription);

  const datePosted = parseDate(r.datePosted, 'datePosted', now, issues);
  const validThrough = parseDate(r.validThrough, 'validThrough', now, issues);

  return {
    title,
    titleNormalized: normalizeTitle(title),
    description,
    employerName: emp.employerName,
    employerNormalized: emp.employerNormalized,
    isIntermediary: emp.isIntermediary,
    realEmployer: emp.realEmployer,
    geo: geoRes.geo,
    hoursMin: hours.min,
    hoursMax: hours.max,
    salaryMin: salary.min,
    salaryMax: salary.max,
    salaryScale,
    educationLevel,
    contractType,
    bigRequired,
    branch,
    datePosted,
    validThrough,
    language: detectLanguage(str(r.language, 20), `${title}\n${rawDescription}`),
    issues,
  };
}
