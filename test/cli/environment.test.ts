/**
 * When the machine says no, and when the program itself is wrong, through the CLI:
 * an output path nobody may write (root included) and a full disk end with one line naming the
 * output folder, what was expected and what was found, exit 2, and nothing half-written (through
 * the CLI's entry in this process); an internal error ends with one "this is a bug" line and the
 * stack in a log file, exit 1; a signal while the results folder is being written leaves neither
 * a staging folder nor half a results folder (both through a process of its own).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliEnv, cliHere, tempDir, assertOneLine } from '../helpers/cli.js';

const test = suite('cli/environment');

const tiny = { name: 'tiny', queries: 300, arrivals: { process: 'poisson', rate: '100/s' }, cluster: { instances: 2, service: '1ms' }, strategies: ['none'] };


function scenarioIn(dir: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, 'tiny.json');
  writeFileSync(file, JSON.stringify({ ...tiny, ...extra }));
  return file;
}

const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.includes('.partial') || n.includes('.old') || n.includes('.parm-sim-probe'));

test('an --out nobody may write, root included, is refused before the run with one line, exit 2', async () => {
  const dir = tempDir('unwritable');
  // Two million queries: refused in well under the time they would take to simulate.
  const file = scenarioIn(dir, { queries: 2_000_000 });
  const started = Date.now();
  // /proc takes no new folders, whoever asks (mkdir: ENOENT).
  assertOneLine(await cliHere('run', file, '--out', '/proc/parm-sim-out'), /^parm-sim: \/proc\/parm-sim-out: expected an output folder this user can write, found \/proc refuses a new folder \(no such file or folder, ENOENT\)/);
  assert.not.ok(existsSync('/proc/parm-sim-out'));
  // A file where a folder is expected on the way.
  writeFileSync(join(dir, 'a-file'), 'x');
  assertOneLine(await cliHere('run', file, '--out', join(dir, 'a-file', 'out')), /a-file\/out: expected a path whose parent is a folder, found a path under a file/);
  assert.ok(Date.now() - started < 10_000, 'refused before simulating');
  assert.equal(leftovers(dir), []);
});

test('an immutable folder (chattr +i) is refused before the run, and nothing is created in it', async () => {
  const dir = tempDir('immutable');
  const file = scenarioIn(dir, { queries: 2_000_000 });
  const locked = join(dir, 'locked');
  mkdirSync(locked);
  if (spawnSync('chattr', ['+i', locked]).status !== 0) {
    console.log('  skipped: chattr +i is not available here (needs root and a file system that supports it)');
    return;
  }
  try {
    assertOneLine(await cliHere('run', file, '--out', join(locked, 'deeper', 'out')), /locked\/deeper\/out: expected an output folder this user can write, found .*locked (is not writable|refuses a new folder)/);
    assert.equal(readdirSync(locked), [], 'nothing created under it');
  } finally {
    spawnSync('chattr', ['-i', locked]);
  }
  assert.equal(leftovers(dir), []);
});

test('a full disk (ENOSPC) while writing: one line, exit 2, no folder half-written, a previous results folder kept', async () => {
  if (process.getuid?.() !== 0) {
    console.log('  skipped: mounting a tiny tmpfs needs root');
    return;
  }
  const dir = tempDir('enospc');
  const file = scenarioIn(dir);
  const disk = join(dir, 'disk');
  mkdirSync(disk);
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk], { encoding: 'utf8' });
  if (mount.status !== 0) {
    console.log(`  skipped: cannot mount a tmpfs here (${mount.stderr.trim()})`);
    return;
  }
  try {
    // A new folder (and a parent the run creates): nothing of either is left.
    assertOneLine(await cliHere('run', file, '--out', join(disk, 'sub', 'out')), /^parm-sim: \S+\/disk\/sub\/out: expected room on the device for the results folder, found no space left on the device, ENOSPC/);
    assert.equal(readdirSync(disk), [], 'no staging folder, no half folder, no parent created for it');
    // Replacing an earlier results folder: it stays as it was.
    const previous = join(disk, 'previous');
    mkdirSync(previous);
    writeFileSync(join(previous, '.parm-sim-results'), 'parm-sim\n');
    writeFileSync(join(previous, 'summary.json'), '{"earlier": true}\n');
    assertOneLine(await cliHere('run', file, '--out', previous), /previous: expected room on the device for the results folder, found no space left on the device, ENOSPC/);
    assert.equal(readdirSync(disk), ['previous']);
    assert.equal(readdirSync(previous).sort(), ['.parm-sim-results', 'summary.json']);
    assert.is(readFileSync(join(previous, 'summary.json'), 'utf8'), '{"earlier": true}\n');
  } finally {
    const umount = spawnSync('umount', [disk], { encoding: 'utf8' });
    assert.is(umount.status, 0, `umount ${disk}: ${umount.stderr}`);
  }
  rmSync(dir, { recursive: true, force: true });
});

test('an internal error: one "this is a bug" line naming a log file that holds the stack, exit 1', () => {
  const dir = tempDir('bug');
  const file = scenarioIn(dir);
  const out = join(dir, 'out');
  const line = assertOneLine(cliEnv({ PARM_SIM_FAULT_INJECT: 'bug' }, 'run', file, '--out', out), /^parm-sim: internal error, this is a bug: fault injected by PARM_SIM_FAULT_INJECT=bug; the details are in \S+\.log \(please report it with that file\)$/, 1);
  const log = /the details are in (\S+\.log)/.exec(line)![1]!;
  const text = readFileSync(log, 'utf8');
  rmSync(log);
  assert.match(text, /^parm-sim run .*tiny\.json --out /, 'the log names the command line');
  assert.match(text, /Error: fault injected by PARM_SIM_FAULT_INJECT=bug\n\s+at /, 'and holds the stack');
  assert.not.ok(existsSync(out), 'nothing written');
  // Any other value changes nothing.
  assert.is(cliEnv({ PARM_SIM_FAULT_INJECT: 'no' }, 'run', file, '--out', out).status, 0);
});

/** Starts a run, sends `signal` as soon as its staging folder appears beside `out`, and says how it ended. */
async function interruptWhileWriting(signal: NodeJS.Signals): Promise<{ dir: string; code: number | null; ended: NodeJS.Signals | null; stderr: string; sawStaging: boolean }> {
  const dir = tempDir(`write-${signal}`);
  const out = join(dir, 'out');
  const child = spawn(process.execPath, ['bin/parm-sim.js', 'run', 'scenarios/quickstart.yaml', '--out', out, '--queries', '20000', '--queries-csv', '--set', 'models=null'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  let sawStaging = false;
  const watcher = watch(dir, (_event, name) => {
    if (!sawStaging && name !== null && name.includes('.partial')) {
      sawStaging = true;
      child.kill(signal);
    }
  });
  const { code, ended } = await new Promise<{ code: number | null; ended: NodeJS.Signals | null }>((resolve) => child.once('exit', (c, s) => resolve({ code: c, ended: s })));
  watcher.close();
  return { dir, code, ended, stderr, sawStaging };
}

for (const [signal, exit] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  test(`${signal} while the results folder is being written: no staging folder and no half folder left`, async () => {
    const r = await interruptWhileWriting(signal);
    assert.ok(r.sawStaging, 'the run reached its writing phase');
    assert.ok(r.code === exit || r.ended === signal, `ended by the signal (exit ${exit}), not ${r.code ?? r.ended}: ${r.stderr}`);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(readdirSync(r.dir), [], 'nothing beside --out: no .partial folder, no results folder');
    rmSync(r.dir, { recursive: true, force: true });
  });
}

test.run();
