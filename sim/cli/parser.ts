/**
 * The command-line parser with parm-sim's settings, before any command is registered. main.ts adds
 * the commands and turns its failures into exit codes; bench/cli-start.ts times `--help` against
 * this same parser listing the commands with nothing else of parm-sim loaded, the floor it sets.
 */
import yargs, { type Argv } from 'yargs';

export function parser(argv: string[]): Argv {
  return yargs(argv)
    .scriptName('parm-sim')
    .usage('$0 <command> [options]\n\nSimulate prediction serving with ParM parity models, replication, hedging and backups.')
    .strict()
    .demandCommand(1, 'Name a command: run, sweep, merge, plot, check, emulate, validate, models, accuracy, calibrate.')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .help()
    .alias('h', 'help')
    .version(false);
}
