import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseScenario } from '../../sim/scenario/load.js';
import { runExperiment } from '../../sim/experiment/experiment.js';
import type { RunSummary } from '../../sim/metrics/types.js';

/**
 * Fair comparisons: every strategy runs on its own hosts, with the same timeline per host index,
 * so which other strategies a file lists changes nothing about a strategy's numbers. Here with
 * every straggler and fault process on at once: shuffles that slow hosts and stall transfers,
 * slowdown episodes and background jobs on hosts picked by count, fail-stop failures, and a
 * scripted fault on a host only the larger strategies have.
 */
const test = suite('experiment/fairness');

const strategies = [
  'none',
  // k explicit: equal-resources' default k is the file's first ParM's, which is a definition, not a number.
  { kind: 'equal-resources', k: 2 },
  { kind: 'parm', k: 2 },
  { kind: 'replication', copies: 2, instances: 24 },
  { kind: 'hedged', after: 'p95' },
  { kind: 'backup', backups: 3, service: '5ms', after: '30ms' },
];

function scenarioWith(list: readonly unknown[]) {
  return parseScenario({
    name: 'fairness',
    seed: 7,
    seeds: 2,
    queries: 3000,
    warmup: 200,
    deadline: '400ms',
    arrivals: { process: 'poisson', rate: '270/s', payload: '150KB' },
    cluster: { instances: 12, dispatch: 'single-queue', service: { dist: 'lognormal', median: '20ms', sigma: 0.1 } },
    network: { latency: '0.2ms', bandwidth: '1Gbps' },
    stragglers: {
      shuffles: { flows: 4, size: ['64MB', '128MB'], slowdown: 2, stall: { probability: 0.05, duration: '200ms' } },
      slowdowns: { hosts: 3, every: { dist: 'exponential', mean: '2s' }, duration: '300ms', factor: 3 },
      background: { hosts: 2, rate: '20/s', duration: { dist: 'exponential', mean: '20ms' } },
    },
    faults: [
      { kind: 'fail-stop', hosts: 2, uptime: { dist: 'exponential', mean: '4s' }, downtime: '500ms' },
      { kind: 'fail', at: '3s', host: 14, duration: '1s' },
    ],
    strategies: list,
  }, 'fairness.yaml');
}

type Run = RunSummary;
const key = (r: Run) => `${r.strategy}/${r.seed}`;

async function runsOf(list: readonly unknown[]): Promise<Map<string, string>> {
  const content = await runExperiment(scenarioWith(list));
  return new Map((content.results.runs as Run[]).map((r) => [key(r), JSON.stringify(r)]));
}

test('adding or removing strategies changes no other strategy\'s run summary, byte for byte', async () => {
  const all = await runsOf(strategies);
  assert.is(all.size, 12);
  const subsets = [
    strategies.filter((s) => !(typeof s === 'object' && s.kind === 'replication')), // the largest cluster gone
    strategies.filter((s) => s !== 'none' && !(typeof s === 'object' && s.kind === 'hedged')),
    [strategies[2]!],
    [...strategies].reverse(),
  ];
  for (const subset of subsets) {
    const runs = await runsOf(subset);
    assert.is(runs.size, 2 * subset.length);
    for (const [k, json] of runs) assert.is(json, all.get(k), k);
  }
});

test('each run says how many hosts it had, and which named hosts it did not have', async () => {
  const content = await runExperiment(scenarioWith(strategies));
  const runs = content.results.runs as Run[];
  const hosts = Object.fromEntries(runs.map((r) => [r.strategy, r.hosts]));
  assert.equal(hosts, { none: 12, 'equal-resources': 18, parm: 18, replication: 24, hedged: 12, backup: 15 });
  for (const r of runs) {
    const hosts = r.hosts ?? NaN;
    const ratio = hosts / 12;
    assert.is(r.overhead.instances, ratio, `${r.strategy}: overhead.instances is hosts over the data instances`);
    if (hosts > 14) assert.is(r.not_applied, undefined, r.strategy);
    else assert.equal(r.not_applied, [`faults (fail entry 1 of the scripted ones).host: host 14, this strategy has hosts 0..${hosts - 1}`], r.strategy);
  }
});

test.run();
