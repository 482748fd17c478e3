/**
 * parm-sim's command line. Each command lives in its own file under commands/ (beside the
 * helpers the commands share) and exports a yargs CommandModule; this file only registers them
 * and turns errors into exit codes:
 * bad input (InputError, or a usage error from yargs) → one line on stderr, exit 2;
 * anything else is a bug → stack trace, exit 1.
 */
import yargs from 'yargs';
import { InputError } from '../errors.js';
import { commands } from './commands/index.js';

/** A command line yargs could not make sense of (missing argument, unknown option). */
class UsageError extends Error {}

export async function main(argv: string[]): Promise<void> {
  // `parm-sim run … | head` closes stdout early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  let cli = yargs(argv)
    .scriptName('parm-sim')
    .usage('$0 <command> [options]\n\nSimulate prediction serving with ParM parity models, replication, hedging and backups.')
    .strict()
    .demandCommand(1, 'Name a command: run, sweep, merge, plot, check, emulate, validate, models, accuracy, calibrate.')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageError(msg);
    })
    .help()
    .alias('h', 'help')
    .version(false);
  for (const command of commands) cli = cli.command(command);
  try {
    await cli.parseAsync();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`parm-sim: ${err.message} (see parm-sim --help)\n`);
      process.exitCode = 2;
      return;
    }
    if (err instanceof InputError) {
      process.stderr.write(`parm-sim: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }
}
