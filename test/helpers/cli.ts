import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';

export interface CliResult { status: number | null; stdout: string; stderr: string }

/** Runs the real CLI entry point (bin/parm-sim.js) in a child process, from the repository root. */
export function cli(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, ['bin/parm-sim.js', ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `parm-sim-${prefix}-`));
}

/** The same, with these environment variables added (or, set to '', cleared). */
export function cliEnv(env: Record<string, string>, ...args: string[]): CliResult {
  const merged: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: '0' };
  for (const [k, v] of Object.entries(env)) merged[k] = v === '' ? undefined : v;
  const r = spawnSync(process.execPath, ['bin/parm-sim.js', ...args], { encoding: 'utf8', env: merged });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Asserts the error contract of a refused command: exit `code` (2: bad input or environment),
 * exactly one line on stderr matching `pattern`, no stack trace. Returns that line.
 */
export function assertOneLine(r: CliResult, pattern: RegExp, code = 2): string {
  assert.is(r.status, code, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.is(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  return lines[0]!;
}
