import type { CheckReport } from '../../check/check.js';
import { FAILING } from '../../check/compare.js';
import { describeClaim, explain, formatChange, formatValue, formatVerdict, headline } from '../../check/format.js';
import { metricLabels } from '../../check/metrics.js';
import { describeTolerances } from '../../check/tolerance.js';
import { textTable } from './table.js';

/** The terminal report: the table, the claims, notes, what failed in words, and the headline last. */
export function renderText(report: CheckReport): string {
  const comparisons = report.scenarios.flatMap((s) => s.comparisons);
  const swept = comparisons.some((c) => c.point !== '-');
  let text = '';
  if (comparisons.length > 0) {
    if (report.update) text += 'changes against the previous baseline (for the record: --update does not fail on them)\n';
    const header = ['scenario', 'strategy', ...(swept ? ['sweep'] : []), 'metric', 'baseline', 'now', 'change', 'verdict'];
    const rows = comparisons.map((c) => [c.scenario, c.strategy, ...(swept ? [c.point] : []), metricLabels[c.metric], formatValue(c, c.baseline), formatValue(c, c.now), formatChange(c), formatVerdict(c)]);
    text += textTable([header, ...rows]);
    text += `tolerance: ${describeTolerances(report.tolerances)}; with 3+ seeds on both sides a regression must also be significant (permutation test, p ≤ 0.05)\n`;
  }
  const claims = report.scenarios.flatMap((s) => s.claims.map((c) => `  ${c.holds ? 'holds' : 'FAILS'}  ${s.name}: ${describeClaim(c)}\n`));
  if (claims.length > 0) text += `\nexpect:\n${claims.join('')}`;
  const notes = [...report.notes, ...report.scenarios.flatMap((s) => s.notes.map((n) => `${s.name}: ${n}`))];
  if (notes.length > 0) text += `\n${notes.map((n) => `note: ${n}\n`).join('')}`;
  const failures = comparisons.filter((c) => (report.update ? c.verdict === 'unstable' : FAILING.includes(c.verdict)));
  if (failures.length > 0) text += `\n${failures.map((c) => `${explain(c)}\n`).join('')}`;
  if (report.update && !report.written) text += '\nthe baseline was not written: a baseline must satisfy its scenarios\' expect claims and come from stable runs\n';
  return `${text}\n${headline(report)}\n`;
}
