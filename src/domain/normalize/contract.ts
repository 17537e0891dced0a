/**
 * Contract type from the published employment type, the title and the description.
 * Order of precedence inside one text (first hit wins): vrijwilliger, stage, leerwerk (BBL), zzp,
 * uitzend, oproep (nul-uren, min-max, flexpool), tijdelijk ("tijdelijk met uitzicht op vast" is
 * tijdelijk), vast.
 */
import type { ContractType } from '../types';
import { fold } from './text';

const RULES: Array<[RegExp, ContractType]> = [
  [/\b(vrijwillig(er|ers|ster|erswerk)?|volunteer)\b/, 'vrijwilliger'],
  [/\b(stage(plaats|plek)?|stagiair(e)?|afstudeerstage|meewerkstage|internship|bol[- ]stage)\b/, 'stage'],
  [/\b(bbl|leerwerk(plek|plaats|baan|traject|overeenkomst)?|leer[- ]?werk|leren (en|&) werken|werken (en|&) leren|zij[- ]?instroom(traject|opleiding)?|opleidingsplaats|in opleiding tot|leerling[- ]verpleegkundige|leerling[- ]verzorgende)\b/, 'leerwerk'],
  [/\b(zzp(['’]?er)?|freelance(r)?|op factuurbasis|als zelfstandige|zelfstandig ondernemer|interim)\b/, 'zzp'],
  [/\b(uitzend(bureau|basis|kracht|werk)?|via (ons|een) (uitzend|bureau)|detachering|gedetacheerd|payroll)\b/, 'uitzend'],
  [/\b(oproep(contract|kracht|basis)?|nul[- ]?uren(contract)?|0[- ]uren(contract)?|min[- ]?max[- ]?contract|flexpool|flexibele pool|invalkracht|invalpool|on call)\b/, 'oproep'],
  [/\b(tijdelijk(e)?( contract| dienstverband| aanstelling)?|jaarcontract|bepaalde tijd|uitzicht op (een )?vast|contract voor (de duur van )?\d+ (maanden|jaar)|zwangerschapsvervanging|projectbasis|temporary|fixed[- ]term)\b/, 'tijdelijk'],
  [/\b(vast (contract|dienstverband)|vaste (aanstelling|baan|dienst)|onbepaalde tijd|permanent)\b/, 'vast'],
];

const EMPLOYMENT_TYPE: Record<string, ContractType> = {
  TEMPORARY: 'tijdelijk', INTERN: 'stage', INTERNSHIP: 'stage', VOLUNTEER: 'vrijwilliger', CONTRACTOR: 'zzp',
  PER_DIEM: 'oproep', VAST: 'vast', PERMANENT: 'vast', TIJDELIJK: 'tijdelijk', OPROEP: 'oproep', STAGE: 'stage',
  BBL: 'leerwerk', ZZP: 'zzp', FREELANCE: 'zzp', UITZEND: 'uitzend', VRIJWILLIGER: 'vrijwilliger', DETACHERING: 'uitzend',
};

export function contractFromText(text: string): ContractType | null {
  const s = fold(text);
  for (const [re, t] of RULES) if (re.test(s)) return t;
  // a bare short label as published: "Vast", "vaste baan", "contract: vast"
  if (s.length <= 40 && /\bvast(e)?\b/.test(s)) return 'vast';
  return null;
}

export function parseContract(employmentType: unknown, title?: unknown, description?: unknown): ContractType | null {
  const types = Array.isArray(employmentType) ? employmentType : [employmentType];
  for (const e of types) {
    if (typeof e !== 'string' || !e.trim()) continue;
    const k = e.trim().toUpperCase().replace(/[\s-]+/g, '_');
    if (EMPLOYMENT_TYPE[k]) return EMPLOYMENT_TYPE[k];
    const fromText = contractFromText(e);
    if (fromText) return fromText;
  }
  if (typeof title === 'string') {
    const t = contractFromText(title);
    if (t) return t;
  }
  if (typeof description === 'string') return contractFromText(description.slice(0, 50_000));
  return null;
}

/** BIG registration required? A mention qualified as "pré"/"pluspunt"/"niet vereist" does not count. */
export function parseBigRequired(...texts: unknown[]): boolean {
  for (const t of texts) {
    if (typeof t !== 'string') continue;
    const s = fold(t.slice(0, 50_000));
    const sentences = s.split(/\n|(?<=[.;!?])\s+/);
    for (const sen of sentences) {
      if (!/\bbig\b|\bbig[- ]?(geregistreerd|registratie|register|nummer|registered)/.test(sen)) continue;
      if (/\bbig[- ]?(geregistreerd|registratie|register|nummer|registered)|\b(in|met) (het )?big\b|\bbig[- ]?(vereist|verplicht)/.test(sen)) {
        if (/\b(pre|pluspunt|niet (vereist|verplicht|nodig|noodzakelijk)|geen big|hoeft niet|is handig|wenselijk)\b/.test(sen)) continue;
        return true;
      }
    }
  }
  return false;
}
