import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { cleanupPrefix, environmentProblem, leftovers, Testbed, TestbedError } from '../../sim/emulate/testbed/testbed.js';
import { shuffleFlow } from '../../sim/emulate/testbed/shuffle.js';
import { monotonicMs, startCanary } from '../../sim/emulate/testbed/canary.js';

const test = suite('emulate/testbed');
const problem = environmentProblem();
if (problem) console.log(`emulate/testbed: skipping the network tests: ${problem}`);
/** A test that needs root and iproute2; skipped (with the reason printed once) elsewhere. */
const network = (name: string, fn: () => void | Promise<void>) => (problem ? test.skip(name, fn) : test(name, fn));

const tag = process.pid % 10000;
const BANDWIDTH = 25_000;
let bed: Testbed | undefined;

/** Resolves with the child's stdout once it has printed `text`. */
async function waitFor(child: ChildProcess, text: string): Promise<void> {
  let seen = '';
  for await (const chunk of child.stdout!) {
    seen += String(chunk);
    if (seen.includes(text)) return;
  }
  throw new Error(`child exited before printing ${text}: ${seen}`);
}

test.before(async () => {
  if (problem) return;
  await cleanupPrefix(`pst${tag}a-`);
  bed = await Testbed.create({ instances: 2, bandwidth: BANDWIDTH, buffer: 64 * 1024, prefix: `pst${tag}a-` });
});

test.after(async () => {
  await bed?.destroy();
});

network('each instance reaches the frontend over TCP, and nothing outside', async () => {
  const b = bed!;
  const server = b.spawn(b.frontend.ns, [process.execPath, '-e',
    `require('net').createServer((s) => s.pipe(s)).listen(7100, '${b.frontend.address}', () => console.log('up'))`]);
  await waitFor(server, 'up');
  for (const h of [0, 1]) {
    const client = b.spawn(b.instance(h).ns, [process.execPath, '-e',
      `const s = require('net').connect(7100, '${b.frontend.address}', () => s.end('hello ${h}')); s.on('data', (d) => process.stdout.write(d));`]);
    await waitFor(client, `hello ${h}`);
    assert.throws(() => execFileSync('ip', ['-n', b.instance(h).ns, 'route', 'get', '1.1.1.1'], { stdio: 'ignore' }), 'an instance has a route out');
  }
  server.kill();
});

network('a 5 MB shuffle runs at about the configured rate', async () => {
  const bytes = 5e6;
  const { ms } = await shuffleFlow(bed!, 0, 1, bytes);
  const ideal = bytes / BANDWIDTH;
  assert.ok(ms > 0.8 * ideal && ms < 5 * ideal, `${ms.toFixed(1)} ms against an ideal ${ideal} ms`);
});

network('TCP counters are numbers, with the usual retransmission fields', async () => {
  const counters = await bed!.tcpCounters(bed!.instance(0).ns);
  for (const name of ['RetransSegs', 'TCPTimeouts', 'TCPLossProbes', 'TCPSackRecovery', 'TCPLostRetransmit', 'TCPFastRetrans']) {
    assert.type(counters[name], 'number', name);
  }
  assert.ok(counters.OutSegs! > 0);
});

network('describe names the settings', () => {
  const d = bed!.describe();
  assert.is(d.mtu, 9000);
  assert.match(String(d.switchQdisc), /limit 65536/);
  assert.match(String(d.congestionControl), /cubic/);
});

network('a bad spec is one line, before anything is made', async () => {
  try {
    await Testbed.create({ instances: 1, bandwidth: 1000, buffer: 100, prefix: `pst${tag}b-` });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, TestbedError);
    assert.match((error as Error).message, /buffer must hold at least one full frame/);
  }
  assert.equal(await leftovers(`pst${tag}b-`), []);
});

network('destroy leaves nothing behind, and is idempotent', async () => {
  const prefix = bed!.prefix;
  assert.ok((await leftovers(prefix)).length > 0);
  await bed!.destroy();
  await bed!.destroy();
  assert.equal(await leftovers(prefix), []);
});

network('a process killed by SIGTERM removes its testbed', async () => {
  const prefix = `pst${tag}c-`;
  const child = spawn(process.execPath, [fileURLToPath(new URL('./testbed-child.js', import.meta.url)), prefix], { stdio: ['ignore', 'pipe', 'inherit'] });
  await waitFor(child, 'ready');
  assert.ok((await leftovers(prefix)).length >= 3);
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = await exited;
  assert.is(code, 143);
  assert.equal(await leftovers(prefix), []);
});

test('the canary reports sane statistics on the monotonic clock', async () => {
  const start = monotonicMs();
  const canary = await startCanary({ thresholdMs: 20 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const stats = await canary.stop();
  const end = monotonicMs();
  assert.ok(stats.samples > 50, `${stats.samples} samples in 300 ms`);
  assert.ok(stats.p99LatenessMs >= 0 && stats.p99LatenessMs <= stats.maxLatenessMs);
  for (const [from, to] of stats.freezes) {
    assert.ok(start <= from && from < to && to <= end && to - from > 20, `freeze [${from}, ${to}]`);
  }
});

test.run();
