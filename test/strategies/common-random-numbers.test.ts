import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate, simulatedCluster } from '../../sim/strategies/simulate.js';
import { planStrategy } from '../../sim/strategies/index.js';
import { selectHosts } from '../../sim/faults/context.js';
import { RandomStreams } from '../../sim/engine/random.js';
import type { WorldConfig } from '../../sim/cluster/config.js';
import { allStrategies, testWorld } from '../helpers/world.js';

const test = suite('strategies/common-random-numbers');

const faults: WorldConfig['faults'] = {
  failStop: [{ hosts: { count: 1 }, uptime: { dist: 'exponential', mean: 5000 }, downtime: { dist: 'constant', value: 1000 } }],
  scripted: [{ at: 3000, host: 2, action: 'slow', factor: 4, duration: 500 }],
};
const slowdowns = { hosts: { count: 3 }, every: { dist: 'exponential', mean: 2000 }, duration: { dist: 'constant', value: 300 }, factor: 3 } as const;
const background = { hosts: { count: 2 }, rate: 0.01, duration: { dist: 'exponential', mean: 20 } } as const;
const world = testWorld({
  queries: 3000,
  stragglers: { shuffles: { flows: 4, size: [128e6, 256e6], slowdown: 2 }, slowdowns, background },
  faults,
  deadline: 500,
});

const bytes = (a: ArrayLike<number>) => Buffer.from(Float64Array.from(a).buffer).toString('base64');
/** A recorded timeline (time, host, speed, up; flat) cut at `horizon` and kept to hosts below `hosts`. */
function perHost(timeline: number[], horizon: number, hosts: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < timeline.length; i += 4) {
    if (timeline[i]! > horizon) break;
    if (timeline[i + 1]! < hosts) rows.push(timeline.slice(i, i + 4));
  }
  return rows;
}

test('same scenario and seed give identical outcomes; another seed gives different ones', () => {
  for (const strategy of allStrategies) {
    const a = simulate(world, strategy, 5), b = simulate(world, strategy, 5), c = simulate(world, strategy, 6);
    assert.is(bytes(a.latency), bytes(b.latency), strategy.label);
    assert.is(bytes(a.answer), bytes(b.answer), strategy.label);
    assert.is.not(bytes(a.latency), bytes(c.latency), strategy.label);
  }
});

test('every strategy sees the same arrivals, samples and payloads; strategies with as many hosts the same timeline', () => {
  const runs = allStrategies.map((s) => ({ hosts: planStrategy(s, world).hosts, outcomes: simulate(world, s, 9, { recordTimeline: true }) }));
  const first = runs[0]!.outcomes;
  assert.ok(first.timeline!.length > 40, 'the timeline has events');
  for (const { outcomes } of runs.slice(1)) {
    assert.is(bytes(outcomes.arrival), bytes(first.arrival));
    assert.is(bytes(outcomes.sample), bytes(first.sample));
    assert.is(bytes(outcomes.payload), bytes(first.payload));
  }
  // Timelines run until each strategy's last answer; compare up to the earlier end.
  let pairs = 0;
  for (const [i, a] of runs.entries()) {
    for (const b of runs.slice(i + 1)) {
      if (a.hosts !== b.hosts) continue;
      const horizon = Math.min(a.outcomes.endTime, b.outcomes.endTime);
      assert.equal(perHost(b.outcomes.timeline!, horizon, b.hosts), perHost(a.outcomes.timeline!, horizon, a.hosts));
      pairs++;
    }
  }
  assert.ok(pairs >= 1, 'some strategies have as many hosts (equal-resources and parm: 18)');
  const otherSeed = simulate(world, allStrategies[0]!, 10, { recordTimeline: true });
  assert.not.equal(otherSeed.timeline!.slice(0, 40), first.timeline!.slice(0, 40));
});

test('host i meets the same slowdowns, background jobs, failures and scripted faults in a cluster of any size', () => {
  // Without shuffles: they are the one cluster-wide process (sim/faults/shuffles.ts says why).
  // Hosts named, not counted: a count picks among the cluster's hosts (the next test).
  const quiet = testWorld({
    queries: 3000,
    stragglers: { slowdowns: { ...slowdowns, hosts: 'all' }, background: { ...background, rate: 0.02, hosts: { list: [1, 5, 14] } } },
    faults: { ...faults, failStop: [{ ...faults.failStop[0]!, hosts: 'all', uptime: { dist: 'exponential', mean: 30_000 } }] },
    deadline: 500,
  });
  const timelineOf = (hosts: number) => {
    const cluster = simulatedCluster(quiet, 9, hosts, { recordTimeline: true });
    const none = planStrategy(allStrategies[0]!, quiet);
    const outcomes = cluster.run(none.build(cluster));
    return { timeline: outcomes.timeline!, end: outcomes.endTime };
  };
  const small = timelineOf(12), large = timelineOf(18), huge = timelineOf(40);
  const horizon = Math.min(small.end, large.end, huge.end);
  const a = perHost(small.timeline, horizon, 12);
  assert.ok(a.length > 40, `the 12 hosts' timeline has events (${a.length})`);
  assert.equal(perHost(large.timeline, horizon, 12), a);
  assert.equal(perHost(huge.timeline, horizon, 12), a);
  assert.equal(perHost(huge.timeline, horizon, 18), perHost(large.timeline, horizon, 18));
});

test('hosts picked by count: keys per host index, so a larger cluster keeps the picks it can', () => {
  let kept = 0, displaced = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const streams = new RandomStreams(seed);
    const pick = (hosts: number) => selectHosts({ count: 3 }, hosts, streams, 'test/hosts');
    const small = pick(12), large = pick(18);
    assert.is(small.length, 3);
    assert.is(large.length, 3);
    assert.equal(pick(12), small, 'the same picks every time');
    // Every pick of the larger cluster among hosts 0..11 is a pick of the smaller one, and a pick
    // of the smaller one is lost only to one of the larger cluster's extra hosts.
    for (const h of large) if (h < 12) assert.ok(small.includes(h), `seed ${seed}: ${large} against ${small}`);
    const lost = small.filter((h) => !large.includes(h)).length;
    assert.is(lost, large.filter((h) => h >= 12).length);
    kept += 3 - lost;
    displaced += lost;
  }
  // About 3 · 12/18 of the picks survive on average (the extra hosts draw keys like the others).
  assert.ok(kept / (kept + displaced) > 0.55 && kept / (kept + displaced) < 0.8, `${kept} kept, ${displaced} displaced`);
  assert.equal(selectHosts({ count: 30 }, 12, new RandomStreams(1), 'x'), Array.from({ length: 12 }, (_, i) => i));
});

test.run();
