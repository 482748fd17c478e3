import { closest } from 'fastest-levenshtein';
import { InputError } from '../errors.js';
import type { ClaimMode } from '../metrics/types.js';
import { claimModes, latencyKeys } from '../metrics/types.js';
import { suggest } from '../input/suggest.js';
import type { Scenario } from './types.js';

/**
 * The claims a scenario makes about its strategies (`expect:`), parsed and checked against its
 * strategy labels when the scenario is loaded, so that a typo in the last claim costs nothing to
 * run. The text, e.g. `parm.p999 < 0.6 * equal-resources.p999`, compares two arithmetic
 * expressions with <, <=, > or >=. A reference is `label.metric`, where metric is a latency
 * statistic (mean, p50 … p9999, max, in ms), `stalled` (the share of stalled queries),
 * `accuracy.overall` (or original, reconstructed, backup), `answered.<how>` (a fraction of
 * queries) or `overhead.instances` / `overhead.busy`. A minus between two references needs
 * spaces around it (labels may contain hyphens).
 *
 * A claim may start with its mode and a colon (`every-seed: parm.p999 < none.p999`; in YAML the
 * unquoted form is a one-key mapping, which the scenario format turns into this text): how it is
 * judged across seeds, by sim/experiment/claims.ts — `mean` (the default), `every-seed`, `ci95`.
 */
export type Ref = { ref: string; label: string; metric: string };
export type Expr = { num: number } | Ref | { op: '+' | '-' | '*' | '/'; left: Expr; right: Expr };
export interface Claim { text: string; mode: ClaimMode; op: '<' | '<=' | '>' | '>='; left: Expr; right: Expr }

const accuracyKeys = ['overall', 'original', 'reconstructed', 'backup', 'default'];
const answeredKeys = ['original', 'replica', 'reconstructed', 'backup', 'default', 'lost', 'unfinished'];
const metrics = [...latencyKeys, 'stalled', ...accuracyKeys.map((k) => `accuracy.${k}`), ...answeredKeys.map((k) => `answered.${k}`), 'overhead.instances', 'overhead.busy'];
const EXAMPLE = `a claim such as "parm.p999 < 0.6 * equal-resources.p999", optionally after a mode (${claimModes.map((m) => `${m}:`).join(', ')})`;

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

export function refsOf(claim: Claim): Ref[] {
  return [...refsOfExpr(claim.left), ...refsOfExpr(claim.right)];
}

export function refsOfExpr(e: Expr): Ref[] {
  if ('ref' in e) return [e];
  if ('op' in e) return [...refsOfExpr(e.left), ...refsOfExpr(e.right)];
  return [];
}

/** A word and a colon before a claim: its mode. (Nothing else in a claim has a colon.) */
const MODE_PREFIX = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s*:/;

/**
 * A small recursive-descent parser: an optional mode, then a comparison of two sums of products
 * of numbers and references.
 */
function parseClaim(text: string, file: string, field: string): Claim {
  if (typeof text !== 'string') throw new InputError(file, field, EXAMPLE, JSON.stringify(text));
  let mode: ClaimMode = 'mean', body = text;
  const prefix = MODE_PREFIX.exec(text);
  if (prefix) {
    const word = prefix[1]!;
    if (!(claimModes as readonly string[]).includes(word)) {
      const near = suggest(word, claimModes);
      throw new InputError(file, field, `a claim mode (${claimModes.join(', ')}) before the colon`, JSON.stringify(word), near && `did you mean ${near}?`);
    }
    mode = word as ClaimMode;
    body = text.slice(prefix[0].length);
  }
  const tokens = body.match(/\s*(<=|>=|<|>|[-+*/()]|\d+(?:\.\d+)?(?:e[-+]?\d+)?|[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_]+)+|\S)/g)?.map((t) => t.trim()) ?? [];
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
  return { text, mode, op, left, right };
}

