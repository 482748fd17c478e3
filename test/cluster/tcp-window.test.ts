import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../sim/engine/simulation.js';
import { KeyedDraws, Random } from '../../sim/engine/random.js';
import { Hosts } from '../../sim/cluster/hosts.js';
import { FRONTEND, Network } from '../../sim/cluster/network.js';
import { SwitchPorts } from '../../sim/cluster/switch-ports.js';
import { CongestionWindows, INITIAL_WINDOW } from '../../sim/cluster/tcp-window.js';

const test = suite('cluster/tcp-window');

test('a message the window holds goes in one round and leaves the window as it was', () => {
  const w = new CongestionWindows(1);
  for (let i = 0; i < 5; i++) assert.is(w.send(0, 4), 0);
  // Ten segments fill the initial window: sent in one round, and the window, now what limited them, grows.
  assert.is(w.send(0, INITIAL_WINDOW), 0);
  assert.is(w.send(0, 2 * INITIAL_WINDOW), 0, 'slow start doubled it');
});

test('a message larger than the initial window takes a round trip more, once: slow start grows the window by what was acknowledged', () => {
  const w = new CongestionWindows(2);
  assert.is(w.send(0, 17), 1, '10 segments, then 7');
  assert.is(w.send(0, 17), 0);
  assert.is(w.send(1, 17), 1, 'each connection has its own window');
});

test('each recovered loss cuts the window by β until the messages no longer fit, and being limited regrows it', () => {
  const w = new CongestionWindows(1);
  // 10 → 7 → 4.9: a four-segment request still fits (and, filling the window, grows it to 5.3);
  // → 3.7: it takes two rounds.
  const rounds: number[] = [];
  for (let loss = 0; loss < 3; loss++) {
    w.lost(0, 4, false);
    rounds.push(w.send(0, 4));
  }
  assert.equal(rounds, [0, 0, 1]);
  // Limited, the window grows at CUBIC's friendly rate (0.53 segments a window): 3.7 → 4.2 → 4.3.
  assert.is(w.send(0, 4), 0, 'regrown to four segments after one limited message');
  // Never below two segments.
  for (let loss = 0; loss < 10; loss++) w.lost(0, 4, false);
  assert.is(w.send(0, 4), 1, 'two segments, then two');
});

test('a retransmission timeout restarts the window at one segment, regrown in slow start by the message up to the cut', () => {
  const w = new CongestionWindows(1);
  w.lost(0, 1, true);
  // Cut to 7, restarted at 1 and grown by the one segment acknowledged: 2.
  assert.is(w.send(0, 4), 1, 'two segments, then (slow start) the other two');
  assert.is(w.send(0, 4), 0, 'grown past four by the slow start');
});

test('the network: a message larger than its connection\'s window pays a round trip per extra round, per connection', () => {
  // 200 Mbit/s, 0.05 ms each way, an empty 270 KB port: a 150 KB request is 17 jumbo segments,
  // more than the initial window, so it takes one round trip (0.1 ms) more the first time only.
  const sim = new Simulation();
  const config = { latency: { dist: 'constant' as const, value: 0.05 }, bandwidth: 25_000, buffer: 270_000 };
  const ports = new SwitchPorts(3, { buffer: 270_000, bandwidth: 25_000, mss: 8948, baseRtt: 0.1, holdMs: 15, burst: 18_000, slowStartExitMs: 12, senderQueueMs: 6 });
  const network = new Network(sim, config, new Random('t'), new Hosts(2, [], 1), new KeyedDraws(1, 'losses'), ports);
  const bytes = 17 * 8948;
  const once = 0.05 + bytes / 25_000;
  const first = network.transfer(FRONTEND, 1, bytes, 1);
  sim.now = 100;
  const second = network.transfer(FRONTEND, 1, bytes, 2);
  sim.now = 150;
  const otherHost = network.transfer(FRONTEND, 2, bytes, 3);
  sim.now = 200;
  const back = network.transfer(1, FRONTEND, bytes, 4);
  assert.ok(Math.abs(first - (once + 0.1)) < 1e-9, `first: ${first} against ${once + 0.1}`);
  assert.ok(Math.abs(second - once) < 1e-9, `second: ${second} against ${once}`);
  assert.ok(Math.abs(otherHost - (once + 0.1)) < 1e-9, `another host's connection starts at the initial window: ${otherHost}`);
  assert.ok(Math.abs(back - (once + 0.1)) < 1e-9, `and so does the way back: ${back}`);
});

test.run();
