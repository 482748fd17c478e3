import type { Argv, CommandModule } from 'yargs';
import { listing } from './listing.js';

interface PlotArgs { 'results-dir': string }

/** `parm-sim plot DIR`: redraws a results folder's plots and report.html from its files, without re-running anything. */
export const plotCommand: CommandModule<object, PlotArgs> = {
  ...listing.plot,
  builder: (yargs: Argv<object>) => yargs
    .positional('results-dir', { type: 'string', demandOption: true, describe: 'a folder written by `parm-sim run`' })
    .example('$0 plot results/quickstart', 'redraw latency-cdf, tail-ccdf, percentiles (and sweep-p999) and report.html in results/quickstart'),
  handler: async (args) => {
    // Loaded here, not at import: vega takes a third of a second to load and other commands never need it.
    const { renderPlots } = await import('../../report/render-plots.js');
    const { written, failed, upgradedFrom } = await renderPlots(args['results-dir']);
    if (upgradedFrom !== undefined) {
      process.stderr.write(`parm-sim: ${args['results-dir']}/summary.json is results version ${upgradedFrom}: plotted with its intervals recomputed from its runs (percentile bootstrap over seeds); re-run the scenario for the current format\n`);
    }
    for (const f of failed) process.stderr.write(`parm-sim: plot ${f.plot} could not be drawn (${f.reason}); the other plots were written\n`);
    if (failed.length > 0) process.exitCode = 1;
    process.stdout.write(written.map((path) => `${path}\n`).join(''));
  },
};
