import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from '../../sim/strategies/simulate.js';
import { Answer } from '../../sim/cluster/outcomes.js';
import { testWorld } from '../helpers/world.js';
import { DEFAULT_MTU } from '../../sim/cluster/config.js';
import { FullSpells, PacedRegime, SwitchPorts } from '../../sim/cluster/switch-ports.js';
import { HOST_SITUATIONS, stallsBySituation } from '../../sim/metrics/stall-situations.js';

const test = suite('cluster/network');

const none = { kind: 'none', label: 'none' } as const;
const withShuffles = (stall?: { probability: number; duration: number }, flows = 4) =>
  testWorld({ queries: 4000, arrivals: sparse, stragglers: { shuffles: { flows, size: [64e6, 128e6], slowdown: 1, ...(stall ? { stall } : {}) } } }, fast);
// Sparse arrivals, so that two queries seldom share the frontend's NIC.
const sparse = { process: 'poisson' as const, rate: 0.02 };
// Enough instances that no query ever waits: what remains is service and the network.
const fast = { instances: 60, service: { time: { dist: 'constant' as const, value: 10 } } };

function slowShare(latency: Float64Array, above: number): number {
  return latency.filter((x) => x > above).length / latency.length;
}

test('shared NICs: a shuffle slows query payloads that cross its NICs, and more flows slow more', () => {
  const quiet = simulate(testWorld({ queries: 4000, arrivals: sparse, stragglers: {} }, fast), none, 1);
  // 150 KB at 10 Gbps alone takes 0.12 ms; sharing a NIC with a flow doubles that. Without
  // shuffles only two queries sent at nearly the same instant share the frontend's NIC.
  const base = 10 + 0.2 + 0.12 + 0.2;
  const zero = slowShare(quiet.latency, base + 0.05);
  const one = slowShare(simulate(withShuffles(undefined, 1), none, 1).latency, base + 0.05);
  const eight = slowShare(simulate(withShuffles(undefined, 8), none, 1).latency, base + 0.05);
  assert.ok(zero < 0.01, `little contention without shuffles (${zero})`);
  assert.ok(one > 2 * zero && eight > 3 * one, `slowed by contention: ${zero}, ${one} with 1 flow, ${eight} with 8`);
});

test('stalls: transfers through a congested NIC wait a retransmission timeout with the given probability', () => {
  const never = simulate(withShuffles({ probability: 0, duration: 200 }), none, 1);
  assert.is(slowShare(never.latency, 100), 0);
  const sometimes = slowShare(simulate(withShuffles({ probability: 0.1, duration: 200 }), none, 1).latency, 200);
  const always = slowShare(simulate(withShuffles({ probability: 1, duration: 200 }), none, 1).latency, 200);
  assert.ok(sometimes > 0.005, `some stall (${sometimes})`);
  assert.ok(always > 5 * sometimes, `probability 1 stalls every congested transfer (${always} vs ${sometimes})`);
  const parm = simulate(withShuffles({ probability: 0.1, duration: 200 }), { kind: 'parm', k: 2, encoder: 'addition', encode: { dist: 'constant', value: 0 }, decode: { dist: 'constant', value: 0 }, groupTimeout: Infinity, label: 'parm' }, 1);
  assert.ok(parm.answer.some((a) => a === Answer.reconstructed), 'parm reconstructs stalled queries');
  assert.ok(slowShare(parm.latency, 200) < sometimes / 3, 'and its tail loses most of the stalls');
});

test('stalls: a transfer waiting out a stall leaves its sender\'s NIC to the transfers beside it', () => {
  // Every transfer through a NIC a shuffle touches stalls 200 ms; the others must not share the
  // frontend's NIC with those stalled ones (a connection waiting on a timer sends nothing).
  const o = simulate(withShuffles({ probability: 1, duration: 200 }), none, 1);
  const unstalled = o.latency.filter((x) => x < 100);
  const base = 10 + 0.2 + 0.12 + 0.2;
  assert.ok(unstalled.length > 500, `enough queries never stall (${unstalled.length})`);
  assert.ok(slowShare(unstalled, base + 0.05) < 0.01, `unstalled queries at full NIC speed (${slowShare(unstalled, base + 0.05)} slowed)`);
});

// The testbed's shape: 4 instances at 60 queries/s, 31 KB requests, 200 Mbit/s NICs, jumbo frames.
const testbed = (buffer: number | undefined, flows: number) =>
  testWorld(
    {
      queries: 6000,
      arrivals: { process: 'poisson', rate: 0.06 },
      payload: { dist: 'constant', value: 31_000 },
      response: { dist: 'constant', value: 93 },
      network: { latency: { dist: 'constant', value: 0.05 }, bandwidth: 25_000, ...(buffer === undefined ? {} : { buffer }) },
      stragglers: flows > 0 ? { shuffles: { flows, size: [16e6, 32e6], slowdown: 1 } } : {},
    },
    { instances: 4 },
  );

function stalled(latency: Float64Array, warmup: number): { share: number; least: number } {
  const measured = Array.from(latency.subarray(warmup)).sort((a, b) => a - b);
  const median = measured[Math.floor(measured.length / 2)]!;
  const slow = measured.filter((x) => x > median + 150);
  return { share: slow.length / measured.length, least: (slow[0] ?? Infinity) - median };
}

test('switch ports: shallow buffers stall requests for a retransmission timeout, deep ones do not', () => {
  const shallow = simulate(testbed(45_000, 1), none, 1);
  const deep = simulate(testbed(900_000, 1), none, 1);
  const s = stalled(shallow.latency, shallow.warmup), d = stalled(deep.latency, deep.warmup);
  assert.ok(s.share > 0.003, `shallow ports stall some queries (${s.share})`);
  // The run counts how TCP recovered what the ports dropped: requests (the frontend's) timed out, none of the responses here.
  const requests = shallow.recoveries!.frontend;
  assert.ok(requests.timeouts >= Math.round(s.share * (shallow.count - shallow.warmup)), `a timeout behind every stalled query (${requests.timeouts})`);
  // One shuffle paces every port: a request's short tail fits in the burst's room, so no tail is lost and no probe sent.
  assert.ok(requests.fastRecoveries > 0 && requests.lossProbes === 0, JSON.stringify(requests));
  assert.is(simulate(testbed(undefined, 1), none, 1).recoveries, undefined, 'no switch ports, no recoveries');
  // At least RTO_min later than its own loss-free time, which may be a little under the median.
  assert.ok(s.least >= 180, `a stall is a timeout: about RTO_min or more over the median (${s.least})`);
  assert.ok(d.share < s.share / 10, `deep ports stall far fewer (${d.share} against ${s.share})`);
});

test('switch ports: a full port queues what enters it, so shuffles into a host delay its requests', () => {
  const p = (o: { latency: Float64Array; warmup: number }, q: number) => {
    const m = Array.from(o.latency.subarray(o.warmup)).sort((a, b) => a - b);
    return m[Math.floor(q * m.length)]!;
  };
  const quiet = simulate(testbed(270_000, 0), none, 1);
  const busy = simulate(testbed(270_000, 1), none, 1);
  // 270 KB at 25 KB/ms is 10.8 ms of queue; about a quarter of the requests go to the host receiving.
  assert.ok(p(busy, 0.9) > p(quiet, 0.9) + 3, `p90 ${p(busy, 0.9)} against ${p(quiet, 0.9)} without shuffles`);
  // Without shuffles the port model adds only the wait behind other queries: the same median as the fair-share model.
  const fair = simulate(testbed(undefined, 0), none, 1);
  assert.ok(Math.abs(p(quiet, 0.5) - p(fair, 0.5)) < 0.02 * p(fair, 0.5), `p50 ${p(quiet, 0.5)} against ${p(fair, 0.5)}`);
});

test('full spells: a message and its probe meet the same spell, a timeout later a fresh one', () => {
  const duty = 0.5, spell = 10, race = 0.5;
  // The first packet knows nothing: full with the stationary chance, lost with full × race.
  assert.ok(new FullSpells(duty, spell, duty).dropped(0, 0.24, race), 'u under duty × race: lost');
  assert.not.ok(new FullSpells(duty, spell, duty).dropped(0, 0.26, race), 'u over it: kept');
  // Found full at 0 (u 0.4: full, race won), a packet 1 ms later is full with 0.5 + 0.5 e^-0.1 ≈ 0.952.
  const fullThenSoon = (u: number) => { const s = new FullSpells(duty, spell, duty); s.dropped(0, 0.4, race); return s.dropped(1, u, race); };
  assert.ok(fullThenSoon(0.47) && !fullThenSoon(0.48), 'just after a full instant: lost under 0.952 × race');
  // Found open at 0 (u 0.9), a packet 1 ms later is full with 0.5 (1 − e^-0.1) ≈ 0.048.
  const openThenSoon = (u: number) => { const s = new FullSpells(duty, spell, duty); s.dropped(0, 0.9, race); return s.dropped(1, u, race); };
  assert.ok(openThenSoon(0.02) && !openThenSoon(0.03), 'just after an open instant: lost under 0.048 × race');
  // 200 ms later (a retransmission timeout) the spell is forgotten: back to duty × race either way.
  const later = (first: number, u: number) => { const s = new FullSpells(duty, spell, duty); s.dropped(0, first, race); return s.dropped(200, u, race); };
  assert.ok(later(0.4, 0.2499) && !later(0.4, 0.2501) && later(0.9, 0.2499) && !later(0.9, 0.2501), 'forgotten after many spells');
  // spell 0 is the independent model: every packet full with the duty's chance whatever came before.
  const independent = (u: number) => { const s = new FullSpells(duty, 0, duty); s.dropped(0, 0.4, race); return s.dropped(0.001, u, race); };
  assert.ok(independent(0.2499) && !independent(0.2501), 'no memory at spell 0');
});

/** The testbed's link: 270 KB ports at 200 Mbit/s (25 bytes/ms), jumbo frames, a 20 ms hold. */
const testbedPorts = { buffer: 270_000, bandwidth: 25_000, mss: 8948, baseRtt: 0.1, holdMs: 20, burst: 18_000, slowStartExitMs: 12, senderQueueMs: 6 };

test('switch ports: a paced port fills with the queries, stays pinned while its shuffle\'s window exceeds the path, then follows the window', () => {
  const config = testbedPorts, port = 1;
  const limit = config.buffer - config.burst;
  const ports = new SwitchPorts(2, config);
  ports.setOffered(port, config.bandwidth, 1, Infinity, 0, PacedRegime.idle);
  // Filling: a 31 KB request every 66 ms; the paced shuffle leaves no spare rate, so their bytes stay.
  let t = 0;
  for (; ports.admits(port, t, 31_000); t += 66) assert.ok(ports.admitsWhole(port, t + 33, t + 33, 0), 'room while filling');
  assert.is(t, 66 * Math.floor(limit / 31_000), 'full after as many requests as fit below the limit less the burst');
  // The first overflow: the window it cuts a hold later had grown to twice what keeps the port at
  // its limit, so after the cut it is still above that: the port stays pinned, however long no
  // other query overflows it, and a retransmission then meets it full.
  ports.overflow(port, t);
  assert.is(ports.queued(port, t + config.holdMs + 500), limit, 'pinned after the first cut');
  assert.is(ports.fullChance(port, t + 500, t), 1, 'a timer retransmission meets it pinned');
  // A later query's overflow costs the shuffle another loss: the cut a hold after it takes the
  // window just below the path (2 · 0.7² = 0.98), which the window refills at once; it overflows
  // the port itself, and the cut a hold after that opens it by (1 − β) of the buffer and the path.
  const second = t + 50;
  ports.overflow(port, second + 0.5 * config.holdMs);
  assert.is(ports.queued(port, second + 1.5 * config.holdMs - 0.01), limit, 'pinned until the cut lands');
  const span = config.buffer + config.bandwidth * config.baseRtt;
  assert.ok(Math.abs(ports.queued(port, second + 1.5 * config.holdMs + 0.01) - (limit - 0.02 * span)) < 20, 'just below the limit after the second cut');
  let opened = second + 1.5 * config.holdMs;
  while (ports.queued(port, opened) > limit - 0.1 * span) opened += 0.5;
  const cut = 0.3 * span;
  assert.ok(opened - second - 1.5 * config.holdMs > config.holdMs, `then full again for a hold (${opened - second} ms after the overflow)`);
  assert.ok(Math.abs(ports.queued(port, opened + 0.01) - (limit - cut)) < 200, `opened by the cut (${ports.queued(port, opened + 0.01)})`);
  // Following the window, queries pass through without staying: a request fits, and fits again.
  const open = opened + 1;
  assert.ok(ports.admitsWhole(port, open, open, 31_000) && ports.admitsWhole(port, open + 0.1, open + 0.1, 31_000), 'requests pass the opened port');
  assert.ok(ports.queued(port, open + 0.2) < limit - cut + 1_000, 'and leave nothing behind');
  // The window regrows until it fills the port again: full for a hold, then cut again.
  let refilled = open;
  while (ports.queued(port, refilled) < limit) refilled += 1;
  assert.ok(refilled - open > 50 && refilled - open < 500, `refilled by the window in ${refilled - open} ms`);
  assert.is(ports.queued(port, refilled + config.holdMs - 1.5), limit, 'full for a hold');
  assert.ok(ports.queued(port, refilled + config.holdMs + 1) < limit - cut / 2, 'then cut again');
  // A retransmission meets that sawtooth: full, or open, as it stands within one cycle of the loss;
  // beyond that, full the share of the cycle the port has no room for a segment.
  assert.is(ports.fullChance(port, refilled + 1, refilled), 1);
  assert.is(ports.fullChance(port, open + 1, open - 1), 0);
  const beyond = ports.fullChance(port, refilled + 1000, refilled);
  assert.ok(beyond > 0.1 && beyond < 0.4, `a timeout later: full ${beyond} of the time`);
});

test('switch ports: a sender that hears of its drops late is cut open by its first overflow, later, further and refilling slower', () => {
  const config = testbedPorts, port = 1;
  const limit = config.buffer - config.burst;
  const afterCut = (regime: PacedRegime) => {
    const ports = new SwitchPorts(2, config);
    ports.setOffered(port, config.bandwidth, 1, Infinity, 0, regime);
    for (let t = 0; ports.admits(port, t, 31_000); t += 1);
    ports.overflow(port, 100);
    let t = 100;
    while (ports.queued(port, t) >= limit && t < 400) t += 0.5;
    return { held: t - 100, room: limit - ports.queued(port, t + 30) };
  };
  const idle = afterCut(PacedRegime.idle), chained = afterCut(PacedRegime.chained), sending = afterCut(PacedRegime.sending);
  // Idle: the doubled window keeps the port pinned. Chained: acknowledgements come back through the
  // sender's own full 270 KB port, 10.8 ms; sending: behind a 6 ms transmit queue. Each is cut a
  // hold and that wait after the overflow.
  assert.is(idle.held, 300, 'an idle sender\'s port stays pinned');
  assert.ok(Math.abs(chained.held - (config.holdMs + 10.8)) <= 0.5 && Math.abs(sending.held - (config.holdMs + 6)) <= 0.5, JSON.stringify({ chained, sending }));
  assert.ok(chained.room > sending.room, `room 30 ms after the cut: ${chained.room}, ${sending.room}`);
});

test('switch ports: the network tells each port whether its host is sending a shuffle of its own', () => {
  // A host's transmit queue (txqueue) delays the acknowledgements it returns for the shuffle into
  // it: that regime's sawtooth, and so the stalls of hosts receiving one shuffle while sending one, move with it; the others' do not.
  const bySituation = (txqueue: number) => {
    const totals = HOST_SITUATIONS.map(() => ({ queries: 0, stalled: 0 }));
    // Six seeds: about 140 stalls a situation, so chance moves a share by some 8% (three seeds left ±13%).
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const world = testbed(135_000, 2);
      world.network.tcp = { txqueue };
      stallsBySituation(simulate(world, none, seed, { recordTimeline: true }))!.forEach((c, i) => { totals[i]!.queries += c.queries; totals[i]!.stalled += c.stalled; });
    }
    return totals.map((c) => c.stalled / Math.max(1, c.queries));
  };
  const prompt = bySituation(0), late = bySituation(1_500_000);
  // Situations (HOST_SITUATIONS): 1 one in, its sender receiving none; 2 … receiving one; 3 one in, the host sending one too.
  assert.ok(late[3]! < 0.75 * prompt[3]!, `a late sender stalls fewer of a sending host's requests (${late[3]} against ${prompt[3]})`);
  for (const other of [1, 2]) assert.ok(Math.abs(late[other]! - prompt[other]!) < 0.3 * prompt[other]!, `situation ${other} about the same (${late[other]} against ${prompt[other]})`);
});

test('switch ports: a message overfills a port two shuffles overload while their sawtooth alone is below its limit', () => {
  const ports = new SwitchPorts(2, testbedPorts);
  const { buffer, mss } = testbedPorts;
  ports.setOffered(1, 2 * testbedPorts.bandwidth, 2, Infinity, 0, PacedRegime.idle);
  // A moment of the regrowth when the shuffles leave room for one segment and a half.
  let t = 0;
  while (!(ports.queued(1, t) > buffer - 1.5 * mss && ports.queued(1, t) < buffer - mss)) t += 0.01;
  assert.not.ok(ports.shufflesFull(1, t), 'the sawtooth is not in its overflow');
  assert.ok(ports.admits(1, t, mss), 'a message\'s first segment finds room');
  assert.not.ok(ports.admits(1, t, mss, mss), 'its second, the first still ahead of it, does not');
  assert.not.ok(ports.admitsWhole(1, t, t + 0.4, 2 * mss), 'nor the message as a whole');
  assert.ok(ports.cutRoom(1) > mss, `one flow's cut makes room for a resend behind 270 KB (${ports.cutRoom(1)} bytes)`);
});

test('switch ports: a deep port that shuffles overload fills in slow start, then grows 5% of the window a round trip; when a shuffle ends, the others keep their windows\' share', () => {
  // A deep port (4.5 MB, 25 KB/ms) that two shuffles overload: slow start fills it at their excess
  // (25 KB/ms) to the exit's 12 ms of queue (300 KB), then CUBIC's pre-loss growth raises it by
  // 1/20 of the rate, 1.25 KB/ms, until it would overflow 3.4 s in.
  const config = { ...testbedPorts, buffer: 4_500_000 };
  const exit = config.bandwidth * config.slowStartExitMs;
  const ports = new SwitchPorts(2, config);
  ports.setOffered(1, 2 * config.bandwidth, 2, Infinity, 0, PacedRegime.idle);
  assert.ok(Math.abs(ports.queued(1, 6) - exit / 2) < 1, `slow start: half the exit's queue in 6 ms (${ports.queued(1, 6)})`);
  const overloaded = ports.queued(1, 1000);
  assert.ok(Math.abs(overloaded - (exit + (config.bandwidth / 20) * (1000 - 12))) < 1, `then 5% a round trip (${overloaded})`);
  assert.not.ok(ports.shufflesFull(1, 1000) || ports.fullAt(1, 1000), 'no overflow while it grows below its limit');
  const overflow = 12 + (config.buffer - exit) / (config.bandwidth / 20);
  assert.ok(ports.fullAt(1, overflow + 1) && ports.shufflesFull(1, overflow + 1), `its first overflow, ${overflow.toFixed(0)} ms in`);
  // More flows leave slow start sooner, then grow as fast: their windows sum to the rate times the round trip.
  const three = new SwitchPorts(2, config);
  three.setOffered(1, 3 * config.bandwidth, 3, Infinity, 0, PacedRegime.idle);
  assert.ok(Math.abs(three.queued(1, 1000) - (exit + (config.bandwidth / 20) * (1000 - 6))) < 1, `three flows: ${three.queued(1, 1000)}`);
  // One ends: the other keeps its window, half of what the two held beyond the path and in it;
  // paced at the port's rate, it leaves no spare rate to drain that.
  ports.setOffered(1, config.bandwidth, 1, Infinity, 1000, PacedRegime.idle);
  const path = config.bandwidth * config.baseRtt;
  const held = (overloaded + path) / 2 - path;
  assert.ok(Math.abs(ports.queued(1, 1500) - held) < 1, `its window's share stays (${ports.queued(1, 1500)})`);
  // The last ends: the port drains at its full rate.
  ports.setOffered(1, 0, 0, Infinity, 1500, PacedRegime.idle);
  assert.equal(ports.queued(1, 1500 + held / config.bandwidth + 1), 0, 'drained');
});

test('switch ports: query messages leave a NIC one after another at its full rate', () => {
  // Two copies of every request leave the frontend at the same instant, no shuffles: the first
  // goes at the full 25 KB/ms and is served at once (1.24 ms on the wire), the second follows it.
  // Shared fairly, both would take 2.48 ms and every answer would come 1.24 ms later.
  const world = testWorld(
    {
      queries: 500,
      arrivals: { process: 'poisson', rate: 0.005 },
      payload: { dist: 'constant', value: 31_000 },
      response: { dist: 'constant', value: 93 },
      network: { latency: { dist: 'constant', value: 0.05 }, bandwidth: 25_000, buffer: 270_000 },
      stragglers: {},
    },
    { instances: 4, service: { time: { dist: 'constant', value: 10 } } },
  );
  const o = simulate(world, { kind: 'replication', copies: 2, instances: 8, cancelRunning: false, label: 'r' }, 1);
  const expected = 0.05 + 31_000 / 25_000 + 10 + 0.05 + 93 / 25_000;
  const measured = Array.from(o.latency.subarray(o.warmup));
  // (A query that arrives while the copies before it are still leaving waits for them.)
  const onTime = measured.filter((x) => Math.abs(x - expected) < 0.01).length / measured.length;
  assert.ok(onTime > 0.95 && Math.min(...measured) > expected - 0.01, `answers at ${expected.toFixed(3)} ms: ${onTime} of them, the earliest ${Math.min(...measured)}`);
  assert.ok(Array.from(o.answer.subarray(o.warmup)).every((a) => a === Answer.original), 'the first copy, sent first, answers');
});

test('switch ports: a request\'s tail shorter than a frame passes a paced port, a full-size one races with the rest', () => {
  // Counted as the kernel counts them: a tail lost alone is recovered by a probe, an inner loss by
  // SACK. A 31 KB request is three full segments and a 4 KB tail, which fits in the room the
  // shuffle's burst leaves; four full segments lose their last one too when the room ends before it.
  const recoveries = (payload: number) => {
    const w = testbed(45_000, 1);
    return simulate({ ...w, payload: { dist: 'constant', value: payload } }, none, 1).recoveries!.frontend;
  };
  const mss = DEFAULT_MTU - 52;
  const shortTail = recoveries(31_000), wholeSegments = recoveries(4 * mss);
  assert.ok(shortTail.fastRecoveries > 0 && shortTail.lossProbes === 0, `short tails: ${JSON.stringify(shortTail)}`);
  assert.ok(wholeSegments.lossProbes > 0, `full-size tails: ${JSON.stringify(wholeSegments)}`);
});

test('switch ports: same scenario and seed, the same outcome', () => {
  const a = simulate(testbed(135_000, 2), none, 3), b = simulate(testbed(135_000, 2), none, 3);
  assert.equal(Array.from(a.latency), Array.from(b.latency));
});

test.run();
