import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseScenario } from '../../sim/scenario/load.js';
import { runExperiment } from '../../sim/experiment/experiment.js';

/**
 * Worker threads change how fast a sweep runs, never what it says: the runs are handed out
 * strategy by strategy and come back in any order, and the results must still be the ones one
 * thread gives, in the same order, to the byte.
 */
const test = suite('experiment/parallel');

const scenario = () =>
  parseScenario({
    name: 'parallel',
    seed: 3,
    seeds: 2,
    queries: 1500,
    warmup: 100,
    arrivals: { process: 'poisson', rate: '270/s', payload: '150KB' },
    cluster: { instances: 6, dispatch: 'single-queue', service: { dist: 'lognormal', median: '20ms', sigma: 0.1 } },
    network: { latency: '0.2ms', bandwidth: '1Gbps', buffer: '256KB' },
    stragglers: { shuffles: { flows: 2, size: ['16MB', '32MB'] } },
    strategies: ['none', { kind: 'parm', k: 2 }, { kind: 'replication', copies: 2 }, { kind: 'hedged', after: 'p95' }],
    sweep: { 'arrivals.rate': ['150/s', '270/s'] },
  }, 'parallel.yaml');

test('two workers give one worker\'s results and CDF points, byte for byte', async () => {
  const one = await runExperiment(scenario(), { workers: 1 });
  // 4 points × 4 strategies: every thread runs several strategies, and runs finish out of order.
  assert.is(one.results.runs.length, 16);
  const two = await runExperiment(scenario(), { workers: 2 });
  assert.is(JSON.stringify(two.results), JSON.stringify(one.results), 'summary');
  assert.is(JSON.stringify(two.cdf), JSON.stringify(one.cdf), 'CDF points');
});

test.run();
