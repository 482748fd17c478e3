// The command line of a script about one testbed scenario: `--flag value` options taken out of it,
// then the scenario file, loaded, with its name (the file's, without .yaml), which the files
// `parm-sim validate` wrote for it in docs/validation/ start with.
import { basename } from 'node:path';
import { loadScenario } from '../../dist/sim/scenario/load.js';

/** Takes `--flag value` out of `args` and returns the value, or `fallback` when the flag is absent. */
export function takeOption(args, flag, fallback) {
  return args.includes(flag) ? args.splice(args.indexOf(flag), 2)[1] : fallback;
}

/** The scenario named by what is left of `args`; without one, prints `usage` and exits with 2. */
export function scenarioArgument(args, usage) {
  const [file] = args;
  if (!file) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return { file, scenario: loadScenario(file), name: basename(file).replace(/\.ya?ml$/, '') };
}
