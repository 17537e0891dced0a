import { describe, expect, it } from 'vitest';
import {
  bandOf,
  benjaminiHochberg,
  durationSummary,
  kaplanMeier,
  normalCdf,
  normalQuantile,
  survivalAt,
  tightnessRatio,
  twoProportionTest,
  vacanciesPer1000,
  weightedLogOdds,
  type DurationObs,
} from '../../src/analytics';

describe('UWV tightness bands', () => {
  it('maps ratios to the five bands at the documented boundaries', () => {
    expect(bandOf(0)).toBe('zeer ruim');
    expect(bandOf(0.2499)).toBe('zeer ruim');
    expect(bandOf(0.25)).toBe('ruim');
    expect(bandOf(0.669)).toBe('ruim');
    expect(bandOf(0.67)).toBe('gemiddeld');
    expect(bandOf(1.4999)).toBe('gemiddeld');
    expect(bandOf(1.5)).toBe('krap');
    expect(bandOf(3.99)).toBe('krap');
    expect(bandOf(4)).toBe('zeer krap');
    expect(bandOf(Infinity)).toBe('zeer krap');
    expect(() => bandOf(-1)).toThrow(RangeError);
    expect(() => bandOf(NaN)).toThrow(RangeError);
  });

  it('computes vacancies ÷ job seekers and handles zero / missing job seekers', () => {
    expect(tightnessRatio(300, 100)).toEqual({ vacancies: 300, jobSeekers: 100, ratio: 3, band: 'krap', status: 'ok' });
    expect(tightnessRatio(10, 100).band).toBe('zeer ruim');
    expect(tightnessRatio(12, 0)).toMatchObject({ ratio: null, band: 'zeer krap', status: 'no_job_seekers' });
    expect(tightnessRatio(0, 0)).toMatchObject({ ratio: null, band: null, status: 'no_data' });
    expect(tightnessRatio(5, null)).toMatchObject({ ratio: null, band: null, status: 'missing_job_seekers' });
    expect(tightnessRatio(5, undefined).status).toBe('missing_job_seekers');
    expect(() => tightnessRatio(-1, 3)).toThrow(/vacancies/);
    expect(() => tightnessRatio(1, -3)).toThrow(/job seekers/);
  });

  it('computes vacancies per 1,000 employees', () => {
    // 2,260 VVT vacancies on 56,500 employees = 40 per 1,000.
    expect(vacanciesPer1000(2260, 56_500)).toBeCloseTo(40, 10);
    expect(vacanciesPer1000(5, 0)).toBeNull();
    expect(vacanciesPer1000(5, null)).toBeNull();
  });
});

describe('normal distribution helpers', () => {
  it('matches tabulated values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 4); // tails: ~1e-5
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
});

describe('Kaplan–Meier open duration', () => {
  // Hand-computed: times 2e, 3c, 4e, 4e, 5c, 6e (e = closed, c = still open at observation date).
  //   t=2: n=6 d=1 → S=5/6,          Greenwood Σ = 1/(6·5) = 0.033333
  //   t=4: n=4 d=2 → S=5/6·2/4=5/12, Σ += 2/(4·2) → 0.283333, se = S·√Σ = 0.221790
  //   t=6: n=1 d=1 → S=0
  const obs: DurationObs[] = [
    { time: 2, event: true },
    { time: 3, event: false },
    { time: 4, event: true, count: 2 },
    { time: 5, event: false },
    { time: 6, event: true },
  ];

  it('computes the survival steps and Greenwood standard errors', () => {
    const c = kaplanMeier(obs);
    expect(c.n).toBe(6);
    expect(c.events).toBe(4);
    expect(c.censored).toBe(2);
    expect(c.steps.map((s) => [s.time, s.atRisk, s.events])).toEqual([[2, 6, 1], [4, 4, 2], [6, 1, 1]]);
    expect(c.steps[0].survival).toBeCloseTo(5 / 6, 12);
    expect(c.steps[1].survival).toBeCloseTo(5 / 12, 12);
    expect(c.steps[2].survival).toBe(0);
    expect(c.steps[0].se).toBeCloseTo((5 / 6) * Math.sqrt(1 / 30), 10);
    expect(c.steps[1].se).toBeCloseTo(0.22179, 5);
    // log-transformed 95% CI at t=4: S·exp(∓1.96·√Σ) = 5/12 / 2.83853 … capped at 1
    expect(c.steps[1].lower).toBeCloseTo((5 / 12) / Math.exp(1.959964 * Math.sqrt(0.283333333)), 5);
    expect(c.steps[1].upper).toBe(1);
    // plain Greenwood CI
    const p = kaplanMeier(obs, { confType: 'plain' });
    expect(p.steps[0].lower).toBeCloseTo(5 / 6 - 1.959964 * (5 / 6) * Math.sqrt(1 / 30), 5);
    expect(p.steps[1].lower).toBe(0); // 5/12 − 1.96·0.2218 < 0, clamped
    expect(survivalAt(c, 3).survival).toBeCloseTo(5 / 6, 12);
    expect(survivalAt(c, 1).survival).toBe(1);
  });

  it('gives the median with its confidence interval (upper not reached here)', () => {
    const d = durationSummary(obs, { horizonDays: 3 });
    expect(d.medianDays).toBe(4);
    expect(d.medianLower).toBe(4);
    expect(d.medianUpper).toBeNull();
    expect(d.closed).toBe(4);
    expect(d.stillOpen).toBe(2);
    expect(d.openAfterHorizon).toBeCloseTo(5 / 6, 12);
  });

  it('censors still-open vacancies instead of dropping them', () => {
    // 10 vacancies: 4 closed quickly (5 days), 6 still open after 30 days.
    const data: DurationObs[] = [
      { time: 5, event: true, count: 4 },
      { time: 30, event: false, count: 6 },
    ];
    const km = durationSummary(data, { horizonDays: 20 });
    // Only 40% closed: the median is not reached — dropping the open ones would wrongly say 5 days.
    expect(km.medianDays).toBeNull();
    expect(km.openAfterHorizon).toBeCloseTo(0.6, 12);
    const dropped = durationSummary(data.filter((o) => o.event));
    expect(dropped.medianDays).toBe(5);
  });

  it('reports the share still open after 60 days only when observed that long', () => {
    const data: DurationObs[] = [
      { time: 10, event: true },
      { time: 30, event: false },
      { time: 70, event: true },
      { time: 80, event: false },
      { time: 90, event: true },
    ];
    const d = durationSummary(data);
    // t=10: S = 4/5; censored at 30; t=70: n=3, S = 0.8·2/3; t=90: n=1 → 0
    expect(d.openAfterHorizon).toBeCloseTo(0.8, 12);
    expect(d.medianDays).toBe(90); // S(70) = 0.533 > 0.5
    expect(durationSummary([{ time: 10, event: false }]).openAfterHorizon).toBeNull();
    expect(durationSummary([]).n).toBe(0);
    expect(() => kaplanMeier([{ time: -1, event: true }])).toThrow(RangeError);
  });

  it('narrows the interval as the sample grows', () => {
    const small = durationSummary([{ time: 10, event: true, count: 5 }, { time: 20, event: true, count: 5 }, { time: 40, event: true, count: 5 }]);
    const big = durationSummary([{ time: 10, event: true, count: 500 }, { time: 20, event: true, count: 500 }, { time: 40, event: true, count: 500 }]);
    expect(small.medianDays).toBe(20);
    expect(big.medianDays).toBe(20);
    expect(big.medianLower).toBe(20);
    expect(big.medianUpper).toBe(20);
    expect((small.medianUpper ?? Infinity) - (small.medianLower ?? 0)).toBeGreaterThan(0);
  });
});

describe('emerging skills', () => {
  const items = [
    { skillId: 'skill:wondzorg', recent: 60, reference: 20 }, // strongly rising
    { skillId: 'skill:rapporteren', recent: 100, reference: 110 }, // stable
    { skillId: 'skill:ecd', recent: 3, reference: 0 }, // new but below support
    { skillId: 'skill:zorgtechnologie', recent: 8, reference: 0, seenBefore: 0 }, // new and supported
    { skillId: 'skill:medicatie', recent: 40, reference: 80 }, // declining
  ];
  const totals = { recentVacancies: 200, referenceVacancies: 220 };

  it('matches the Monroe et al. formula on a hand-computed skill', () => {
    const r = weightedLogOdds(items, totals, { minSupport: 1 });
    const w = r.find((x) => x.skillId === 'skill:wondzorg')!;
    const nr = 211, nb = 210, a0 = 421;
    const aw = (a0 * 80) / 421; // = 80
    const delta = Math.log((60 + aw) / (nr + a0 - 60 - aw)) - Math.log((20 + aw) / (nb + a0 - 20 - aw));
    expect(w.logOdds).toBeCloseTo(delta, 12);
    expect(w.se).toBeCloseTo(Math.sqrt(1 / (60 + aw) + 1 / (20 + aw)), 12);
    expect(w.z).toBeCloseTo(delta / w.se, 12);
    expect(w.recentShare).toBeCloseTo(60 / 200, 12);
  });

  it('ranks rising skills first, declining last, applies minimum support and flags new skills', () => {
    const r = weightedLogOdds(items, totals, { minSupport: 5 });
    expect(r[0].skillId).toBe('skill:wondzorg');
    expect(r[0].z).toBeGreaterThan(1.96);
    expect(r.at(-1)!.skillId).toBe('skill:medicatie');
    expect(r.at(-1)!.z).toBeLessThan(-1.96);
    expect(r.map((x) => x.skillId)).not.toContain('skill:ecd');
    const stable = r.find((x) => x.skillId === 'skill:rapporteren')!;
    expect(Math.abs(stable.z)).toBeLessThan(1.96);
    expect(r.find((x) => x.skillId === 'skill:zorgtechnologie')!.isNew).toBe(true);
    expect(r.find((x) => x.skillId === 'skill:wondzorg')!.isNew).toBe(false);
  });

  it('shrinks small counts more than large ones (the prior)', () => {
    const r = weightedLogOdds(
      [
        { skillId: 'a', recent: 6, reference: 2 },
        { skillId: 'b', recent: 300, reference: 100 },
        { skillId: 'c', recent: 500, reference: 700 },
      ],
      undefined,
      { minSupport: 1 },
    );
    // Same 3:1 growth: the well-supported skill gets the larger z.
    expect(r.findIndex((x) => x.skillId === 'b')).toBeLessThan(r.findIndex((x) => x.skillId === 'a'));
    expect(weightedLogOdds([], undefined)).toEqual([]);
    expect(() => weightedLogOdds([{ skillId: 'x', recent: -1, reference: 0 }])).toThrow(/count/);
  });

  it('two-proportion z-test agrees in direction and gives p/q-values', () => {
    const r = twoProportionTest(items, totals, { minSupport: 5 });
    const w = r.find((x) => x.skillId === 'skill:wondzorg')!;
    const p1 = 60 / 200, p2 = 20 / 220, p = 80 / 420;
    expect(w.z).toBeCloseTo((p1 - p2) / Math.sqrt(p * (1 - p) * (1 / 200 + 1 / 220)), 10);
    expect(w.p).toBeLessThan(0.001);
    expect(w.q).toBeGreaterThanOrEqual(w.p);
    expect(r[0].skillId).toBe('skill:wondzorg');
    expect(r.at(-1)!.skillId).toBe('skill:medicatie');
    expect(r.map((x) => x.skillId)).not.toContain('skill:ecd');
    expect(twoProportionTest(items, { recentVacancies: 0, referenceVacancies: 5 })).toEqual([]);
  });

  it('Benjamini–Hochberg matches a worked example', () => {
    expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.005]).map((x) => +x.toFixed(4))).toEqual([0.02, 0.04, 0.04, 0.02]);
  });
});
