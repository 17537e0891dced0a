/**
 * Tightness (krapte) measures. Pure functions: no I/O.
 *
 * 1. UWV-style ratio: open vacancies ÷ job seekers (UWV "spanningsindicator"), in five bands.
 * 2. Duration-based: Kaplan–Meier estimate of how long vacancies stay open, with still-open vacancies
 *    right-censored at the observation date (not dropped), and Greenwood confidence intervals.
 * 3. Vacancy rate: vacancies per 1,000 employees of a branch.
 */

export type TightnessBand = 'zeer ruim' | 'ruim' | 'gemiddeld' | 'krap' | 'zeer krap';

/** Lower bounds of UWV's bands (ratio ≥ bound). The band of a ratio is the last bound it reaches. */
export const UWV_BANDS: readonly { band: TightnessBand; from: number }[] = [
  { band: 'zeer ruim', from: 0 },
  { band: 'ruim', from: 0.25 },
  { band: 'gemiddeld', from: 0.67 },
  { band: 'krap', from: 1.5 },
  { band: 'zeer krap', from: 4 },
];

export function bandOf(ratio: number): TightnessBand {
  if (!Number.isFinite(ratio) && ratio !== Infinity) throw new RangeError(`ratio must be a number, got ${ratio}`);
  if (ratio < 0) throw new RangeError(`ratio must be ≥ 0, got ${ratio}`);
  let b: TightnessBand = 'zeer ruim';
  for (const x of UWV_BANDS) if (ratio >= x.from) b = x.band;
  return b;
}

export type TightnessStatus = 'ok' | 'no_job_seekers' | 'missing_job_seekers' | 'no_data';

export interface TightnessRatio {
  vacancies: number;
  jobSeekers: number | null;
  /** vacancies ÷ job seekers; null when it is not defined (no or zero job seekers). */
  ratio: number | null;
  band: TightnessBand | null;
  status: TightnessStatus;
}

/**
 * UWV-style tightness. Zero job seekers with open vacancies is as tight as it gets: ratio null (undefined),
 * band "zeer krap", status "no_job_seekers". Zero of both, or job seekers unknown: no band.
 */
export function tightnessRatio(vacancies: number, jobSeekers: number | null | undefined): TightnessRatio {
  if (!Number.isFinite(vacancies) || vacancies < 0) throw new RangeError(`vacancies must be a count ≥ 0, got ${vacancies}`);
  if (jobSeekers === null || jobSeekers === undefined || Number.isNaN(jobSeekers))
    return { vacancies, jobSeekers: null, ratio: null, band: null, status: 'missing_job_seekers' };
  if (jobSeekers < 0 || !Number.isFinite(jobSeekers)) throw new RangeError(`job seekers must be a count ≥ 0, got ${jobSeekers}`);
  if (jobSeekers === 0) {
    return vacancies > 0
      ? { vacancies, jobSeekers, ratio: null, band: 'zeer krap', status: 'no_job_seekers' }
      : { vacancies, jobSeekers, ratio: null, band: null, status: 'no_data' };
  }
  const ratio = vacancies / jobSeekers;
  return { vacancies, jobSeekers, ratio, band: bandOf(ratio), status: 'ok' };
}

/** Vacancies per 1,000 employees; null when the employee count is missing or zero. */
export function vacanciesPer1000(vacancies: number, employees: number | null | undefined): number | null {
  if (!Number.isFinite(vacancies) || vacancies < 0) throw new RangeError(`vacancies must be a count ≥ 0, got ${vacancies}`);
  if (employees === null || employees === undefined || !Number.isFinite(employees) || employees <= 0) return null;
  return (vacancies / employees) * 1000;
}

// ─── Kaplan–Meier ────────────────────────────────────────────────────────────────────────────────

/** One observation, or `count` identical observations: open for `time` days; `event` = closed (false = still open, censored). */
export interface DurationObs {
  time: number;
  event: boolean;
  count?: number;
}

export interface KmStep {
  time: number;
  atRisk: number;
  events: number;
  censored: number;
  survival: number;
  /** Greenwood standard error of the survival. */
  se: number;
  lower: number;
  upper: number;
}

export interface KmOptions {
  /** Confidence level (default 0.95). */
  level?: number;
  /** CI transform: "log" (R survfit default) or "plain" (Greenwood, linear). */
  confType?: 'log' | 'plain';
}

export interface KmCurve {
  n: number;
  events: number;
  censored: number;
  steps: KmStep[];
  level: number;
}

/** Standard normal quantile (Acklam's rational approximation: ~1e-9 for 0.02425 ≤ p ≤ 0.97575, ~1e-5 in the tails). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0,1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549671010366624, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let q: number;
  if (p < lo) {
    q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Standard normal CDF (via erfc, Numerical Recipes' Chebyshev approximation, |error| < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * Kaplan–Meier survival curve of open durations. Censored observations at time t count as at risk for
 * events at t (the usual convention). Greenwood variance: S(t)² Σ d/(n(n−d)).
 */
export function kaplanMeier(obs: DurationObs[], opts: KmOptions = {}): KmCurve {
  const level = opts.level ?? 0.95;
  const z = normalQuantile(1 - (1 - level) / 2);
  const byTime = new Map<number, { d: number; c: number }>();
  let n = 0;
  for (const o of obs) {
    const k = o.count ?? 1;
    if (!Number.isFinite(o.time) || o.time < 0) throw new RangeError(`duration must be ≥ 0, got ${o.time}`);
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`count must be an integer ≥ 0, got ${k}`);
    if (k === 0) continue;
    const e = byTime.get(o.time) ?? { d: 0, c: 0 };
    if (o.event) e.d += k;
    else e.c += k;
    byTime.set(o.time, e);
    n += k;
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  let atRisk = n;
  let s = 1;
  let gw = 0; // Σ d/(n(n−d))
  let events = 0;
  const steps: KmStep[] = [];
  for (const t of times) {
    const { d, c } = byTime.get(t)!;
    if (d > 0) {
      s *= 1 - d / atRisk;
      gw = atRisk > d ? gw + d / (atRisk * (atRisk - d)) : Infinity;
      events += d;
      const se = s * Math.sqrt(gw);
      let lower: number, upper: number;
      if (s === 0 || !Number.isFinite(gw)) {
        // Survival reached 0: the log-transformed interval is undefined (R gives NA); keep the previous
        // upper bound so the median's upper confidence limit is "not reached" rather than invented.
        lower = 0;
        upper = steps.length ? steps[steps.length - 1].upper : 1;
      } else if (opts.confType === 'plain') {
        lower = Math.max(0, s - z * se);
        upper = Math.min(1, s + z * se);
      } else {
        const f = Math.exp(z * Math.sqrt(gw));
        lower = s / f;
        upper = Math.min(1, s * f);
      }
      steps.push({ time: t, atRisk, events: d, censored: c, survival: s, se: Number.isFinite(se) ? se : 0, lower, upper });
    }
    atRisk -= d + c;
  }
  return { n, events, censored: n - events, steps, level };
}

/** S(t): the survival just after time t (1 before the first event). */
export function survivalAt(curve: KmCurve, t: number): { survival: number; lower: number; upper: number } {
  let r = { survival: 1, lower: 1, upper: 1 };
  for (const s of curve.steps) {
    if (s.time > t) break;
    r = { survival: s.survival, lower: s.lower, upper: s.upper };
  }
  return r;
}

/** Smallest event time at which `value(step)` ≤ p, or null when the curve never gets there. */
function quantileOf(curve: KmCurve, p: number, value: (s: KmStep) => number): number | null {
  for (const s of curve.steps) if (value(s) <= p + 1e-12) return s.time;
  return null;
}

export interface DurationSummary {
  n: number;
  closed: number;
  stillOpen: number;
  /** Kaplan–Meier median open duration in days; null when fewer than half of the vacancies closed (not reached). */
  medianDays: number | null;
  /**
   * Confidence interval of the median from the pointwise CI of S(t) (as R's survfit): lower = first time the
   * lower band reaches 0.5, upper = first time the upper band does; null = not reached.
   */
  medianLower: number | null;
  medianUpper: number | null;
  /** Share of vacancies still open after `horizonDays` (S(horizon)), with CI. */
  horizonDays: number;
  openAfterHorizon: number | null;
  openAfterHorizonLower: number | null;
  openAfterHorizonUpper: number | null;
}

/** Median open duration with CI and the share still open after a horizon (default 60 days). */
export function durationSummary(obs: DurationObs[], opts: KmOptions & { horizonDays?: number } = {}): DurationSummary {
  const curve = kaplanMeier(obs, opts);
  const horizonDays = opts.horizonDays ?? 60;
  if (curve.n === 0) {
    return {
      n: 0, closed: 0, stillOpen: 0, medianDays: null, medianLower: null, medianUpper: null, horizonDays,
      openAfterHorizon: null, openAfterHorizonLower: null, openAfterHorizonUpper: null,
    };
  }
  // The horizon is only estimable when someone was followed that long (else S(horizon) is extrapolated).
  const maxTime = Math.max(...obs.filter((o) => (o.count ?? 1) > 0).map((o) => o.time));
  const h = maxTime >= horizonDays ? survivalAt(curve, horizonDays) : null;
  return {
    n: curve.n,
    closed: curve.events,
    stillOpen: curve.censored,
    medianDays: quantileOf(curve, 0.5, (s) => s.survival),
    medianLower: quantileOf(curve, 0.5, (s) => s.lower),
    medianUpper: quantileOf(curve, 0.5, (s) => s.upper),
    horizonDays,
    openAfterHorizon: h?.survival ?? null,
    openAfterHorizonLower: h?.lower ?? null,
    openAfterHorizonUpper: h?.upper ?? null,
  };
}
