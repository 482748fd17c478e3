import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HOST_SITUATIONS, stallsBySituation } from '../../sim/metrics/stall-situations.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { simulate } from '../../sim/strategies/simulate.js';

const test = suite('metrics/stall-situations');

test('each query counts where its answering host stood with the shuffles when it arrived', () => {
  // Slot 0: host 0 → 1 until 100, then back (still running at the end); slot 1: 2 → 1 from 50 to
  // 80, then back until 300; slot 2: 3 → 1 from 120 to 160. In the order they start, as the
  // shuffles record them.
  const shuffleLegs = [0, 0, 1, 0, 100, 1, 2, 1, 50, 80, 1, 1, 2, 80, 300, 0, 1, 0, 100, NaN, 2, 3, 1, 120, 160];
  // Query 0 is warm-up; query 6 was reconstructed (no host). Median 20 ms: stalled is over 170.
  const at = [0, 10, 60, 90, 150, 150, 200, 400];
  const host = [1, 1, 1, 1, 1, 0, -1, 2];
  const latency = [20, 20, 20, 500, 20, 171, 20, 20];
  const outcomes = { arrival: Float64Array.from(at), latency: Float64Array.from(latency), host: Int16Array.from(host), warmup: 1, count: 8 };
  assert.equal(stallsBySituation({ ...outcomes, shuffleLegs }), [
    { situation: 'no shuffle in', queries: 1, stalled: 0 }, // host 2 at 400: its leg ended at 300
    { situation: 'one in, its sender receiving none; the host sends none', queries: 1, stalled: 0 }, // host 1 at 10, from 0
    { situation: 'one in, its sender receiving one; the host sends none', queries: 1, stalled: 1 }, // host 0 at 150, from 1, which 3 sends to; 171 ms
    { situation: 'one in; the host sends one too', queries: 2, stalled: 1 }, // host 1 at 90 (500 ms) and at 150
    { situation: 'two or more in', queries: 1, stalled: 0 }, // host 1 at 60: from 0 and from 2
  ]);
  assert.is(stallsBySituation({ ...outcomes, shuffleLegs: [] }), null, 'no shuffles: nothing to split');
  assert.is(stallsBySituation({ ...outcomes, shuffleLegs: null }), null, 'no legs recorded');
});

test('a simulated run with shuffles: every measured query answered by a host is counted once, and stalls where shuffles are', () => {
  const scenario = loadScenario('scenarios/testbed/shuffles-busy.yaml', { queries: 2000 });
  const o = simulate(scenario.world, scenario.strategies[0]!, 3, { recordTimeline: true });
  const counts = stallsBySituation(o)!;
  assert.equal(counts.map((c) => c.situation), [...HOST_SITUATIONS]);
  let byHost = 0;
  for (let q = o.warmup; q < o.count; q++) if (o.host[q]! >= 0) byHost++;
  assert.is(counts.reduce((s, c) => s + c.queries, 0), byHost);
  assert.ok(counts.slice(1).reduce((s, c) => s + c.stalled, 0) > 0, 'shuffled hosts stall some queries');
  assert.ok(simulate(scenario.world, scenario.strategies[0]!, 3).shuffleLegs === null, 'legs are recorded only with the timeline');
});

test.run();
