import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';

const repo = realpathSync('.');

/**
 * Whether a namespace or process belongs to an emulation that another checkout of parm-sim is
 * running right now (a namespace psim<pid>-… whose process is alive in another folder; a process
 * started from another checkout's dist/, or working in another folder): not this test's to count.
 */
function anotherCheckouts(line: string): boolean {
  const owner = /^psim(\d+)-/.exec(line)?.[1];
  if (owner !== undefined) {
    try {
      return realpathSync(`/proc/${owner}/cwd`) !== repo;
    } catch {
      return false; // its process has ended: left behind
    }
  }
  // A process started by absolute path says whose it is; one started by a relative path, its folder.
  const paths = line.match(/\/\S*\/dist\/sim\/emulate\/\S*/g) ?? [];
  if (paths.length > 0) return paths.every((p) => !p.startsWith(`${repo}/`));
  const pid = /^(\d+) /.exec(line)?.[1];
  try {
    return pid !== undefined && realpathSync(`/proc/${pid}/cwd`) !== repo;
  } catch {
    return true; // it has ended since it was listed: nothing left behind
  }
}

/** Namespaces and processes this checkout's emulations left behind (there must be none). */
export function emulationLeftovers(): string[] {
  const ns = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  const procs = spawnSync('pgrep', ['-af', 'dist/sim/emulate/'], { encoding: 'utf8' }).stdout ?? '';
  return [...ns.split('\n').filter((l) => l.startsWith('psim')), ...procs.split('\n').filter((l) => l.trim() !== '')].filter((l) => !anotherCheckouts(l));
}

/** This checkout's own folder, as /proc reports processes' working folders. */
export const checkoutFolder = repo;
