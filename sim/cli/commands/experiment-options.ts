import type { Argv } from 'yargs';
import { runOptions, type RunArgs } from './options.js';

/*
 * What `run`, `sweep`, `emulate` and `validate` declare to yargs, apart from what they do: `--help`
 * and yargs' own checks read only this, and the commands load experiment-command.ts (the scenario
 * loader, the simulator, the models, the plots) only once they run.
 */

export interface ExperimentArgs extends RunArgs {
  scenario: string;
  out?: string;
  json?: boolean;
  'queries-csv'?: boolean;
  shard?: string;
}

/** The `--shard` option of run and sweep. */
export const shardOption = {
  type: 'string',
  describe: 'run only shard I of N (0 ≤ I < N) of the run points, or auto/N (I from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX), and write a shard file to --out (default results/<name>-shards/) for `parm-sim merge`',
} as const;

/** Options shared by `run` and `sweep`. */
export function experimentOptions(yargs: Argv<object>, defaultWorkers: number | null): Argv<ExperimentArgs> {
  return runOptions(yargs, defaultWorkers)
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json)' })
    .option('out', { type: 'string', describe: 'results folder (default: results/<scenario name>)' })
    .option('json', { type: 'boolean', default: false, describe: 'print summary.json to stdout, nothing else' })
    .option('queries-csv', { type: 'boolean', default: false, describe: 'also write queries.csv (one row per measured query)' })
    .option('shard', shardOption) as Argv<ExperimentArgs>;
}
