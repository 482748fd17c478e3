import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';

export interface CliResult { status: number | null; stdout: string; stderr: string }

/**
 * Runs the real CLI entry point (bin/parm-sim.js) in a child process, from the repository root.
 * For what only a process of its own shows: its exit code as the shell sees it, that it ends at
 * all (nothing left holding the event loop), signals, start-up, environment and working folder.
 */
export function cli(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, ['bin/parm-sim.js', ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Folders tempDir made in this process: removed when it exits, so that test runs leave nothing in the temp folder. */
const made: string[] = [];

export function tempDir(prefix: string): string {
  if (made.length === 0) {
    process.once('exit', () => {
      for (const dir of made) {
        try {
          rmSync(dir, { recursive: true, force: true });
        } catch {
          // A test that left a folder unremovable (read-only, immutable) says so itself; the rest still goes.
        }
      }
    });
  }
  const dir = mkdtempSync(join(tmpdir(), `parm-sim-${prefix}-`));
  made.push(dir);
  return dir;
}

/** The same, with these environment variables added (or, set to '', cleared). */
export function cliEnv(env: Record<string, string>, ...args: string[]): CliResult {
  const merged: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: '0' };
  for (const [k, v] of Object.entries(env)) merged[k] = v === '' ? undefined : v;
  const r = spawnSync(process.execPath, ['bin/parm-sim.js', ...args], { encoding: 'utf8', env: merged });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Calls in this process wait for each other: stdout, stderr and the exit code are the process's. */
let inProcessQueue: Promise<unknown> = Promise.resolve();

/**
 * The same entry bin/parm-sim.js calls, `main(argv)` of sim/cli/main.ts, run in this process:
 * for tests of what a command computes, prints and exits with, where a process of its own would
 * add only its start-up. What main writes to stdout and stderr is captured, its exit code is
 * process.exitCode when it returns (0 when unset), and the process is left as it was: exit code,
 * environment, terminal flags, and the listeners main installs on the process and on stdout.
 * stdout and stderr are not terminals here, as in a spawned child with pipes. A call of
 * process.exit meanwhile (main does that only for an error that escaped it) is recorded as the
 * exit code instead of ending the test run.
 */
export function cliHere(...args: string[]): Promise<CliResult> {
  return cliHereEnv({}, ...args);
}

/** The same, with these environment variables added (or, set to '', cleared) for the call. */
export function cliHereEnv(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  const call = inProcessQueue.then(() => runHere(env, args));
  inProcessQueue = call.catch(() => undefined);
  return call;
}

type Write = typeof process.stdout.write;

async function runHere(env: Record<string, string>, args: string[]): Promise<CliResult> {
  const { main } = await import('../../sim/cli/main.js');
  const out: string[] = [];
  const err: string[] = [];
  const capture = (sink: string[]): Write => function write(this: unknown, chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  } as Write;
  const streams = [process.stdout, process.stderr] as const;
  const saved = streams.map((s) => ({
    write: s.write,
    isTTY: Object.getOwnPropertyDescriptor(s, 'isTTY'),
    columns: Object.getOwnPropertyDescriptor(s, 'columns'),
  }));
  const listeners = { uncaughtException: process.listeners('uncaughtException'), unhandledRejection: process.listeners('unhandledRejection') };
  const stdoutErrorListeners = process.stdout.listeners('error');
  const savedEnv = new Map<string, string | undefined>();
  const setEnv = (key: string, value: string | undefined) => {
    if (!savedEnv.has(key)) savedEnv.set(key, process.env[key]);
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  };
  setEnv('FORCE_COLOR', '0');
  for (const [k, v] of Object.entries(env)) setEnv(k, v === '' ? undefined : v);
  const savedExitCode = process.exitCode;
  const savedExit = process.exit;
  let exitCalled: number | undefined;
  process.exitCode = undefined;
  process.exit = ((code?: number | string | null) => {
    exitCalled = Number(code ?? process.exitCode ?? 0);
  }) as typeof process.exit;
  streams.forEach((s, i) => {
    Object.defineProperty(s, 'isTTY', { value: false, configurable: true, writable: true });
    Object.defineProperty(s, 'columns', { value: undefined, configurable: true, writable: true });
    s.write = capture(i === 0 ? out : err);
  });
  let status = 0;
  try {
    await main(args);
  } finally {
    status = exitCalled ?? Number(process.exitCode ?? 0);
    process.exit = savedExit;
    process.exitCode = savedExitCode;
    streams.forEach((s, i) => {
      const was = saved[i]!;
      s.write = was.write;
      for (const key of ['isTTY', 'columns'] as const) {
        const descriptor = was[key];
        if (descriptor) Object.defineProperty(s, key, descriptor);
        else delete (s as unknown as Record<string, unknown>)[key];
      }
    });
    for (const l of process.listeners('uncaughtException')) if (!listeners.uncaughtException.includes(l)) process.removeListener('uncaughtException', l);
    for (const l of process.listeners('unhandledRejection')) if (!listeners.unhandledRejection.includes(l)) process.removeListener('unhandledRejection', l);
    for (const l of process.stdout.listeners('error')) if (!stdoutErrorListeners.includes(l)) process.stdout.removeListener('error', l as (...a: unknown[]) => void);
    for (const [k, v] of savedEnv) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return { status, stdout: out.join(''), stderr: err.join('') };
}

/**
 * Asserts the error contract of a refused command: exit `code` (2: bad input or environment),
 * exactly one line on stderr matching `pattern`, no stack trace. Returns that line.
 */
export function assertOneLine(r: CliResult, pattern: RegExp, code = 2): string {
  assert.is(r.status, code, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.is(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0]!, pattern, `the line: ${lines[0]}`);
  assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  return lines[0]!;
}
