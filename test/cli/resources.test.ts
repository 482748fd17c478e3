import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseScenario } from '../../sim/scenario/load.js';
import { runExperiment } from '../../sim/experiment/experiment.js';
import { describeResults } from '../../sim/cli/commands/experiment-command.js';
import { summaryCsv } from '../../sim/report/summary-csv.js';
import { hostsOf } from '../../sim/metrics/run-hosts.js';
import type { RunSummary } from '../../sim/metrics/types.js';

const test = suite('cli/resources');

const scenario = (strategies: unknown[], extra: Record<string, unknown> = {}) => parseScenario({
  name: 'resources', seed: 1, queries: 300, warmup: 30,
  arrivals: { process: 'poisson', rate: '200/s' },
  cluster: { instances: 4, service: '10ms' },
  network: { latency: '0.2ms' },
  strategies,
  ...extra,
}, 'resources.yaml');

test('the table says how many instances each strategy ran on, and which have more', async () => {
  const { results } = await runExperiment(scenario(['none', { kind: 'parm', k: 2 }, { kind: 'replication', copies: 2, instances: 8 }]));
  const text = describeResults(results);
  assert.match(text, /none\s.*\s4 \(1\.00x\)/);
  assert.match(text, /parm\s.*\s6 \(1\.50x\)/);
  assert.match(text, /replication\s.*\s8 \(2\.00x\)/);
  assert.match(text, /instances: not equal: none on 4, parm on 6, replication on 8/);
  const csv = summaryCsv(results).split('\n');
  const column = csv[0]!.split(',').indexOf('hosts');
  assert.ok(column >= 0, 'summary.csv has a hosts column');
  assert.equal(csv.slice(1, 4).map((row) => row.split(',')[column]), ['4', '6', '8']);
});

test('equal instances: no note; results without `hosts` fall back on the pools', async () => {
  const { results } = await runExperiment(scenario([{ kind: 'parm', k: 2 }, 'equal-resources']));
  assert.not.match(describeResults(results), /instances: not equal/);
  const old = { ...results.runs[0]! } as RunSummary & { hosts?: number };
  delete old.hosts;
  assert.is(hostsOf(old), 6);
});

test('a scripted fault on a host only some strategies have: noted for the others', async () => {
  const { results } = await runExperiment(scenario(['none', 'equal-resources'], { faults: [{ kind: 'slow', at: '100ms', host: 5, factor: 3, duration: '50ms' }] }));
  const text = describeResults(results);
  assert.match(text, /not applied to none \(4 instances\): faults \(slow entry 1 of the scripted ones\)\.host: host 5, this strategy has hosts 0\.\.3/);
  assert.not.match(text, /not applied to equal-resources/);
});

test.run();
