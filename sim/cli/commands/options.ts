import type { Argv } from 'yargs';
import { InputError, describeValue } from '../../errors.js';
import { MODELS_ENV } from '../../predict/models-root.js';

/** Options every command that runs scenarios takes, as typed on the command line. */
export interface RunArgs {
  seed?: string;
  seeds?: string;
  queries?: string;
  set?: string[];
  workers?: string;
  models?: string;
  memory?: string;
}

/** Reads --memory (a size such as 64GB or 512MB) as bytes; undefined when not given. */
export function readMemory(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)\s*$/i.exec(value);
  if (!match) throw new InputError('command line', '--memory', 'a size such as 64GB or 512MB', describeValue(value));
  const scale: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };
  return Number(match[1]) * scale[match[2]!.toUpperCase()]!;
}

/** The same, checked: what the scenario loader and the experiment take. */
export interface RunOptions {
  seed?: number;
  seeds?: number;
  queries?: number;
  set: string[];
  workers: number;
}

/**
 * Declares the shared options. Integers are read as strings and checked by readRunOptions, so
 * `--seed abc` is reported as written rather than as NaN, and `--workers 0` is refused.
 */
export function runOptions<T>(yargs: Argv<T>, defaultWorkers: number | null, what = 'the file'): Argv<T & RunArgs> {
  const shared = yargs
    .option('seed', { type: 'string', describe: `root seed (overrides ${what})` })
    .option('seeds', { type: 'string', describe: `replications: seeds seed … seed+N-1 (overrides ${what})` })
    .option('queries', { type: 'string', describe: `measured queries per run (overrides ${what})` })
    .option('set', { type: 'string', array: true, describe: 'override a scenario value: path=value (repeatable)' })
    .option('models', modelsRootOption);
  // null: the command runs its points one after another (the emulated cluster is one machine's worth).
  if (defaultWorkers === null) return shared as Argv<T & RunArgs>;
  return shared
    .option('workers', { type: 'string', default: String(defaultWorkers), describe: 'worker threads, each running one strategy at one run point (sweep point × seed) at a time' })
    .option('memory', { type: 'string', describe: 'memory the runs may use at once, e.g. 64GB (default: 80% of this machine); runs that need more are refused before they start' }) as Argv<T & RunArgs>;
}

/** The model-set commands' shared arguments: which set (a positional) and where the sets live. */
export const modelSetArg = { type: 'string', demandOption: true, describe: 'model set name (see `parm-sim models`)' } as const;
export const modelsRootOption = { type: 'string', alias: 'root', describe: `folder holding the model sets (default: $${MODELS_ENV}, else the models/ folder installed with parm-sim)` } as const;

export { MODELS_ENV, modelsRoot } from '../../predict/models-root.js';

export function readRunOptions(args: RunArgs): RunOptions {
  const options: RunOptions = { set: [...(args.set ?? [])], workers: integerOption('--workers', args.workers, 1) ?? 1 };
  const seed = integerOption('--seed', args.seed, 0);
  const seeds = integerOption('--seeds', args.seeds, 1);
  const queries = integerOption('--queries', args.queries, 1);
  if (seed !== undefined) options.seed = seed;
  if (seeds !== undefined) options.seeds = seeds;
  if (queries !== undefined) options.queries = queries;
  return options;
}

/** Reads an integer option of at least `min` (undefined when not given); InputError otherwise. */
function integerOption(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min) throw new InputError('command line', flag, `an integer ≥ ${min}`, describeValue(value));
  return n;
}
