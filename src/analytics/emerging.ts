/**
 * Emerging skills: which skills are asked for more in a recent period than in a reference period.
 * Pure functions: no I/O.
 *
 * Main method — weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
 * "Fightin' Words", Political Analysis 16(4), eq. 16–22). The "corpus" of a period is the bag of skill
 * mentions (one per vacancy × skill). With y_w^i the count of skill w in period i, n_i = Σ_w y_w^i, prior
 * α_w = α0 · (y_w^r + y_w^b) / (n_r + n_b) (the pooled frequency, scaled to α0 pseudo-counts):
 *
 *   δ_w = log((y_w^r + α_w) / (n_r + α0 − y_w^r − α_w)) − log((y_w^b + α_w) / (n_b + α0 − y_w^b − α_w))
 *   σ²(δ_w) ≈ 1/(y_w^r + α_w) + 1/(y_w^b + α_w),     z_w = δ_w / σ(δ_w)
 *
 * The prior shrinks rare skills towards zero, so a skill going from 1 to 3 mentions does not outrank one
 * going from 100 to 200. z is the uncertainty-aware score to rank on (|z| > 1.96 ≈ 95%).
 *
 * Alternative — two-proportion z-test on the share of vacancies asking the skill (pooled standard error),
 * with a two-sided p-value and Benjamini–Hochberg q-values over all tested skills.
 */
import { normalCdf } from './tightness';

export interface SkillCounts {
  skillId: string;
  label?: string;
  /** Vacancies asking for the skill in the recent period. */
  recent: number;
  /** … in the reference period. */
  reference: number;
  /** Vacancies with the skill at any time before the recent period (default: `reference`), for the "new" flag. */
  seenBefore?: number;
}

export interface EmergingOptions {
  /** A skill needs at least this many vacancies in the recent period to be reported (default 5). */
  minSupport?: number;
  /** Total prior pseudo-count α0 (default: the pooled number of mentions, i.e. a prior as strong as the data). */
  priorScale?: number;
}

export interface EmergingSkill {
  skillId: string;
  label?: string;
  recent: number;
  reference: number;
  /** Share of the period's vacancies asking the skill (when vacancy totals were given), else of mentions. */
  recentShare: number;
  referenceShare: number;
  logOdds: number;
  se: number;
  z: number;
  /** Not seen before the recent period. */
  isNew: boolean;
}

export interface PeriodTotals {
  /** Number of vacancies in the recent / reference period (denominators for shares). */
  recentVacancies: number;
  referenceVacancies: number;
}

function checkCounts(items: SkillCounts[]): void {
  for (const s of items) {
    for (const [k, v] of [['recent', s.recent], ['reference', s.reference]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`${s.skillId}: ${k} must be an integer count ≥ 0, got ${v}`);
    }
  }
}

/** Weighted log-odds with an informative Dirichlet prior; sorted by z descending (most emerging first). */
export function weightedLogOdds(items: SkillCounts[], totals?: PeriodTotals, opts: EmergingOptions = {}): EmergingSkill[] {
  checkCounts(items);
  const minSupport = opts.minSupport ?? 5;
  const nr = items.reduce((a, s) => a + s.recent, 0);
  const nb = items.reduce((a, s) => a + s.reference, 0);
  const pooled = nr + nb;
  if (pooled === 0) return [];
  const a0 = opts.priorScale ?? pooled;
  if (!(a0 > 0)) throw new RangeError(`priorScale must be > 0, got ${a0}`);
  const out: EmergingSkill[] = [];
  for (const s of items) {
    if (s.recent < minSupport) continue;
    const aw = (a0 * (s.recent + s.reference)) / pooled;
    const lr = Math.log((s.recent + aw) / (nr + a0 - s.recent - aw));
    const lb = Math.log((s.reference + aw) / (nb + a0 - s.reference - aw));
    const delta = lr - lb;
    const se = Math.sqrt(1 / (s.recent + aw) + 1 / (s.reference + aw));
    out.push({
      skillId: s.skillId,
      label: s.label,
      recent: s.recent,
      reference: s.reference,
      recentShare: s.recent / (totals?.recentVacancies || nr || 1),
      referenceShare: s.reference / (totals?.referenceVacancies || nb || 1),
      logOdds: delta,
      se,
      z: delta / se,
      isNew: (s.seenBefore ?? s.reference) === 0,
    });
  }
  return out.sort((a, b) => b.z - a.z || a.skillId.localeCompare(b.skillId));
}

export interface ProportionTest {
  skillId: string;
  label?: string;
  recent: number;
  reference: number;
  recentShare: number;
  referenceShare: number;
  /** recentShare − referenceShare */
  diff: number;
  z: number;
  /** Two-sided p-value. */
  p: number;
  /** Benjamini–Hochberg adjusted p-value over the reported skills. */
  q: number;
  isNew: boolean;
}

/** Two-proportion z-test per skill on vacancy shares; sorted by z descending. */
export function twoProportionTest(items: SkillCounts[], totals: PeriodTotals, opts: Pick<EmergingOptions, 'minSupport'> = {}): ProportionTest[] {
  checkCounts(items);
  const minSupport = opts.minSupport ?? 5;
  const n1 = totals.recentVacancies;
  const n2 = totals.referenceVacancies;
  if (!(n1 > 0) || !(n2 > 0)) return [];
  const res: Omit<ProportionTest, 'q'>[] = [];
  for (const s of items) {
    if (s.recent < minSupport) continue;
    if (s.recent > n1 || s.reference > n2) throw new RangeError(`${s.skillId}: more vacancies with the skill than vacancies in the period`);
    const p1 = s.recent / n1;
    const p2 = s.reference / n2;
    const p = (s.recent + s.reference) / (n1 + n2);
    const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
    const z = se > 0 ? (p1 - p2) / se : 0;
    res.push({
      skillId: s.skillId, label: s.label, recent: s.recent, reference: s.reference, recentShare: p1, referenceShare: p2,
      diff: p1 - p2, z, p: 2 * (1 - normalCdf(Math.abs(z))), isNew: (s.seenBefore ?? s.reference) === 0,
    });
  }
  const q = benjaminiHochberg(res.map((r) => r.p));
  return res.map((r, i) => ({ ...r, q: q[i] })).sort((a, b) => b.z - a.z || a.skillId.localeCompare(b.skillId));
}

/** Benjamini–Hochberg step-up adjusted p-values, in input order. */
export function benjaminiHochberg(p: number[]): number[] {
  const m = p.length;
  const order = p.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const q = new Array<number>(m);
  let min = 1;
  for (let k = m - 1; k >= 0; k--) {
    const [v, i] = order[k];
    min = Math.min(min, (v * m) / (k + 1));
    q[i] = min;
  }
  return q;
}
