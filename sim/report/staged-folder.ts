import { constants, existsSync, renameSync, rmSync } from 'node:fs';
import { access, lstat, mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { InputError } from '../errors.js';

/** The file every results folder carries: it marks the folder as parm-sim's to replace. */
export const RESULTS_MARKER = '.parm-sim-results';

/** What a results folder may hold; a folder holding anything else is never replaced. */
function isResultsFile(name: string): boolean {
  return name === RESULTS_MARKER || /^(summary\.json|summary\.csv|cdf\.csv|queries\.csv|report\.html|[a-z0-9-]+\.(vl\.json|svg|png))$/.test(name);
}

/**
 * Checks, before any work, that `dir` can take a results folder: it is new, empty or a results
 * folder (nothing else in it), and the nearest folder that exists on its path is writable.
 * InputError (one line) otherwise. Run again by the writer, since things change meanwhile.
 */
export async function checkOutputFolder(dir: string): Promise<void> {
  const target = resolve(dir);
  await existingFolder(target, dir);
  let ancestor = dirname(target);
  for (;;) {
    const stat = await lstat(ancestor).catch(() => null);
    if (stat !== null) {
      if (!stat.isDirectory() && !stat.isSymbolicLink()) throw new InputError(dir, '', 'a path whose parent is a folder', `a path under a file (${ancestor})`);
      break;
    }
    const up = dirname(ancestor);
    if (up === ancestor) break;
    ancestor = up;
  }
  try {
    await access(ancestor, constants.W_OK | constants.X_OK);
  } catch {
    throw new InputError(dir, '', 'an output folder this user can write', `${ancestor} is not writable`, 'choose another --out');
  }
  // Permission bits do not stop root; an immutable folder, a read-only mount or /proc does. Ask the folder itself.
  const probe = join(ancestor, `.parm-sim-probe-${process.pid}`);
  try {
    await mkdir(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined || code === 'EEXIST') throw err;
    throw new InputError(dir, '', 'an output folder this user can write', `${ancestor} refuses a new folder (${describeCode(code)})`, 'choose another --out');
  }
  await rmdir(probe);
}

/** What the system error codes a results folder meets while being written mean, in words. */
const codeWords: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or folder',
  EIO: 'input/output error',
};

function describeCode(code: string): string {
  return codeWords[code] ? `${codeWords[code]}, ${code}` : code;
}

/** Staging folders of this process, removed if a signal ends it mid-write. */
const staged = new Set<string>();
/** A replaced results folder moved aside while the new one is moved in (swapIn). */
const asides = new Map<string, string>();
let handlersInstalled = false;

function removeStagedOnSignal(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      for (const folder of staged) rmSync(folder, { recursive: true, force: true });
      // Interrupted between the two renames of a swap: the old results go back where they were.
      for (const [old, target] of asides) {
        try {
          if (existsSync(target)) rmSync(old, { recursive: true, force: true });
          else renameSync(old, target);
        } catch {
          // Leave it: the signal must still end the process.
        }
      }
      process.exit(code);
    });
  }
}

/**
 * Builds a results folder in a sibling staging folder and renames it into place only once
 * everything is written, so a crash or an error never leaves half-written results, and an
 * existing results folder is replaced only by a complete new one. `build` writes into the
 * staging folder and returns the names it wrote (relative); the result is their final paths.
 *
 * An existing folder is replaced only if it is empty or holds a summary.json: pointing the
 * output at a folder of other files must not delete them.
 */
export async function buildFolderAtomically(dir: string, build: (staging: string) => Promise<string[]>): Promise<string[]> {
  const target = resolve(dir);
  const existing = await existingFolder(target, dir);
  const createdParent = await makeParent(target, dir);
  const staging = `${target}.partial-${process.pid}`;
  removeStagedOnSignal();
  staged.add(staging);
  try {
    await rm(staging, { recursive: true, force: true });
    let names: string[];
    try {
      await mkdir(staging);
      names = await build(staging);
    } catch (err) {
      throw refusedWrite(err, staging, dir);
    }
    // Another run may have finished writing here meanwhile: the first complete folder stays.
    try {
      if (existing) await swapIn(staging, target);
      else await rename(staging, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT') {
        throw new InputError(dir, '', 'an output folder no other run is writing at the same time', 'another run that wrote its results there first', 'those results are complete; run again to replace them');
      }
      throw err;
    }
    return names.map((name) => join(dir, name));
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    if (createdParent !== undefined) await rm(createdParent, { recursive: true, force: true });
    throw err;
  } finally {
    staged.delete(staging);
  }
}

/**
 * A system error met while writing the staging folder (a full disk, a folder made read-only
 * meanwhile) as one line about the output folder: what was expected and what was found.
 * Anything else, and an error about a path outside the staging folder, is returned as it is.
 */
function refusedWrite(err: unknown, staging: string, dir: string): unknown {
  const e = err as NodeJS.ErrnoException;
  if (typeof e !== 'object' || e === null || e.code === undefined || !(e.code in codeWords)) return err;
  const file = e.path === undefined ? '' : relative(staging, e.path);
  // A path outside the staging folder (a font, a model) is not the output folder's doing.
  if (file.startsWith('..') || isAbsolute(file)) return err;
  const where = file === '' ? '' : ` while writing ${file}`;
  const room = e.code === 'ENOSPC' || e.code === 'EDQUOT';
  return new InputError(dir, '', room ? 'room on the device for the results folder' : 'an output folder this user can write',
    `${describeCode(e.code)}${where}`, 'nothing was written there; free some space or choose another --out');
}

/** Whether `target` exists (as a folder this may replace); throws for anything else there. */
async function existingFolder(target: string, dir: string): Promise<boolean> {
  const stat = await lstat(target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
    throw err;
  });
  if (stat === null) return false;
  if (!stat.isDirectory()) throw new InputError(dir, '', 'a results folder or a new path', 'a file');
  const entries = await readdir(target);
  const foreign = entries.filter((name) => !isResultsFile(name));
  if (foreign.length > 0) {
    const what = entries.includes('summary.json') ? 'a results folder that also holds other files' : 'a folder of other files';
    throw new InputError(dir, '', 'an empty folder, a results folder or a new path', `${what} (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''})`, 'it is never replaced: choose another output folder');
  }
  return true;
}

/** Creates the parent folders; returns the first one it created so a failure can remove them again. */
async function makeParent(target: string, dir: string): Promise<string | undefined> {
  try {
    return await mkdir(dirname(target), { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') throw new InputError(dir, '', 'a path whose parent is a folder', `a path under a file (${dirname(dir)})`);
    throw err;
  }
}

/** Moves the old folder aside, the new one in, then deletes the old one; restores the old one if the move fails. */
async function swapIn(staging: string, target: string): Promise<void> {
  const old = join(dirname(target), `${basename(target)}.old-${process.pid}`);
  await rm(old, { recursive: true, force: true });
  await rename(target, old);
  asides.set(old, target);
  try {
    await rename(staging, target);
  } catch (err) {
    await rename(old, target);
    asides.delete(old);
    throw err;
  }
  await rm(old, { recursive: true, force: true });
  asides.delete(old);
}
