/**
 * parm-sim's command line. Each command lives in its own file under commands/ (beside the
 * helpers the commands share) and exports a yargs CommandModule, listed in commands/listing.ts and
 * loaded through commands/index.ts only when named; this file only registers them with the parser
 * (parser.ts) and turns errors into exit codes:
 * bad input (InputError, or a usage error from yargs) → one line on stderr, exit 2;
 * the environment refusing (a path that cannot be read or written, a full disk) → one line, exit 2;
 * anything else is a bug → one line saying so and where the stack trace was written, exit 1.
 * No input ever puts a stack trace on the terminal.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { commands } from './commands/index.js';
import { parser } from './parser.js';

/** A command line yargs could not make sense of (missing argument, unknown option). */
class UsageError extends Error {}

export async function main(argv: string[]): Promise<void> {
  // `parm-sim run … | head` closes stdout early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    escaped(err);
  });
  // Whatever escapes the command (a stream's error event, a rejected promise nobody awaited) ends the same way.
  const escaped = (err: unknown) => {
    fail(err, argv);
    process.exit();
  };
  process.on('uncaughtException', escaped);
  process.on('unhandledRejection', escaped);
  let cli = parser(argv).fail((msg, err) => {
    if (err) throw err;
    throw new UsageError(msg);
  });
  // A command named on the line is loaded whole (wherever it stands: options may come before it);
  // the others are listed by name and line only, their modules and what they import left unloaded,
  // which is all `--help` and a misspelt command need.
  const words = new Set(argv);
  for (const entry of commands) {
    cli = cli.command(words.has(entry.name) ? await entry.load() : { command: entry.command, describe: entry.describe, handler: () => {} });
  }
  try {
    injectFault();
    await cli.parseAsync();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`parm-sim: ${err.message} (see parm-sim --help)\n`);
      process.exitCode = 2;
      return;
    }
    fail(err, argv);
  }
}

/**
 * Test hook: PARM_SIM_FAULT_INJECT=bug makes the CLI throw a plain Error before it runs the
 * command, so the internal-error path (exit 1, the "this is a bug" line, the log file) can be
 * checked through the real entry point. Any other value, or none, changes nothing.
 */
export const FAULT_INJECT_ENV = 'PARM_SIM_FAULT_INJECT';

function injectFault(): void {
  if (process.env[FAULT_INJECT_ENV] === 'bug') throw new Error(`fault injected by ${FAULT_INJECT_ENV}=bug`);
}

/** Ends the command for `err`: one line on stderr and the exit code its kind calls for. */
function fail(err: unknown, argv: string[]): void {
  if (err instanceof InputError) {
    process.stderr.write(`parm-sim: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  const environment = describeEnvironmentError(err);
  if (environment !== null) {
    process.stderr.write(`parm-sim: ${environment}\n`);
    process.exitCode = 2;
    return;
  }
  reportBug(err, argv);
}

/** System error codes that mean the machine said no (permissions, space, a path of the wrong kind), not a bug. */
const environmentCodes: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'a folder where a file was expected',
  EEXIST: 'something is already there',
  ENOTEMPTY: 'a folder that is not empty (another run writing there?)',
  EBUSY: 'the resource is busy',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  ENOMEM: 'out of memory',
};

/** One line for an error the environment raised, or null when it is not one. */
export function describeEnvironmentError(err: unknown): string | null {
  if (err instanceof RangeError && /Array buffer allocation failed|Invalid typed array length|Invalid array length/.test(err.message)) {
    return 'memory: expected enough memory for the run, found an allocation refused (fewer --queries, seeds or strategies per run)';
  }
  if (typeof err !== 'object' || err === null) return null;
  const e = err as NodeJS.ErrnoException;
  const why = e.code ? environmentCodes[e.code] : undefined;
  if (why === undefined) return null;
  const path = e.path ?? 'a file';
  return `${path}: ${e.syscall ? `${e.syscall}: ` : ''}${why} (${e.code})`;
}

/** An internal error: one line on the terminal, the stack in a log file whose path the line gives. */
function reportBug(err: unknown, argv: string[]): void {
  const stack = err instanceof Error ? err.stack ?? err.message : String(err);
  const log = join(tmpdir(), `parm-sim-error-${process.pid}.log`);
  let where = `the details are in ${log}`;
  try {
    writeFileSync(log, `parm-sim ${argv.join(' ')}\nnode ${process.version} ${process.platform}\n\n${stack}\n`);
  } catch {
    where = 'the details could not be written to a log file';
  }
  const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);
  process.stderr.write(`parm-sim: internal error, this is a bug: ${first}; ${where} (please report it with that file)\n`);
  process.exitCode = 1;
}
