import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { passed, runCheck, type CheckReport } from '../../check/check.js';
import { FAILING } from '../../check/compare.js';
import { describeClaim, explain, formatChange, formatValue, formatVerdict, headline } from '../../check/format.js';
import { renderJUnit } from '../../check/junit.js';
import { renderMarkdown } from '../../check/markdown.js';
import { metricLabels } from '../../check/metrics.js';
import { describeTolerances, parseTolerances } from '../../check/tolerance.js';
import { progressBar } from './progress.js';
import { modelsRoot, readMemory, readRunOptions, runOptions, type RunArgs } from './options.js';
import { textTable } from './table.js';

interface CheckArgs extends RunArgs {
  scenarios: string[];
  baseline: string;
  update: boolean;
  tolerance?: string[];
  junit?: string;
  markdown?: string;
}

/** `parm-sim check SCENARIO... --baseline FILE`: the CI gate on tail latency and accuracy. */
export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check <scenarios..>',
  describe: 'Run scenarios and compare p50, p99, p99.9 (and accuracy) with a committed baseline; exit 1 on a regression or a failed expect claim',
  builder: (yargs: Argv<object>) =>
    (runOptions(yargs, 1, 'the files')
      .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'scenario files (.yaml, .yml or .json)' })
      .option('baseline', { type: 'string', demandOption: true, describe: 'baseline JSON file, keyed by scenario name (written by --update)' })
      .option('update', { type: 'boolean', default: false, describe: 'rewrite the baseline entries of these scenarios from this run (others are kept); exits 0 unless an expect claim fails' })
      .option('tolerance', { type: 'string', array: true, describe: 'how much worse is allowed: 5% (all latency percentiles) or p999=15%,p50=5%,accuracy=0.01 (accuracy in absolute points as a fraction) [default: p50=5%,p99=10%,p999=15%,accuracy=0.01]' })
      .option('junit', { type: 'string', describe: 'write JUnit XML here (one test case per scenario × strategy × metric and per claim)' })
      .option('markdown', { type: 'string', describe: 'write a Markdown summary here (also appended to $GITHUB_STEP_SUMMARY when set)' })
      .example('$0 check scenarios/ci/*.yaml --baseline scenarios/ci/baseline.json', 'the gate: exit 0 pass, 1 regression or failed claim, 2 bad input')
      .example('$0 check scenarios/ci/*.yaml --baseline scenarios/ci/baseline.json --update', 'accept the current numbers as the new baseline')
      .example('$0 check my.yaml --baseline base.json --tolerance p999=15%,p50=5% --junit check.xml', 'looser tail bound, JUnit output for the CI page')
      .epilogue(
        'A latency percentile regresses when its mean across seeds is worse than the baseline by more than the relative tolerance; accuracy when it drops by more than the absolute tolerance. ' +
          'When both the baseline and this run have 3 or more seeds, the difference must also be significant: one-sided permutation test on the per-seed values, p ≤ 0.05. ' +
          'The simulator is deterministic: an unchanged scenario with the same seeds reproduces the baseline exactly.',
      )) as unknown as Argv<CheckArgs>,
  handler: async (args) => {
    const tolerances = parseTolerances(args.tolerance ?? []);
    const { set, seed, seeds, queries, workers } = readRunOptions(args);
    const report = await runCheck({
      scenarios: args.scenarios,
      baseline: args.baseline,
      update: args.update,
      tolerances,
      set,
      seed,
      seeds,
      queries,
      workers,
      modelsRoot: modelsRoot(args.models),
      memoryLimit: readMemory(args.memory),
      onWarning: (line) => process.stderr.write(`parm-sim: ${line}\n`),
      onScenario: (name) => progressBar(name, true),
    });
    process.stdout.write(renderText(report));
    if (args.junit) writeOutput(args.junit, renderJUnit(report));
    const markdown = renderMarkdown(report);
    if (args.markdown) writeOutput(args.markdown, markdown);
    if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
    if (!passed(report)) process.exitCode = 1;
  },
};

function writeOutput(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** The terminal report: the table, the claims, notes, what failed in words, and the headline last. */
function renderText(report: CheckReport): string {
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
