import { constants, rmSync } from 'node:fs';
import { access, lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';

/** The file every results folder carries: it marks the folder as parm-sim's to replace. */
export const RESULTS_MARKER = '.parm-sim-results';

/** What a results folder may hold; a folder holding anything else is never replaced. */
function isResultsFile(name: string): boolean {
  return name === RESULTS_MARKER || /^(summary\.json|summary\.csv|cdf\.csv|queries\.csv|[a-z0-9-]+\.(vl\.json|svg|png))$/.test(name);
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
}

/** Staging folders of this process, removed if a signal ends it mid-write. */
const staged = new Set<string>();
let handlersInstalled = false;

function removeStagedOnSignal(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      for (const folder of staged) rmSync(folder, { recursive: true, force: true });
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
    await mkdir(staging);
    const names = await build(staging);
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
  try {
    await rename(staging, target);
  } catch (err) {
    await rename(old, target);
    throw err;
  }
  await rm(old, { recursive: true, force: true });
}
