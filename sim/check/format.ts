import type { ClaimResult } from '../metrics/types.js';
import { sweepLabel } from '../metrics/sweep-label.js';
import type { CheckReport } from './check.js';
import type { Comparison } from './compare.js';
import { metricLabels } from './metrics.js';
import { claimEvidence } from '../experiment/claims.js';

/** Cell texts shared by the terminal table, the Markdown summary and the JUnit messages. */

export function formatValue(c: Comparison, value: number | null | undefined): string {
  if (value === undefined) return '-';
  if (value === null) return c.metric === 'accuracy' ? '-' : '∞ (lost)';
  return c.metric === 'accuracy' ? value.toFixed(4) : `${value.toFixed(2)} ms`;
}

export function formatChange(c: Comparison): string {
  if (c.change === null) return c.verdict === 'new' || c.verdict === 'missing' ? '-' : 'n/a';
  const sign = c.change > 0 ? '+' : c.change < 0 ? '−' : '±';
  const abs = Math.abs(c.change);
  return c.metric === 'accuracy' ? `${sign}${(abs * 100).toFixed(2)} pt` : `${sign}${(abs * 100).toFixed(1)}%`;
}

export function formatTolerance(c: Comparison): string {
  return c.metric === 'accuracy' ? `${+(c.tolerance * 100).toFixed(4)} pt` : `${+(c.tolerance * 100).toFixed(4)}%`;
}

export function formatVerdict(c: Comparison): string {
  const p = c.p === null ? '' : ` (p=${c.p < 0.001 ? c.p.toExponential(1) : c.p.toFixed(3)})`;
  const words: Record<Comparison['verdict'], string> = { ok: 'ok', improved: 'improved', noise: 'ok, noise', regressed: 'REGRESSED', new: 'new', missing: 'MISSING', unstable: 'UNSTABLE' };
  return `${words[c.verdict]}${p}`;
}

/** One sentence for a verdict, e.g. for a JUnit failure message. */
export function explain(c: Comparison): string {
  const what = `${c.scenario} / ${c.strategy}${c.point === '-' ? '' : ` at ${c.point}`}: ${metricLabels[c.metric]}`;
  const moved = `${formatValue(c, c.baseline)} → ${formatValue(c, c.now)} (${formatChange(c)}, tolerance ${formatTolerance(c)}${c.p === null ? '' : `, p=${c.p.toPrecision(2)} across seeds`})`;
  switch (c.verdict) {
    case 'regressed': return `${what} regressed: ${moved}`;
    case 'noise': return `${what} is worse beyond the tolerance but not significantly across seeds: ${moved}`;
    case 'improved': return `${what} improved: ${moved}; update the baseline with --update to lock it in`;
    case 'unstable': return `${what} is not compared: the run was unstable (its backlog kept growing: the cluster is overloaded), so its ${formatValue(c, c.now)} measures the run's length; lower the load or add instances`;
    case 'missing': return `${what} is in the baseline but was not measured (a strategy, sweep point or model set removed?); run with --update if that was intended`;
    case 'new': return `${what} is not in the baseline yet (${formatValue(c, c.now)}); run with --update to gate it`;
    default: return `${what} within the tolerance: ${moved}`;
  }
}

export function describeClaim(c: ClaimResult): string {
  const at = sweepLabel(c.sweep);
  return `${c.claim}${at ? ` at ${at}` : ''} (${claimEvidence(c)})`;
}

export interface Counts { metrics: number; regressed: number; missing: number; unstable: number; improved: number; noise: number; fresh: number; claims: number; failedClaims: number }

export function countResults(report: CheckReport): Counts {
  const all = report.scenarios.flatMap((s) => s.comparisons);
  const claims = report.scenarios.flatMap((s) => s.claims);
  const n = (v: Comparison['verdict']) => all.filter((c) => c.verdict === v).length;
  return { metrics: all.length, regressed: n('regressed'), missing: n('missing'), unstable: n('unstable'), improved: n('improved'), noise: n('noise'), fresh: n('new'), claims: claims.length, failedClaims: claims.filter((c) => !c.holds).length };
}

/** "FAIL: 2 regressed, 1 expect claim fails" or "PASS: 27 metrics checked, 4 expect claims hold". */
export function headline(report: CheckReport): string {
  const k = countResults(report);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const failedClaims = k.failedClaims ? `${plural(k.failedClaims, 'expect claim')} ${k.failedClaims === 1 ? 'fails' : 'fail'}` : '';
  if (report.update) {
    const written = report.written ? `baseline ${report.baselineFile} written for ${plural(report.scenarios.length, 'scenario')}` : 'baseline NOT written';
    const why = [k.unstable && `${k.unstable} unstable`, failedClaims].filter(Boolean).join(', ');
    return why ? `${written}: ${why}` : written;
  }
  const problems = [k.regressed && `${k.regressed} regressed`, k.missing && `${k.missing} missing`, k.unstable && `${k.unstable} unstable`, failedClaims].filter(Boolean);
  if (problems.length > 0) return `FAIL: ${problems.join(', ')}`;
  const extras = [k.improved && `${k.improved} improved`, k.noise && `${k.noise} within noise`, k.fresh && `${k.fresh} new`].filter(Boolean);
  return `PASS: ${plural(k.metrics, 'metric')} checked${extras.length ? ` (${extras.join(', ')})` : ''}, ${plural(k.claims, 'expect claim')} ${k.claims === 1 ? 'holds' : 'hold'}`;
}
