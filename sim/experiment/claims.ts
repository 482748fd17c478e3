/**
 * Claims judged on a scenario's results (the claims themselves: sim/scenario/claims.ts), at every
 * sweep point, in the claim's mode:
 *
 *   mean        (the default) each reference is its mean across seeds, then the sides compare
 *   every-seed  the claim holds at each seed on its own, with that seed's values
 *   ci95        each side's 95% percentile-bootstrap interval across seeds (the seeds resampled
 *               together, as for the aggregate's ci95): for < and <=, the left side's upper bound
 *               below the right side's lower bound; for > and >=, its lower bound above the right's
 *               upper bound. With one seed there is no interval, so it does not hold.
 *
 * A mean can sit between two modes that no seed is near (with rare timeouts, p99.9 across seeds
 * is bimodal); the two other modes make a claim that the mean alone would pass on one lucky seed
 * fail instead.
 */
import type { ClaimResult, ResultsFile, RunSummary, SweepPoint } from '../metrics/types.js';
import { latencyKeys } from '../metrics/types.js';
import { bootstrapInterval, resampledMean } from '../metrics/confidence.js';
import { parseClaims, refsOf, refsOfExpr, type Claim, type ClaimsSource, type Expr, type Ref } from '../scenario/claims.js';

/** Evaluates the scenario's claims at every sweep point of the results. */
export function evaluateClaims(scenario: ClaimsSource, results: Pick<ResultsFile, 'runs'>): ClaimResult[] {
  const claims = parseClaims(scenario);
  const points = [...new Map(results.runs.map((r) => [JSON.stringify(r.sweep), r.sweep])).values()];
  return points.flatMap((sweep) => {
    const key = JSON.stringify(sweep);
    const runs = results.runs.filter((r) => JSON.stringify(r.sweep) === key);
    const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
    return claims.map((claim) => judge(claim, runs, seeds, sweep));
  });
}

/** Each seed's value of a reference, in seed order: Infinity for an infinite latency, null where there is none. */
type Values = (number | null)[];

function judge(claim: Claim, runs: RunSummary[], seeds: number[], sweep: SweepPoint): ClaimResult {
  const values = new Map<string, Values>();
  for (const ref of refsOf(claim)) {
    values.set(ref.ref, seeds.map((seed) => {
      const run = runs.find((r) => r.strategy === ref.label && r.seed === seed);
      return run ? metricOf(run, ref.metric) : null;
    }));
  }
  const of = (ref: Ref): Values => values.get(ref.ref)!;
  const left = evaluate(claim.left, (ref) => meanOf(of(ref))), right = evaluate(claim.right, (ref) => meanOf(of(ref)));
  const result: ClaimResult = { claim: claim.text, mode: claim.mode, sweep, holds: false, left, right };
  let holds: boolean;
  if (claim.mode === 'mean') {
    holds = left !== null && right !== null && compare(claim.op, left, right);
  } else if (claim.mode === 'every-seed') {
    result.per_seed = seeds.map((seed, i) => {
      const l = evaluate(claim.left, (ref) => of(ref)[i] ?? null), r = evaluate(claim.right, (ref) => of(ref)[i] ?? null);
      return { seed, left: l, right: r, holds: l !== null && r !== null && compare(claim.op, l, r) };
    });
    holds = seeds.length > 0 && result.per_seed.every((s) => s.holds);
  } else {
    const l = sideInterval(claim.left, seeds.length, of), r = sideInterval(claim.right, seeds.length, of);
    result.left_ci95 = l ?? [null, null];
    result.right_ci95 = r ?? [null, null];
    if (seeds.length < 2) result.note = 'one seed gives no confidence interval';
    holds = l !== null && r !== null && (claim.op === '<' || claim.op === '<=' ? compare(claim.op, l[1], r[0]) : compare(claim.op, l[0], r[1]));
  }
  // A number from an overloaded run measures the run's length: no claim rests on it.
  const unstable = [...new Set(refsOf(claim).map((r) => r.label))].filter((label) => runs.some((r) => r.strategy === label && r.unstable));
  if (unstable.length > 0) result.unstable = unstable;
  result.holds = holds && unstable.length === 0;
  return result;
}

function meanOf(values: Values): number | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  return (values as number[]).reduce((s, v) => s + v, 0) / values.length;
}

/**
 * A side's 95% percentile-bootstrap interval over n seeds: the side evaluated on the resampled
 * means of its references, the seeds resampled together (they share each seed's random streams).
 * Null with fewer than 2 seeds, a reference without a value at some seed, or no number (∞ − ∞).
 */
function sideInterval(side: Expr, n: number, of: (ref: Ref) => Values): [number, number] | null {
  if (n < 2) return null;
  const refs = refsOfExpr(side);
  if (refs.some((ref) => of(ref).some((v) => v === null))) return null;
  return bootstrapInterval(n, (picks, offset) => evaluate(side, (ref) => resampledMean(of(ref) as number[], picks, offset)) ?? NaN);
}

function compare(op: Claim['op'], a: number, b: number): boolean {
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

/** An expression's value, each reference's value given by `valueOf` (null: none, so none). */
function evaluate(e: Expr, valueOf: (ref: Ref) => number | null): number | null {
  if ('num' in e) return e.num;
  if ('ref' in e) return valueOf(e);
  const a = evaluate(e.left, valueOf), b = evaluate(e.right, valueOf);
  if (a === null || b === null) return null;
  const value = e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : a / b;
  // ∞ − ∞, ∞ / ∞, 0 × ∞: no number, so no verdict.
  return Number.isNaN(value) ? null : value;
}

function metricOf(run: RunSummary, metric: string): number | null {
  const [head, tail] = metric.split('.') as [string, string | undefined];
  if (tail === undefined) {
    if (head === 'stalled') return run.stalled ?? null;
    const value = run.latency_ms[head as (typeof latencyKeys)[number]] ?? null;
    // A latency statistic is missing (null) exactly when queries lost or unfinished reach it: it is infinite.
    return value === null && run.answered.lost + (run.answered.unfinished ?? 0) > 0 ? Infinity : value;
  }
  if (head === 'accuracy') return (run.accuracy as unknown as Record<string, number | null> | undefined)?.[tail] ?? null;
  if (head === 'answered') return (run.answered as unknown as Record<string, number>)[tail]! / run.queries;
  return (run.overhead as Record<string, number>)[tail] ?? null;
}

/**
 * What a claim's verdict rests on, in words, for the run table and the gate's reports: the two
 * sides on the means ("28.227 vs 221.814"), and in mode every-seed the seeds where it fails, in
 * mode ci95 the sides' intervals. `infinity` spells an infinite side (the run table's `inf`, the gate's ∞).
 */
export function claimEvidence(c: ClaimResult, infinity = '∞'): string {
  const num = (x: number | null | undefined) => (x === null || x === undefined ? '-' : Number.isFinite(x) ? x.toFixed(3) : x > 0 ? infinity : infinity === '∞' ? '−∞' : `-${infinity}`);
  const parts = [`${num(c.left)} vs ${num(c.right)}`];
  if (c.mode === 'every-seed' && c.per_seed) {
    const failed = c.per_seed.filter((s) => !s.holds);
    if (failed.length === 0) parts[0] = `${parts[0]}; holds at all ${c.per_seed.length} seeds`;
    else {
      const shown = failed.slice(0, 3).map((s) => `seed ${s.seed}: ${num(s.left)} vs ${num(s.right)}`);
      parts.push(`fails at ${failed.length} of ${c.per_seed.length} seeds (${shown.join(', ')}${failed.length > 3 ? ', …' : ''})`);
    }
  } else if (c.mode === 'ci95' && c.left_ci95 && c.right_ci95) {
    const interval = (i: [number | null, number | null]) => `[${num(i[0])}, ${num(i[1])}]`;
    parts[0] = `95% CI ${interval(c.left_ci95)} vs ${interval(c.right_ci95)}; means ${parts[0]}`;
  }
  if (c.note) parts.push(c.note);
  if (c.unstable) parts.push(`not judged: ${c.unstable.join(', ')} unstable`);
  return parts.join('; ');
}
