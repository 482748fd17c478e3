import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';

const repo = realpathSync('.');

/**
 * Whether a namespace or process belongs to an emulation that another checkout of parm-sim is
 * running right now (a namespace psim<pid>-… whose process is alive in another folder; a process
 * started from another checkout's dist/): not this test's to count.
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
  const paths = line.match(/\/\S*\/dist\/sim\/emulate\/\S*/g) ?? [];
  return paths.length > 0 && paths.every((p) => !p.startsWith(`${repo}/`));
}

/** Namespaces and processes this checkout's emulations left behind (there must be none). */
export function emulationLeftovers(): string[] {
  const ns = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  const procs = spawnSync('pgrep', ['-af', 'dist/sim/emulate/'], { encoding: 'utf8' }).stdout ?? '';
  return [...ns.split('\n').filter((l) => l.startsWith('psim')), ...procs.split('\n').filter((l) => l.trim() !== '')].filter((l) => !anotherCheckouts(l));
}

/** This checkout's own folder, as /proc reports processes' working folders. */
export const checkoutFolder = repo;
