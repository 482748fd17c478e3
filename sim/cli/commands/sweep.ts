import { availableParallelism } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { experimentOptions, type ExperimentArgs } from './experiment-options.js';
import { listing } from './listing.js';

/** `parm-sim sweep SCENARIO --set 'path=[a,b]'`: runs a sweep in parallel across cores. */
export const sweepCommand: CommandModule<object, ExperimentArgs> = {
  ...listing.sweep,
  builder: (yargs: Argv<object>) =>
    experimentOptions(yargs, availableParallelism())
      .example(`$0 sweep scenarios/quickstart.yaml --set 'arrivals.rate=[150/s,210/s,270/s]' --seeds 3`, 'p99.9 against load, 3 seeds per point')
      .example(`$0 sweep scenarios/quickstart.yaml --set 'strategies[2].k=[2,3,4]' --workers 2`, 'ParM with k = 2, 3, 4'),
  handler: async (args) => (await import('./experiment-command.js')).runExperimentCommand(args, true),
};
