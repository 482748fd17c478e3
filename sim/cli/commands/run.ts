import type { Argv, CommandModule } from 'yargs';
import { experimentOptions, type ExperimentArgs } from './experiment-options.js';
import { listing } from './listing.js';

/** `parm-sim run SCENARIO`: runs a scenario (every sweep point and seed) and writes its results folder. */
export const runCommand: CommandModule<object, ExperimentArgs> = {
  ...listing.run,
  builder: (yargs: Argv<object>) =>
    experimentOptions(yargs, 1)
      .example('$0 run scenarios/quickstart.yaml', 'compare the strategies; plots in results/quickstart/')
      .example('$0 run scenarios/quickstart.yaml --queries 20000 --set arrivals.rate=300/s', 'a shorter run at a higher load')
      .example('$0 run scenarios/quickstart.yaml --json > summary.json', 'machine-readable output'),
  handler: async (args) => (await import('./experiment-command.js')).runExperimentCommand(args, false),
};
