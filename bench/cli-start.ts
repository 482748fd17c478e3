import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, round } from './kernel-mmc.js';

const ROUNDS = 15;
const bin = fileURLToPath(new URL('../../bin/parm-sim.js', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Wall seconds of one process, from spawn to exit (`command` defaults to this Node). */
function wall(args: string[], command = process.execPath): number {
  const started = performance.now();
  const run = spawnSync(command, args, { encoding: 'utf8', cwd: repo });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')}: exit ${run.status ?? run.signal}: ${run.stderr.split('\n')[0]}`);
  return (performance.now() - started) / 1000;
}

/**
 * The fixed cost of a command: `parm-sim --help` against `node -e 0`, and against two floors the
 * CLI parser sets: a script that only asks yargs for the help of one command, and one that asks
 * parm-sim's parser (sim/cli/parser.js) for its help with the ten commands' lines
 * (sim/cli/commands/listing.js) and nothing else of parm-sim loaded. What `--help` costs above the
 * second is parm-sim's own. Taken in rounds (all four in turn), each ratio the median of the rounds'.
 */
export function cliStart(): Record<string, number | string> {
  // The floor script must resolve yargs from this project: it lives in a scratch folder under it.
  const dir = mkdtempSync(join(repo, 'dist', 'bench-cli-'));
  const floor = join(dir, 'yargs-floor.mjs');
  writeFileSync(floor, "import yargs from 'yargs';\nawait yargs(process.argv.slice(2)).scriptName('x').command('run <file>', 'run a scenario', () => {}, () => {}).help().parseAsync();\n");
  const listed = join(dir, 'yargs-listing.mjs');
  writeFileSync(listed, [
    "import { parser } from '../sim/cli/parser.js';",
    "import { listing } from '../sim/cli/commands/listing.js';",
    'let cli = parser(process.argv.slice(2));',
    'for (const entry of Object.values(listing)) cli = cli.command({ command: entry.command, describe: entry.describe, handler: () => {} });',
    'await cli.parseAsync();',
    '',
  ].join('\n'));
  try {
    const help: number[] = [], bare: number[] = [], parser: number[] = [], listing: number[] = [];
    wall([bin, '--help']);
    for (let r = 0; r < ROUNDS; r++) {
      help.push(wall([bin, '--help']));
      bare.push(wall(['-e', '0']));
      parser.push(wall([floor, '--help']));
      listing.push(wall([listed, '--help']));
    }
    const vsNode = (times: number[]) => round(median(times.map((t, i) => t / bare[i]!)), 2);
    return {
      name: 'cli-start', rounds: ROUNDS,
      help_s: round(median(help), 3), node_s: round(median(bare), 3), yargs_floor_s: round(median(parser), 3), yargs_listing_s: round(median(listing), 3),
      vs_node: vsNode(help),
      yargs_floor_vs_node: vsNode(parser),
      yargs_listing_vs_node: vsNode(listing),
      // parm-sim's own share of `--help`: its time over the listing floor's, round by round.
      vs_yargs_listing: round(median(help.map((h, i) => h / listing[i]!)), 2),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const START_ROUNDS = 5;

/**
 * `npm start` as a user runs it (npm, then quickstart's `run` end to end with the MLP models,
 * rewriting results/quickstart with the same bytes), against `node -e 0` in the same rounds: the
 * target is 3 s on a quiet machine, and how long Node takes to do nothing says how quiet this one
 * was (0.07 s in this machine's fast spells, 0.11–0.29 s on a busy day). npm is the one that ran
 * the benchmark (npm_execpath) or the one on the PATH.
 */
export function npmStart(): Record<string, number | string> {
  const npm = process.env.npm_execpath;
  const start = (): number => (npm ? wall([npm, 'start']) : wall(['start'], 'npm'));
  const started: number[] = [], bare: number[] = [];
  // A first run, not counted: it reads the models and the modules into the page cache.
  start();
  for (let r = 0; r < START_ROUNDS; r++) {
    started.push(start());
    bare.push(wall(['-e', '0']));
  }
  return {
    name: 'npm-start', rounds: START_ROUNDS,
    start_s: round(median(started), 2), start_range: `${round(Math.min(...started), 2)}..${round(Math.max(...started), 2)}`,
    node_s: round(median(bare), 3),
    // Round by round: it moves with the machine's speed much less than either time does.
    vs_node: round(median(started.map((t, i) => t / bare[i]!)), 1),
  };
}
