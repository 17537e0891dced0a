/**
 * Shared domain types. Pure data shapes only: no I/O lives in src/domain.
 *
 * Pipeline: crawl (RawPosting) → normalize (NormalizedPosting) → dedup (cluster) →
 * extract (FunctionMatch + SkillMatch[]) → aggregate (series rows).
 */

/** What a crawler adapter's pure extract function returns for one vacancy page/feed item. */
export interface RawPosting {
  /** Source key from the source registry, e.g. "demo-zorgbanen". */
  sourceId: string;
  /** The platform's own id for the posting when it publishes one (JSON-LD identifier, ATS id). */
  externalId?: string | null;
  /** Canonical URL of the vacancy page (no tracking parameters). */
  url: string;
  title: string;
  /** Plain text. Section headings stay on their own lines ("Wat ga je doen?") so extraction can be section-aware. */
  description: string;
  employerName?: string | null;
  /** Free text place / address as published ("Leeuwarden", "Snits", "Hoofdstraat 1, 9401 AB Assen"). */
  locationText?: string | null;
  postalCode?: string | null;
  /** ISO 8601 date or datetime as published. */
  datePosted?: string | null;
  validThrough?: string | null;
  /** As published: "FULL_TIME", "PART_TIME", "vast", "tijdelijk"… */
  employmentType?: string | null;
  /** Free text hours ("24-32 uur per week", "0,8 fte"). */
  hoursText?: string | null;
  /** Free text salary ("€ 2.800 - € 3.900 bruto per maand", "FWG 45"). */
  salaryText?: string | null;
  /** Structured salary when the source publishes it (schema.org baseSalary). */
  salaryMin?: number | null;
  salaryMax?: number | null;
  /** schema.org unitText: HOUR | DAY | WEEK | MONTH | YEAR. */
  salaryUnit?: string | null;
  educationText?: string | null;
  /** BCP-47 language when known ("nl", "en"). */
  language?: string | null;
}

export type Provincie = string;

export interface GeoPlacement {
  gemeenteCode: string; // "GM0080"
  gemeente: string;
  provincie: Provincie;
  coropCode: string;
  corop: string;
  arbeidsmarktregio: string;
  /** How the place was resolved: "postcode" | "woonplaats" | "gemeente" | "alias" */
  method: string;
}

export type EducationLevel = 'mbo1' | 'mbo2' | 'mbo3' | 'mbo4' | 'hbo' | 'wo';
export type ContractType = 'vast' | 'tijdelijk' | 'oproep' | 'stage' | 'leerwerk' | 'zzp' | 'uitzend' | 'vrijwilliger';
export type Branch =
  | 'vvt'
  | 'ziekenhuizen'
  | 'ggz'
  | 'gehandicaptenzorg'
  | 'jeugdzorg'
  | 'kinderopvang'
  | 'sociaal-werk'
  | 'huisartsen'
  | 'overig';

export interface NormalizedPosting {
  title: string;
  /** Lower-cased title with gender suffixes ("(m/v)"), hours and place names removed, for dedup and classification. */
  titleNormalized: string;
  /** Privacy-stripped description (no contact names, e-mail addresses or phone numbers). */
  description: string;
  employerName: string | null;
  employerNormalized: string | null;
  isIntermediary: boolean;
  /** When an intermediary names the employer it recruits for. */
  realEmployer: string | null;
  geo: GeoPlacement | null;
  hoursMin: number | null;
  hoursMax: number | null;
  /** Gross monthly EUR. */
  salaryMin: number | null;
  salaryMax: number | null;
  /** "FWG 45", "CAO VVT 35", "schaal 8" */
  salaryScale: string | null;
  educationLevel: EducationLevel | null;
  contractType: ContractType | null;
  bigRequired: boolean;
  branch: Branch;
  datePosted: string | null; // YYYY-MM-DD
  validThrough: string | null; // YYYY-MM-DD
  language: 'nl' | 'en';
  /** Recorded skips: a field that was present but rejected, e.g. "salary_out_of_range", "unknown_place:Foo". */
  issues: string[];
}

export type MatchMethod = 'exact' | 'alias' | 'stem' | 'fuzzy' | 'compound' | 'english' | 'title' | 'text';

export interface SkillMatch {
  conceptId: string;
  label: string;
  method: MatchMethod;
  score: number; // 0..1
  /** Matched text and its character offsets in the description (or title). */
  span: { text: string; start: number; end: number };
  section: string | null; // 'taken' | 'eisen' | 'aanbod' | 'organisatie' | null
}

export interface FunctionMatch {
  conceptId: string | null; // null = unknown
  label: string | null;
  method: MatchMethod | 'none';
  confidence: number; // 0..1
  isco: string | null;
  escoUri: string | null;
}
