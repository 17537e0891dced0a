/**
 * Pairwise decision: same vacancy or not. Rules, in order:
 *  1. time: if the later record was first seen more than `repostWindowDays` (default 60) after the
 *     earlier one was last active (closedAt, else its seenAt) → a new vacancy (reason "time_gap");
 *  2. location: both placed in different gemeenten → different vacancies (same function at two
 *     locations of one employer is two vacancies) ("other_gemeente");
 *  3. exact key (same source+externalId or same canonical URL) → same ("exact");
 *  3b. both in one gemeente but in different woonplaatsen (CBS code, when both known) → different ("other_place");
 *  4. employers: both known and no overlap between {employer, realEmployer} keys → not same, unless the
 *     text is near-identical (J ≥ 0.9; J ≥ 0.6 with the same gemeente and title) and one side is an
 *     intermediary that does not name its client; or, for such an intermediary, J ≥ 0.2 with the same
 *     gemeente and function title within 30 days (it copies tasks/requirements, rewrites the rest);
 *  5. near-duplicate text: J ≥ 0.8 and titles compatible, or J ≥ 0.5 with the same employer and similar
 *     title ("near");
 *  6. metadata: same employer (or the real employer behind an intermediary) + same gemeente (or one
 *     unknown) + very similar title (≥ 0.75 token Jaccard / containment) → same, even for rewritten text
 *     ("meta").
 * Contract hours: when both postings state them and a bound differs by more than an hour (24–32 vs
 * 16–24 uur), the rules that lean on metadata rather than on near-identical text — the intermediary rules
 * below J 0.9, "near" below J 0.8 and "meta" — do not merge: one employer's two openings for one function in
 * one place are told apart by their hours, while a repost, a rewrite or an intermediary's copy keeps them
 * (all 25 such "same" pairs in the labelled set state equal hours).
 */
import { employerKeys, jaccardEstimate, titleTokens } from './signature';
import type { CompareResult, DedupOptions, DedupRecord, Signature } from './types';
import { DEFAULT_REPOST_WINDOW_DAYS } from './types';

export interface Facts {
  employers: string[];
  /** true when the employerNormalized is an intermediary (record has realEmployer or intermediary flag) */
  intermediary: boolean;
  titleTokens: string[];
  gemeente: string | null;
  /** woonplaats inside the gemeente (CBS code), when known */
  locality: string | null;
  /** contract hours per week, when known */
  hoursMin: number | null;
  hoursMax: number | null;
  /** days since epoch */
  firstSeen: number;
  lastActive: number;
}

export function dayNumber(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(t) ? null : Math.floor(t / 86_400_000);
}

const INTERMEDIARY_HINT = /\b(randstad|tempo team|unique|adecco|youngcapital|young capital|maandag|synergie|inter acces|zorgwerk|care 4 you|care4you|flexcare|yer|tzorg|olympia|start people|manpower|luba|uitzend|detacher|recruitment|werving|interim|staffing|bemiddeling)\b/;

export function factsOf(r: DedupRecord): Facts {
  const seen = dayNumber(r.seenAt) ?? dayNumber(r.datePosted) ?? 0;
  const closed = dayNumber(r.closedAt ?? null);
  return {
    employers: employerKeys(r),
    intermediary: r.isIntermediary === true || Boolean(r.realEmployer) || (r.employerNormalized ? INTERMEDIARY_HINT.test(r.employerNormalized.toLowerCase()) : false),
    titleTokens: titleTokens(r.titleNormalized),
    gemeente: r.gemeenteCode || null,
    locality: r.locality || null,
    hoursMin: typeof r.hoursMin === 'number' && Number.isFinite(r.hoursMin) ? r.hoursMin : null,
    hoursMax: typeof r.hoursMax === 'number' && Number.isFinite(r.hoursMax) ? r.hoursMax : null,
    firstSeen: seen,
    lastActive: closed !== null && closed > seen ? closed : seen,
  };
}

export function titleSimilarity(a: string[], b: string[]): number {
  if (!a.length || !b.length) return 0;
  let inter = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { inter++; i++; j++; } else if (a[i] < b[j]) i++; else j++;
  }
  const jac = inter / (a.length + b.length - inter);
  const containment = inter / Math.min(a.length, b.length);
  // a shorter title fully contained in the longer one ("verpleegkundige" ⊂ "verpleegkundige ouderenzorg")
  return Math.max(jac, containment * 0.85);
}

/** Both postings state contract hours and a known bound differs by more than an hour ("16-24" vs "24-32"). */
export function hoursConflict(a: Pick<Facts, 'hoursMin' | 'hoursMax'>, b: Pick<Facts, 'hoursMin' | 'hoursMax'>): boolean {
  if (a.hoursMin !== null && b.hoursMin !== null && Math.abs(a.hoursMin - b.hoursMin) > 1) return true;
  return a.hoursMax !== null && b.hoursMax !== null && Math.abs(a.hoursMax - b.hoursMax) > 1;
}

function overlap(a: string[], b: string[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

/** Minimum text Jaccard for an intermediary that does not name its client (ads of two different employers for the same function: ≤ 0.07 on the labelled pairs). */
export const BLIND_INTERMEDIARY_MIN_J = 0.2;
export const BLIND_INTERMEDIARY_DAYS = 30;

export function decide(a: Facts, b: Facts, jaccard: number, exact: boolean, opts: DedupOptions = {}): CompareResult {
  const window = opts.repostWindowDays ?? DEFAULT_REPOST_WINDOW_DAYS;
  const [early, late] = a.firstSeen <= b.firstSeen ? [a, b] : [b, a];
  const gap = late.firstSeen - early.lastActive;
  if (gap > window) return { same: false, score: 0, reason: `time_gap:${gap}d` };
  if (a.gemeente && b.gemeente && a.gemeente !== b.gemeente) return { same: false, score: 0.1 * jaccard, reason: 'other_gemeente' };
  const tsim = titleSimilarity(a.titleTokens, b.titleTokens);
  if (exact) return { same: true, score: 1, reason: 'exact' };
  // two woonplaatsen of one gemeente (Sneek and Bolsward, Groningen and Haren) are two locations too
  if (a.locality && b.locality && a.locality !== b.locality) return { same: false, score: 0.1 * jaccard, reason: 'other_place' };

  const hoursDiffer = hoursConflict(a, b);
  const bothKnown = a.employers.length > 0 && b.employers.length > 0;
  const sameEmp = bothKnown && overlap(a.employers, b.employers);
  if (bothKnown && !sameEmp) {
    const blindIntermediary = (a.intermediary && a.employers.length === 1) || (b.intermediary && b.employers.length === 1);
    if (blindIntermediary && jaccard >= 0.9 && tsim >= 0.5) return { same: true, score: jaccard, reason: 'near_intermediary' };
    // an intermediary that does not name its client but copies most of the text, same place and function
    if (blindIntermediary && !hoursDiffer && jaccard >= 0.6 && tsim >= 0.75 && a.gemeente !== null && a.gemeente === b.gemeente) {
      return { same: true, score: jaccard, reason: 'near_intermediary' };
    }
    // an intermediary that does not name its client rewrites the intro and offer but copies the tasks and
    // requirements: same gemeente, same function, some shared text, published within a month
    if (
      blindIntermediary && !hoursDiffer && tsim >= 0.75 && jaccard >= BLIND_INTERMEDIARY_MIN_J && a.gemeente !== null && a.gemeente === b.gemeente &&
      late.firstSeen - early.firstSeen <= BLIND_INTERMEDIARY_DAYS
    ) {
      return { same: true, score: 0.5 + jaccard / 2, reason: 'near_intermediary' };
    }
    return { same: false, score: 0.3 * jaccard, reason: 'other_employer' };
  }
  if (jaccard >= 0.8 && tsim >= 0.4) return { same: true, score: jaccard, reason: 'near' };
  if (jaccard >= 0.5 && tsim >= 0.6 && !hoursDiffer && (sameEmp || !bothKnown)) return { same: true, score: 0.5 + jaccard / 2, reason: 'near' };
  if (sameEmp && tsim >= 0.75 && !hoursDiffer && (a.gemeente === b.gemeente || !a.gemeente || !b.gemeente)) {
    return { same: true, score: 0.4 + 0.3 * tsim + 0.3 * jaccard, reason: 'meta' };
  }
  return { same: false, score: 0.5 * jaccard + 0.2 * tsim, reason: 'dissimilar' };
}

export function compare(a: DedupRecord, b: DedupRecord, sigA: Signature, sigB: Signature, opts: DedupOptions = {}): CompareResult {
  const exact = sigA.exactKeys.some((k) => sigB.exactKeys.includes(k));
  return decide(factsOf(a), factsOf(b), jaccardEstimate(sigA.minhash, sigB.minhash), exact, opts);
}
