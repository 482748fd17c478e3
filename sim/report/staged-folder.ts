import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';

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
  try {
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging);
    const names = await build(staging);
    if (existing) await swapIn(staging, target);
    else await rename(staging, target);
    return names.map((name) => join(dir, name));
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    if (createdParent !== undefined) await rm(createdParent, { recursive: true, force: true });
    throw err;
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
  if (entries.length > 0 && !entries.includes('summary.json')) {
    throw new InputError(dir, '', 'an empty folder, a results folder or a new path', `a folder of other files (${entries.slice(0, 3).join(', ')})`, 'choose another output folder');
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
