/**
 * `npm test`'s runner: every uvu suite under dist/test (files *.test.js), in two phases.
 *
 * 1. The emulated cluster's suites (test/emulate/), one after another: they build network
 *    namespaces and time real traffic, so no other suite may compete with them for the CPU. Beside
 *    them run all the other suites' lanes but one, at the lowest priority (nice 19): the emulated
 *    cluster uses about one core, and its processes run at nice −10 (1 CPU share to their 636) or
 *    real-time, so such a lane gets only the core they leave idle instead of it going unused. A
 *    second lane beside them (round 19) disturbed them in two clean-clone runs of three on a busy
 *    day (an emulated median 35% off, a shuffle's leg stretched past its run): nice keeps a lane
 *    off the CPU, not off the disk, the caches and the kernel's own work.
 * 2. Every other suite, spread over as many lanes as the machine has cores (at most LANES): each
 *    lane is a Node process that runs one file at a time as uvu would, taking the next file from
 *    a queue that starts with the longest ones, so the lanes end close together. The lanes of
 *    phase 1 go on, back at the normal priority where the system allows it (root).
 *
 * A file's output is printed in one piece when it ends, with its wall and CPU time (its children's
 * included); the run ends with the totals, each phase's time, the slowest files, and exit 1 if any
 * test failed or a lane died.
 *
 *   node dist/test/runner.js [--lanes N] [text …]   only the files whose path contains a text
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism, setPriority } from 'node:os';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Most lanes of phase 2. */
const LANES = 2;
/** Files that must run alone (phase 1). */
const ALONE = /^emulate\//;
/**
 * Files started first in phase 2, longest first (by their time on two cores): a hint for the
 * order only. A file not listed starts after these, in path order.
 */
const LONGEST_FIRST = [
  'package/tarball.test.js',
  'notebooks/notebooks.test.js',
  'report/sweep-scale.test.js',
  'cli/fuzz-scenarios.test.js',
  'docs/distributed.test.js',
  'check/ci-scenarios.test.js',
  'cli/run.test.js',
  'report/browser.test.js',
  'cli/shard.test.js',
  'examples/scenarios.test.js',
  'cli/environment.test.js',
  'cli/concurrency.test.js',
  'predict/cli.test.js',
];

const root = fileURLToPath(new URL('.', import.meta.url));

interface FileResult { file: string; output: string; total: number; passed: number; skipped: number; failed: boolean; seconds: number; cpu: number }
type LaneMessage = { type: 'out'; text: string } | { type: 'done'; result: FileResult };

function testFiles(dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.js') ? [relative(root, path)] : [];
  }).sort();
}

// ---- a lane: runs the files it is sent, one at a time, and reports each ----

/** CPU seconds of this process and of the children it has waited for (Linux), else of this process only. */
function cpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    // utime, stime, cutime, cstime: fields 14–17 of proc(5), counted from the state (field 3).
    return fields.slice(11, 15).reduce((s, x) => s + Number(x), 0) / 100;
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  }
}

async function lane(): Promise<void> {
  (globalThis as { UVU_DEFER?: number }).UVU_DEFER = 1;
  const uvu = await import('uvu');
  const queue = (globalThis as unknown as { UVU_QUEUE: unknown[][] }).UVU_QUEUE;
  const send = (m: LaneMessage) => process.send!(m);
  let output = '';
  // Everything the suites print goes to the runner as it comes (what a lane that dies had printed
  // is shown), and again with the file's result, in one piece.
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
      output += text;
      send({ type: 'out', text });
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    }) as typeof stream.write;
  }
  process.on('message', async (m: { file?: string }) => {
    if (m.file === undefined) {
      process.disconnect();
      return;
    }
    const started = performance.now();
    const cpuAtStart = cpuSeconds();
    output = '';
    queue.length = 0;
    (globalThis as { UVU_INDEX?: number }).UVU_INDEX = 0;
    queue.push([m.file]);
    process.exitCode = 0;
    let loadError = '';
    try {
      await import(pathToFileURL(join(root, m.file)).href);
      await uvu.exec();
    } catch (err) {
      loadError = `\n  could not run ${m.file}: ${err instanceof Error ? err.stack : String(err)}\n`;
    }
    const failed = process.exitCode !== 0 || loadError !== '';
    process.exitCode = 0;
    const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
    const count = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(plain)?.[1] ?? 0);
    // uvu ends each file with its totals; the runner prints one set of totals for all.
    const shown = output.replace(/\n*\s*Total:[\s\S]*$/, '\n') + loadError;
    send({ type: 'done', result: { file: m.file, output: shown, total: count('Total'), passed: count('Passed'), skipped: count('Skipped'), failed, seconds: (performance.now() - started) / 1000, cpu: cpuSeconds() - cpuAtStart } });
  });
}

// ---- the runner ----

interface Lane { child: ChildProcess; current?: string; partial: string }

/** Nice level of the lanes that run beside the emulated cluster's suites: the lowest there is. */
const BESIDE_EMULATION = 19;

/**
 * Starts `lanes` lanes that take files from `queue` (shared with any other lanes on it) until it
 * is empty; resolves once they have ended. `started` sees each lane's process as it starts.
 */
async function runLanes(queue: string[], lanes: number, results: FileResult[], problems: string[], started: (child: ChildProcess) => void = () => {}): Promise<void> {
  const startLane = () => new Promise<void>((resolve) => {
    const l: Lane = { child: fork(fileURLToPath(import.meta.url), ['--lane'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }), partial: '' };
    started(l.child);
    const next = () => {
      const file = queue.shift();
      l.current = file;
      l.partial = '';
      l.child.send({ file });
      // A lane with no more files ends once nothing is left running in it; a suite that left
      // something running (a server, a timer) would keep it, and the run, from ending.
      if (file === undefined) {
        setTimeout(() => {
          if (l.child.exitCode !== null || l.child.signalCode !== null) return;
          problems.push('a lane did not end 30 s after its last file: a suite left something running');
          l.child.kill('SIGKILL');
        }, 30_000).unref();
      }
    };
    l.child.on('message', (m: LaneMessage) => {
      if (m.type === 'out') l.partial += m.text;
      else {
        results.push(m.result);
        const shown = m.result.output.replace(/(\s|\x1b\[[0-9;]*m)+$/, '');
        process.stdout.write(`${shown}${shown.includes('\x1b[') ? '\x1b[0m' : ''}  ${m.result.seconds.toFixed(1)} s (cpu ${m.result.cpu.toFixed(1)} s)\n`);
        next();
      }
    });
    l.child.on('exit', (code, signal) => {
      if (l.current !== undefined) {
        problems.push(`${l.current}: its lane ended (${signal ?? `exit ${code}`}) before the file finished`);
        process.stdout.write(`${l.partial}\n  ${l.current}: the lane running it ended (${signal ?? `exit ${code}`})\n`);
      }
      resolve();
    });
    next();
  });
  await Promise.all(Array.from({ length: Math.min(lanes, queue.length) }, startLane));
}

/** Sets a process's nice level; false where the system refuses (raising a priority needs root). */
function renice(child: ChildProcess, level: number): boolean {
  try {
    setPriority(child.pid!, level);
    return true;
  } catch {
    return false;
  }
}

async function runner(args: string[]): Promise<void> {
  let lanes = Math.max(1, Math.min(LANES, availableParallelism()));
  const only: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--lanes') lanes = Math.max(1, Number(args[++i]) || 1);
    else only.push(args[i]!);
  }
  const files = testFiles().filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
  const alone = files.filter((f) => ALONE.test(f));
  const rank = (f: string) => { const i = LONGEST_FIRST.indexOf(f); return i < 0 ? LONGEST_FIRST.length : i; };
  const shared = files.filter((f) => !ALONE.test(f)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  // The suites print in colour, as the uvu command line makes them.
  process.env.FORCE_COLOR ??= '1';
  const started = performance.now();
  const results: FileResult[] = [];
  const problems: string[] = [];
  const phases: string[] = [];
  const queue = [...shared];
  // The lanes that ran beside the emulated cluster's suites, and their ends.
  const beside: ChildProcess[] = [];
  let besideLanes = Promise.resolve();
  if (alone.length > 0) {
    const besideCount = Math.min(lanes - 1, queue.length);
    process.stdout.write(`\nphase 1: ${alone.length} files alone (the emulated cluster's)${besideCount > 0 ? `, beside ${besideCount} lane${besideCount > 1 ? 's' : ''} of the others at nice ${BESIDE_EMULATION}` : ''}\n`);
    const at = performance.now();
    besideLanes = runLanes(queue, besideCount, results, problems, (child) => {
      beside.push(child);
      // Anyone may lower their own priority.
      renice(child, BESIDE_EMULATION);
    });
    await runLanes([...alone], 1, results, problems);
    phases.push(`phase 1 ${((performance.now() - at) / 1000).toFixed(1)} s`);
  }
  if (queue.length > 0 || beside.length > 0) {
    const more = Math.min(Math.max(0, lanes - beside.length), queue.length);
    const running = beside.filter((child) => child.exitCode === null);
    const restored = running.length > 0 && running.map((child) => renice(child, 0)).every(Boolean);
    process.stdout.write(`\nphase 2: ${queue.length} of ${shared.length} files left, on ${more + running.length} lanes${running.length > 0 ? ` (${running.length} since phase 1${restored ? ', back at the normal priority' : ''})` : ''}\n`);
    const at = performance.now();
    await Promise.all([besideLanes, runLanes(queue, more, results, problems)]);
    phases.push(`phase 2 ${((performance.now() - at) / 1000).toFixed(1)} s`);
  }
  const sum = (key: 'total' | 'passed' | 'skipped') => results.reduce((s, r) => s + r[key], 0);
  const failed = results.filter((r) => r.failed).map((r) => r.file);
  const slowest = [...results].sort((a, b) => b.seconds - a.seconds).slice(0, 5).map((r) => `${r.file} ${r.seconds.toFixed(1)} s`);
  process.stdout.write([
    '',
    `  Files:     ${results.length} of ${files.length}`,
    `  Total:     ${sum('total')}`,
    `  Passed:    ${sum('passed')}`,
    `  Skipped:   ${sum('skipped')}`,
    `  Duration:  ${((performance.now() - started) / 1000).toFixed(1)} s (${phases.join(', ')}; slowest files: ${slowest.join(', ')})`,
    ...failed.map((f) => `  FAILED:    ${f}`),
    ...problems.map((p) => `  PROBLEM:   ${p}`),
    '', '',
  ].join('\n'));
  if (failed.length > 0 || problems.length > 0 || results.length !== files.length || sum('passed') < sum('total')) process.exitCode = 1;
}

if (process.argv.includes('--lane')) await lane();
else await runner(process.argv.slice(2));
