import type { CheckReport } from './check.js';
import type { Comparison } from './compare.js';
import { FAILING } from './compare.js';
import { describeClaim, explain, formatChange, formatValue, formatVerdict, headline } from './format.js';
import { metricLabels } from './metrics.js';
import { describeTolerances } from './tolerance.js';

/**
 * A Markdown summary for a CI job page ($GITHUB_STEP_SUMMARY): the headline, what failed in
 * words, the claims, and the full table folded away, since a reader of a red build wants the
 * failing rows first and the rest only on demand.
 */
export function renderMarkdown(report: CheckReport): string {
  const comparisons = report.scenarios.flatMap((s) => s.comparisons);
  const failing = report.update ? [] : comparisons.filter((c) => FAILING.includes(c.verdict));
  const icon = report.update ? (report.written ? 'ℹ️' : '❌') : failing.length > 0 || report.scenarios.some((s) => s.claims.some((c) => !c.holds)) ? '❌' : '✅';
  let md = `## ${icon} parm-sim check — ${cell(headline(report))}\n\n`;
  if (failing.length > 0) md += `${failing.map((c) => `- **${cell(explain(c))}**\n`).join('')}\n`;
  const claims = report.scenarios.flatMap((s) => s.claims.map((c) => ({ scenario: s.name, c })));
  if (claims.length > 0) {
    md += `### expect claims\n\n${claims.map(({ scenario, c }) => `- ${c.holds ? '✅ holds' : '❌ **fails**'} — ${cell(scenario)}: \`${describeClaim(c).replace(/`/g, "'")}\`\n`).join('')}\n`;
  }
  const notes = [...report.notes, ...report.scenarios.flatMap((s) => s.notes.map((n) => `${s.name}: ${n}`))];
  if (notes.length > 0) md += `${notes.map((n) => `> ${cell(n)}\n`).join('>\n')}\n`;
  if (comparisons.length > 0) {
    const swept = comparisons.some((c) => c.point !== '-');
    const header = ['scenario', 'strategy', ...(swept ? ['sweep'] : []), 'metric', 'baseline', 'now', 'change', 'verdict'];
    const row = (c: Comparison) => [c.scenario, c.strategy, ...(swept ? [c.point] : []), metricLabels[c.metric], formatValue(c, c.baseline), formatValue(c, c.now), formatChange(c), verdictCell(c)];
    const table = [header, header.map((_, i) => (i < (swept ? 4 : 3) ? '---' : '---:')), ...comparisons.map(row)].map((r) => `| ${r.map(cell).join(' | ')} |\n`).join('');
    md += `<details${failing.length > 0 ? '' : ' open'}><summary>${comparisons.length} metrics against the baseline</summary>\n\n${table}\n`;
    md += `Tolerance: ${describeTolerances(report.tolerances)}. With 3 or more seeds on both sides, a regression must also be significant (one-sided permutation test across seeds, p ≤ 0.05).\n\n</details>\n`;
  }
  return md;
}

function verdictCell(c: Comparison): string {
  const text = formatVerdict(c);
  return FAILING.includes(c.verdict) ? `**${text}**` : text;
}

/** Text safe inside a Markdown table cell or list item. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\n/g, ' ');
}
