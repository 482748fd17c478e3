import { join } from 'node:path';
import { loadScenario } from '../../scenario/load.js';
import type { ResultsFile } from '../../metrics/types.js';
import type { ResultsContent } from '../../report/write-results.js';
import { sweepLabel } from '../../metrics/sweep-label.js';
import { claimEvidence } from '../../experiment/claims.js';
import { progressBar } from './progress.js';
import { checkOutputFolder } from '../../report/staged-folder.js';
import type { PlotFailure } from '../../report/render-plots.js';
import type { PlotRenderer } from '../../report/plot-renderer.js';
import { modelsRoot, readMemory, readRunOptions } from './options.js';
import type { ExperimentArgs } from './experiment-options.js';
import { textTable } from './table.js';
import { runTable } from '../../report/table/run-table.js';
import { resourceNotes } from './resources.js';

/*
 * What `run` and `sweep` do, and what they and `emulate` and `merge` print: loaded by their
 * handlers, not with the commands' declarations (experiment-options.ts), so `--help` reads none of it.
 */

/** Loads, runs, writes the results folder and prints what a user wants to see first. */
export async function runExperimentCommand(args: ExperimentArgs, sweepFromSet: boolean): Promise<void> {
  if (args.shard !== undefined) {
    const { runShardCommand } = await import('./shard-run.js');
    return runShardCommand({ ...args, shard: args.shard }, sweepFromSet);
  }
  const { set, seed, seeds, queries, workers } = readRunOptions(args);
  const modelsDir = modelsRoot(args.models);
  const scenario = loadScenario(args.scenario, { set, seed, seeds, queries, sweepFromSet });
  // The plotting libraries load in their own thread from here on, once the scenario is known to be
  // good, on the core this one leaves idle while it loads the simulator and the models.
  const { plotsInBackground } = await import('../../report/plot-renderer.js');
  const plots = plotsInBackground();
  const out = args.out ?? join('results', scenario.name);
  // Everything that can fail without simulating fails first: the output folder too.
  await checkOutputFolder(out);
  // The simulator (and, through the scenario's models, onnxruntime) is loaded once the input is
  // known to be good.
  const { runExperiment } = await import('../../experiment/experiment.js');
  const progress = progressBar(scenario.name, !args.json);
  const started = performance.now();
  const content = await runExperiment(scenario, { workers, queries: args['queries-csv'], modelsRoot: modelsDir, memoryLimit: readMemory(args.memory), onWarning: (line) => process.stderr.write(`parm-sim: ${line}\n`), onProgress: progress.update });
  progress.end();
  await reportResults(content, out, args.json ?? false, started, '', plots);
}

/** Writes the results folder, then prints summary.json (--json) or the run table and the claims. */
export async function reportResults(content: ResultsContent, out: string, json: boolean, started: number, more = '', plots?: PlotRenderer): Promise<void> {
  const { writeResults } = await import('../../report/write-results.js');
  const failedPlots: PlotFailure[] = [];
  const written = await writeResults(out, content, failedPlots, plots);
  for (const f of failedPlots) process.stderr.write(`parm-sim: plot ${f.plot} could not be drawn (${f.reason}); the results and the other plots were written\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify(content.results, null, 2)}\n`);
    return;
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(describeResults(content.results) + more);
  process.stdout.write(`\n${content.results.runs.length} runs in ${seconds.toFixed(1)} s; wrote ${written.length} files to ${out}/ (open ${join(out, 'report.html')})\n`);
  const broken = content.results.expect.filter((c) => !c.holds);
  if (broken.length > 0) process.stdout.write(`${broken.length} of ${content.results.expect.length} expect claims do not hold (see above)\n`);
}

/** The per-strategy table (means across seeds; sim/report/table/run-table.ts, shared with report.html) and the claims. */
export function describeResults(results: ResultsFile): string {
  const table = runTable(results);
  let text = textTable([table.header, ...table.rows.map((r) => r.cells)]);
  for (const line of table.footnotes) text += `${line}\n`;
  const notes = [...table.notes];
  notes.push(...resourceNotes(results));
  for (const note of notes) text += `${note}\n`;
  if (results.expect.length > 0) {
    text += '\nexpect:\n';
    for (const c of results.expect) {
      text += `  ${c.holds ? 'holds ' : 'FAILS '} ${c.claim}${sweepLabel(c.sweep) ? ` at ${sweepLabel(c.sweep)}` : ''} (${claimEvidence(c, 'inf')})\n`;
    }
  }
  return text;
}
