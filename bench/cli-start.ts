import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, round } from './kernel-mmc.js';

const ROUNDS = 15;
const bin = fileURLToPath(new URL('../../bin/parm-sim.js', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Wall seconds of one process, from spawn to exit. */
function wall(args: string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`node ${args.join(' ')}: exit ${run.status ?? run.signal}: ${run.stderr.split('\n')[0]}`);
  return (performance.now() - started) / 1000;
}

/**
 * The fixed cost of a command: `parm-sim --help` against `node -e 0`, and against the floor the
 * CLI parser sets, a script that only asks yargs for the help of one command. Taken in rounds
 * (the three in turn), each ratio the median of the rounds' ratios.
 */
export function cliStart(): Record<string, number | string> {
  // The floor script must resolve yargs from this project: it lives in a scratch folder under it.
  const dir = mkdtempSync(join(repo, 'dist', 'bench-cli-'));
  const floor = join(dir, 'yargs-floor.mjs');
  writeFileSync(floor, "import yargs from 'yargs';\nawait yargs(process.argv.slice(2)).scriptName('x').command('run <file>', 'run a scenario', () => {}, () => {}).help().parseAsync();\n");
  try {
    const help: number[] = [], bare: number[] = [], parser: number[] = [];
    wall([bin, '--help']);
    for (let r = 0; r < ROUNDS; r++) {
      help.push(wall([bin, '--help']));
      bare.push(wall(['-e', '0']));
      parser.push(wall([floor, '--help']));
    }
    return {
      name: 'cli-start', rounds: ROUNDS,
      help_s: round(median(help), 3), node_s: round(median(bare), 3), yargs_floor_s: round(median(parser), 3),
      vs_node: round(median(help.map((h, i) => h / bare[i]!)), 2),
      yargs_floor_vs_node: round(median(parser.map((p, i) => p / bare[i]!)), 2),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
