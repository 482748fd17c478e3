import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { progressBar } from './progress.js';
import { modelsRoot, readMemory, readRunOptions, runOptions, type RunArgs } from './options.js';
import { listing } from './listing.js';

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
  ...listing.check,
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
    // Loaded here, not with the command: the gate brings the scenario loader and the simulator.
    const [{ parseTolerances }, { passed, runCheck }, { renderJUnit }, { renderMarkdown }, { renderText }] = await Promise.all([
      import('../../check/tolerance.js'),
      import('../../check/check.js'),
      import('../../check/junit.js'),
      import('../../check/markdown.js'),
      import('./check-report.js'),
    ]);
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
