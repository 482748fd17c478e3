import { closest } from 'fastest-levenshtein';
import { InputError } from '../errors.js';
import type { Scenario } from '../scenario/types.js';
import type { ClaimResult, ResultsFile, RunSummary } from '../metrics/types.js';
import { latencyKeys } from '../metrics/types.js';

/**
 * Claims a scenario makes about its strategies, e.g. `parm.p999 < 0.6 * equal-resources.p999`:
 * two arithmetic expressions compared with <, <=, > or >=. A reference is `label.metric`, where
 * metric is a latency statistic (mean, p50 … p9999, max, in ms), `accuracy.overall` (or
 * original, reconstructed, backup), `answered.<how>` (a fraction of queries) or
 * `overhead.instances` / `overhead.busy`. A minus between two references needs spaces around it
 * (labels may contain hyphens). Claims are evaluated at every sweep point on the mean across seeds.
 */
type Expr = { num: number } | { ref: string; label: string; metric: string } | { op: '+' | '-' | '*' | '/'; left: Expr; right: Expr };
export interface Claim { text: string; op: '<' | '<=' | '>' | '>='; left: Expr; right: Expr }

const accuracyKeys = ['overall', 'original', 'reconstructed', 'backup', 'default'];
const answeredKeys = ['original', 'replica', 'reconstructed', 'backup', 'default', 'lost', 'unfinished'];
const metrics = [...latencyKeys, ...accuracyKeys.map((k) => `accuracy.${k}`), ...answeredKeys.map((k) => `answered.${k}`), 'overhead.instances', 'overhead.busy'];
const EXAMPLE = 'a claim such as "parm.p999 < 0.6 * equal-resources.p999"';

/** What claims need of a scenario (a Scenario, or what a shard file keeps of one). */
export type ClaimsSource = Pick<Scenario, 'file' | 'expect' | 'models'> & { strategies: readonly { label: string }[] };

/** Parses and checks every claim of the scenario against its strategy labels; InputError on the first problem. */
export function parseClaims(scenario: ClaimsSource): Claim[] {
  const file = scenario.file ?? 'scenario';
  const labels = scenario.strategies.map((s) => s.label);
  return scenario.expect.map((text, i) => {
    const field = `expect[${i}]`;
    const claim = parseClaim(text, file, field);
    for (const ref of refsOf(claim)) {
      if (!labels.includes(ref.label)) throw new InputError(file, field, `a strategy label (${labels.join(', ')})`, JSON.stringify(ref.label), `did you mean ${closest(ref.label, labels)}?`);
      if (!metrics.includes(ref.metric)) throw new InputError(file, field, `a metric (${metrics.join(', ')})`, JSON.stringify(ref.metric), `did you mean ${closest(ref.metric, metrics)}?`);
      if (ref.metric.startsWith('accuracy.') && !scenario.models) throw new InputError(file, field, `accuracy claims only with a model set (set models:)`, JSON.stringify(ref.ref));
    }
    return claim;
  });
}

/** Evaluates the scenario's claims at every sweep point of the results. */
export function evaluateClaims(scenario: ClaimsSource, results: ResultsFile): ClaimResult[] {
  const claims = parseClaims(scenario);
  const points = [...new Map(results.runs.map((r) => [JSON.stringify(r.sweep), r.sweep])).values()];
  return points.flatMap((sweep) => {
    const key = JSON.stringify(sweep);
    const runs = results.runs.filter((r) => JSON.stringify(r.sweep) === key);
    return claims.map((claim) => {
      const left = evaluate(claim.left, runs), right = evaluate(claim.right, runs);
      // A number from an overloaded run measures the run's length: no claim rests on it.
      const unstable = [...new Set(refsOf(claim).map((r) => r.label))].filter((label) => runs.some((r) => r.strategy === label && r.unstable));
      const holds = left !== null && right !== null && unstable.length === 0 && compare(claim.op, left, right);
      const result: ClaimResult = { claim: claim.text, sweep, holds, left, right };
      if (unstable.length > 0) result.unstable = unstable;
      return result;
    });
  });
}

function compare(op: Claim['op'], a: number, b: number): boolean {
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

function evaluate(e: Expr, runs: RunSummary[]): number | null {
  if ('num' in e) return e.num;
  if ('ref' in e) {
    const values = runs.filter((r) => r.strategy === e.label).map((r) => metricOf(r, e.metric));
    if (values.length === 0 || values.some((v) => v === null)) return null;
    return (values as number[]).reduce((s, v) => s + v, 0) / values.length;
  }
  const a = evaluate(e.left, runs), b = evaluate(e.right, runs);
  if (a === null || b === null) return null;
  const value = e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : a / b;
  // ∞ − ∞, ∞ / ∞, 0 × ∞: no number, so no verdict.
  return Number.isNaN(value) ? null : value;
}

function metricOf(run: RunSummary, metric: string): number | null {
  const [head, tail] = metric.split('.') as [string, string | undefined];
  if (tail === undefined) {
    const value = run.latency_ms[head as (typeof latencyKeys)[number]] ?? null;
    // A latency statistic is missing (null) exactly when queries lost or unfinished reach it: it is infinite.
    return value === null && run.answered.lost + (run.answered.unfinished ?? 0) > 0 ? Infinity : value;
  }
  if (head === 'accuracy') return (run.accuracy as unknown as Record<string, number | null> | undefined)?.[tail] ?? null;
  if (head === 'answered') return (run.answered as unknown as Record<string, number>)[tail]! / run.queries;
  return (run.overhead as Record<string, number>)[tail] ?? null;
}

function refsOf(claim: Claim): Extract<Expr, { ref: string }>[] {
  const out: Extract<Expr, { ref: string }>[] = [];
  const walk = (e: Expr): void => {
    if ('ref' in e) out.push(e);
    else if ('op' in e) {
      walk(e.left);
      walk(e.right);
    }
  };
  walk(claim.left);
  walk(claim.right);
  return out;
}

/** A small recursive-descent parser: comparison of two sums of products of numbers and references. */
function parseClaim(text: string, file: string, field: string): Claim {
  if (typeof text !== 'string') throw new InputError(file, field, EXAMPLE, JSON.stringify(text));
  const tokens = text.match(/\s*(<=|>=|<|>|[-+*/()]|\d+(?:\.\d+)?(?:e[-+]?\d+)?|[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_]+)+|\S)/g)?.map((t) => t.trim()) ?? [];
  let i = 0;
  const fail = (what: string): never => {
    throw new InputError(file, field, EXAMPLE, `${JSON.stringify(text)} (${what})`);
  };
  const primary = (): Expr => {
    const t = tokens[i++];
    if (t === undefined) return fail('it ends too early');
    if (t === '(') {
      const e = sum();
      if (tokens[i++] !== ')') fail('a ( is not closed');
      return e;
    }
    if (/^\d/.test(t)) return { num: Number(t) };
    const dot = t.indexOf('.');
    if (dot > 0) return { ref: t, label: t.slice(0, dot), metric: t.slice(dot + 1) };
    return fail(`unexpected ${JSON.stringify(t)}`);
  };
  const product = (): Expr => {
    let e = primary();
    while (tokens[i] === '*' || tokens[i] === '/') e = { op: tokens[i++] as '*' | '/', left: e, right: primary() };
    return e;
  };
  const sum = (): Expr => {
    let e = product();
    while (tokens[i] === '+' || tokens[i] === '-') e = { op: tokens[i++] as '+' | '-', left: e, right: product() };
    return e;
  };
  const left = sum();
  const op = tokens[i++];
  if (op !== '<' && op !== '<=' && op !== '>' && op !== '>=') return fail('no comparison <, <=, > or >=');
  const right = sum();
  if (i < tokens.length) fail(`unexpected ${JSON.stringify(tokens[i])}`);
  return { text, op, left, right };
}
