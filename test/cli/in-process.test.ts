/**
 * cliHere, the CLI's entry run in the test process (test/helpers/cli.ts), against the spawned
 * CLI: the same exit code, stdout and stderr for a refused command, a successful one and an
 * internal error; and the process left as it was, so the tests that use it cannot leak into each
 * other.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliEnv, cliHere, cliHereEnv, tempDir } from '../helpers/cli.js';

const test = suite('cli/in-process');
const tiny = { name: 'tiny', queries: 300, arrivals: { process: 'poisson', rate: '100/s' }, cluster: { instances: 2, service: '1ms' }, strategies: ['none'] };

/** What cliHere must leave as it found it. */
function processState() {
  return {
    exitCode: process.exitCode,
    exit: process.exit,
    stdoutWrite: process.stdout.write,
    stderrWrite: process.stderr.write,
    stderrTTY: process.stderr.isTTY,
    columns: process.stdout.columns,
    uncaught: process.listeners('uncaughtException'),
    rejections: process.listeners('unhandledRejection'),
    stdoutErrors: process.stdout.listeners('error'),
    env: { ...process.env },
  };
}

test('a refused command: the same exit code and the same one line as the spawned CLI', async () => {
  const dir = tempDir('in-process');
  const args = ['run', join(dir, 'missing.yaml'), '--out', join(dir, 'out')];
  const spawned = cli(...args);
  const before = processState();
  const here = await cliHere(...args);
  assert.equal(processState(), before);
  assert.is(spawned.status, 2);
  assert.equal(here, spawned);
});

test('a run: the same exit code and output, with the environment given for the call only', async () => {
  const dir = tempDir('in-process');
  const file = join(dir, 'tiny.json');
  writeFileSync(file, JSON.stringify(tiny));
  const spawned = cli('run', file, '--out', join(dir, 'a'), '--json');
  const before = processState();
  const here = await cliHereEnv({ PARM_SIM_IN_PROCESS_TEST: 'set' }, 'run', file, '--out', join(dir, 'b'), '--json');
  assert.equal(processState(), before);
  assert.is(process.env.PARM_SIM_IN_PROCESS_TEST, undefined);
  assert.is(spawned.status, 0, spawned.stderr);
  assert.equal(here, spawned);
  assert.is(readFileSync(join(dir, 'b', 'summary.json'), 'utf8'), readFileSync(join(dir, 'a', 'summary.json'), 'utf8'));
});

test('an internal error: exit 1 and one line naming a log file, in this process as in a child', async () => {
  const dir = tempDir('in-process');
  const file = join(dir, 'tiny.json');
  writeFileSync(file, JSON.stringify(tiny));
  const spawned = cliEnv({ PARM_SIM_FAULT_INJECT: 'bug' }, 'run', file, '--out', join(dir, 'out'));
  const before = processState();
  const here = await cliHereEnv({ PARM_SIM_FAULT_INJECT: 'bug' }, 'run', file, '--out', join(dir, 'out'));
  assert.equal(processState(), before);
  const log = (r: { stderr: string }) => /the details are in (\S+\.log)/.exec(r.stderr)?.[1];
  assert.is(here.status, 1);
  assert.is(spawned.status, 1);
  // The log file is named after the process.
  assert.is(here.stderr.replace(log(here)!, 'LOG'), spawned.stderr.replace(log(spawned)!, 'LOG'));
  for (const r of [here, spawned]) rmSync(log(r)!);
});

test('calls made at once run one after another, each with its own output', async () => {
  const dir = tempDir('in-process');
  const [a, b] = await Promise.all([cliHere('run', join(dir, 'a.yaml')), cliHere('run', join(dir, 'b.yaml'))]);
  assert.match(a.stderr, /a\.yaml/);
  assert.not.match(a.stderr, /b\.yaml/);
  assert.match(b.stderr, /b\.yaml/);
  assert.not.match(b.stderr, /a\.yaml/);
});

test.run();
