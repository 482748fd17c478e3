import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenario, parseScenario } from '../../sim/scenario/load.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { fixtures, inputError, minimal } from './helpers.js';

const test = suite('scenario/load');

const full = () => loadScenario(`${fixtures}full.yaml`);
const strategy = (s: Scenario, label: string) => {
  const found = s.strategies.find((x) => x.label === label);
  assert.ok(found, `no strategy labelled ${label} in ${s.strategies.map((x) => x.label).join(', ')}`);
  return found;
};

test('every key of the format reaches the Scenario, in simulator units', () => {
  const s = full();
  assert.is(s.name, 'full');
  assert.is(s.file, `${fixtures}full.yaml`);
  assert.is(s.seed, 7);
  assert.is(s.seeds, 3);
  assert.is(s.models, 'fashion-mnist-mlp');
  assert.equal(s.expect, ['parm-k2.p999 < 0.6 * equal-resources.p999']);
  const w = s.world;
  assert.equal([w.queries, w.warmup, w.samples, w.deadline], [2000, 100, 500, 50]);
  assert.equal(w.arrivals, { process: 'poisson', rate: 0.27 });
  assert.equal(w.payload, { dist: 'constant', value: 150_000 });
  assert.equal(w.response, { dist: 'uniform', min: 1000, max: 2000 });
  assert.equal(w.cluster.batch, { size: 4, timeout: 2 });
  assert.is(w.cluster.dispatch, 'power-of-two');
  assert.equal(w.cluster.service.time, { dist: 'lognormal', median: 20, sigma: 0.1, shift: 1, multiply: 2 });
  assert.equal(w.cluster.speeds, [1, 1, 0.5]);
  assert.equal(w.network, { latency: { dist: 'exponential', mean: 0.2 }, bandwidth: 1_250_000 });
  assert.equal(w.stragglers.shuffles, { flows: 4, size: [128e6, 256e6], slowdown: 1.5 });
  assert.equal(w.stragglers.slowdowns?.hosts, { list: [0, 2] });
  assert.equal(w.stragglers.slowdowns?.every, { dist: 'exponential', mean: 10_000 });
  assert.equal(w.stragglers.background, { hosts: { count: 2 }, rate: 0.05, duration: { dist: 'gamma', mean: 10, cv: 0.5 } });
  assert.equal(w.faults.failStop, [{ hosts: { count: 1 }, uptime: { dist: 'exponential', mean: 60_000 }, downtime: { dist: 'constant', value: 10_000 } }]);
  assert.equal(w.faults.scripted, [
    { at: 5000, host: 3, action: 'fail', duration: 2000 },
    { at: 6000, host: 4, action: 'fail' },
    { at: 5000, host: 2, action: 'slow', factor: 4, duration: 1000 },
  ]);
});

test('strategies: parameters, defaults that depend on the cluster, and default labels', () => {
  const s = full();
  assert.equal(s.strategies.map((x) => x.label), [
    'none', 'equal-resources', 'parm-k2', 'parm-k3', 'parm-k2-concatenation', 'replication', 'hedged', 'hedged-fixed', 'backup',
  ]);
  assert.equal(strategy(s, 'equal-resources'), { kind: 'equal-resources', k: 2, label: 'equal-resources' });
  assert.equal(strategy(s, 'parm-k2'), {
    kind: 'parm', k: 2, encoder: 'addition', parityInstances: 6, encode: { dist: 'constant', value: 0 },
    decode: { dist: 'constant', value: 0 }, groupTimeout: Infinity, label: 'parm-k2',
  });
  assert.equal(strategy(s, 'parm-k3'), {
    kind: 'parm', k: 3, encoder: 'addition', parityInstances: 5, encode: { dist: 'constant', value: 0.1 },
    decode: { dist: 'normal', mean: 0.2, std: 0.05 }, groupTimeout: 30, label: 'parm-k3',
  });
  assert.equal(strategy(s, 'replication'), { kind: 'replication', copies: 2, instances: 12, cancelRunning: true, label: 'replication' });
  assert.equal(strategy(s, 'hedged'), { kind: 'hedged', after: { percentile: 0.999, window: 500 }, instances: 16, label: 'hedged' });
  assert.equal(strategy(s, 'hedged-fixed'), { kind: 'hedged', after: { fixed: 15 }, label: 'hedged-fixed' });
  assert.equal(strategy(s, 'backup'), { kind: 'backup', backups: 3, service: { dist: 'pareto', scale: 2, shape: 2.5 }, after: 0, label: 'backup' });
});

test('defaults of a minimal scenario', () => {
  const s = parseScenario(minimal(), 'inline.yaml');
  assert.is(s.seed, 1);
  assert.is(s.seeds, 1);
  assert.is(s.models, null);
  assert.equal(s.sweep, {});
  assert.equal(s.expect, []);
  const w = s.world;
  assert.is(w.warmup, 50);
  assert.is(w.samples, 10_000);
  assert.is('deadline' in w, false);
  assert.equal(w.payload, { dist: 'constant', value: 0 });
  assert.equal(w.response, { dist: 'constant', value: 0 });
  assert.equal(w.cluster, { instances: 4, dispatch: 'single-queue', batch: { size: 1, timeout: 0 }, service: { time: { dist: 'constant', value: 20 } }, speeds: [], prefetch: 1 });
  assert.equal(w.network, { latency: { dist: 'constant', value: 0 } });
  assert.equal(w.stragglers, {});
  assert.equal(w.faults, { failStop: [], scripted: [] });
});

test('warm-up defaults to 5% of queries, rounded', () => {
  assert.is(parseScenario({ ...minimal(), queries: 1010 }, 'x.yaml').world.warmup, 51);
  assert.is(parseScenario({ ...minimal(), queries: 3 }, 'x.yaml').world.warmup, 0);
});

test('equal-resources takes k from the first parm strategy, else 2', () => {
  const withParm = parseScenario({ ...minimal(), strategies: ['equal-resources', { kind: 'parm', k: 4 }, { kind: 'parm', k: 3 }] }, 'x.yaml');
  assert.equal(withParm.strategies[0], { kind: 'equal-resources', k: 4, label: 'equal-resources' });
  const alone = parseScenario({ ...minimal(), strategies: ['equal-resources'] }, 'x.yaml');
  assert.equal(alone.strategies[0], { kind: 'equal-resources', k: 2, label: 'equal-resources' });
  const explicit = parseScenario({ ...minimal(), strategies: [{ kind: 'equal-resources', k: 3 }, { kind: 'parm', k: 4 }] }, 'x.yaml');
  assert.is((explicit.strategies[0] as { k: number }).k, 3);
});

test('default labels add the fewest differing parameters, only where written, among unlabelled strategies', () => {
  const labels = (strategies: unknown[]) => parseScenario({ ...minimal(), strategies }, 'x.yaml').strategies.map((s) => s.label);
  assert.equal(labels([{ kind: 'replication' }, { kind: 'replication', copies: 3 }]), ['replication', 'replication-copies3']);
  assert.equal(labels([{ kind: 'hedged', after: 'p95' }, { kind: 'hedged', after: 'p99' }]), ['hedged-p95', 'hedged-p99']);
  assert.equal(labels([{ kind: 'hedged', after: '5ms' }, { kind: 'hedged', after: 'p99' }]), ['hedged-after5ms', 'hedged-p99']);
  assert.equal(labels([{ kind: 'parm', k: 2, label: 'mine' }, { kind: 'parm', k: 3 }]), ['mine', 'parm']);
  assert.equal(labels(['none', { kind: 'parm', k: 2 }]), ['none', 'parm']);
});

test('hedging percentiles become quantiles: p95 → 0.95, p99.9 and p999 → 0.999', () => {
  const after = (text: string) => {
    const s = parseScenario({ ...minimal(), strategies: [{ kind: 'hedged', after: text }] }, 'x.yaml').strategies[0];
    return s?.kind === 'hedged' ? s.after : undefined;
  };
  assert.equal(after('p95'), { percentile: 0.95, window: 1000 });
  assert.equal(after('p99.9'), { percentile: 0.999, window: 1000 });
  assert.equal(after('p999'), { percentile: 0.999, window: 1000 });
  assert.equal(after('p5'), { percentile: 0.05, window: 1000 });
  assert.equal(after('0.5s'), { fixed: 500 });
  for (const bad of ['p0', 'p100', 'p950', 'q95', '95']) inputError(() => after(bad));
});

test('strategies that cannot be told apart must be labelled', () => {
  const err = inputError(() => parseScenario({ ...minimal(), strategies: [{ kind: 'parm', k: 2 }, { kind: 'parm', k: 2, encoder: 'addition' }] }, 'x.yaml'));
  assert.is(err.field, 'strategies[1]');
  assert.match(err.message, /the label of strategies\[0\] too/);
  assert.match(err.message, /add `label: …`/);
  const given = inputError(() => parseScenario({ ...minimal(), strategies: [{ kind: 'none', label: 'a' }, { kind: 'parm', k: 2, label: 'a' }] }, 'x.yaml'));
  assert.is(given.field, 'strategies[1].label');
});

test('YAML and JSON files give identical scenarios', () => {
  const yaml = loadScenario(`${fixtures}full.yaml`);
  const json = loadScenario(`${fixtures}full.json`);
  assert.equal({ ...json, file: null }, { ...yaml, file: null });
});

test('malformed JSON names the line and column; other extensions are refused', () => {
  const err = inputError(() => loadScenario(`${fixtures}malformed.json`));
  assert.match(err.message, /malformed\.json: line 4, column 1: expected valid JSON/);
  assert.match(inputError(() => loadScenario(`${fixtures}service.csv`)).message, /expected a scenario file ending in \.yaml, \.yml or \.json, found "\.csv"/);
  assert.match(inputError(() => loadScenario(`${fixtures}absent.yaml`)).message, /absent\.yaml: expected a scenario file, found no such file/);
});

test('a key of another variant is named as such, next to a near miss', () => {
  const err = inputError(() => parseScenario({ ...minimal(), arrivals: { rates: ['1/s', '2/s'] } }, 'x.yaml'));
  assert.is(err.field, 'arrivals.rates');
  assert.match(err.message, /did you mean `rate`\? `rates` belongs to process mmpp/);
});

test('parseScenario does not change the document it is given', () => {
  const doc = { ...minimal(), strategies: ['parm'] };
  const before = JSON.stringify(doc);
  parseScenario(doc, 'x.yaml', { set: ['strategies[0].k=3', 'cluster.instances=8'] });
  assert.is(JSON.stringify(doc), before);
});

test('null means absent: an empty key takes its default', () => {
  const s = parseScenario({ ...minimal(), faults: null, network: null, warmup: null }, 'x.yaml');
  assert.equal(s.world.faults, { failStop: [], scripted: [] });
  assert.is(s.world.warmup, 50);
});

test('distributions: every kind, with shift and multiply', () => {
  const service = (spec: unknown) => parseScenario({ ...minimal(), cluster: { instances: 1, service: spec } }, `${fixtures}x.yaml`).world.cluster.service.time;
  assert.equal(service({ dist: 'constant', value: '3ms' }), { dist: 'constant', value: 3 });
  assert.equal(service({ dist: 'uniform', min: '1ms', max: '1ms' }), { dist: 'uniform', min: 1, max: 1 });
  assert.equal(service({ dist: 'gamma', mean: '1s', cv: 2 }), { dist: 'gamma', mean: 1000, cv: 2 });
  assert.equal(service({ dist: 'exponential', mean: '2ms', shift: '1ms', multiply: 0.5 }), { dist: 'exponential', mean: 2, shift: 1, multiply: 0.5 });
  assert.equal(service({ dist: 'empirical', samples: ['1ms', 2, '3s'] }), { dist: 'empirical', samples: [1, 2, 3000] });
  assert.equal(service({ dist: 'empirical', samples: [1, 2], unit: 's' }), { dist: 'empirical', samples: [1000, 2000] });
  assert.equal(service({ dist: 'empirical', file: 'service.csv', column: 'ms' }), { dist: 'empirical', samples: [1.5, 2.5, 4] });
  assert.equal(service({ dist: 'empirical', file: 'service.csv', column: 'ms', unit: 'us' }), { dist: 'empirical', samples: [0.0015, 0.0025, 0.004] });
  assert.equal(service({ dist: 'mixture', of: [{ weight: 9, dist: 'constant', value: '10ms' }, { weight: 1, dist: 'exponential', mean: '50ms', shift: '10ms' }] }), {
    dist: 'mixture',
    of: [{ weight: 9, spec: { dist: 'constant', value: 10 } }, { weight: 1, spec: { dist: 'exponential', mean: 50, shift: 10 } }],
  });
});

test('sizes in a size context: empirical numbers default to bytes', () => {
  const s = parseScenario({ ...minimal(), arrivals: { rate: '1/s', payload: { dist: 'empirical', samples: [100, '1KB'] } } }, 'x.yaml');
  assert.equal(s.world.payload, { dist: 'empirical', samples: [100, 1000] });
});

test('arrival processes: constant, mmpp and a trace read relative to the scenario file', () => {
  const arrivals = (a: unknown) => parseScenario({ ...minimal(), arrivals: a }, `${fixtures}x.yaml`).world.arrivals;
  assert.equal(arrivals({ process: 'constant', rate: '100/s' }), { process: 'constant', rate: 0.1 });
  assert.equal(arrivals({ process: 'mmpp', rates: ['0/s', '1000/s'], sojourn: ['1s', '100ms'] }), { process: 'mmpp', rates: [0, 1], sojourn: [1000, 100] });
  assert.equal(arrivals({ process: 'trace', file: 'trace.csv', column: 't_s', unit: 's' }), { process: 'trace', times: [0, 1, 2.5, 4] });
});

test('a service profile becomes a per-batch-size table; batch size 1 is the base time', () => {
  const s = parseScenario({ ...minimal(), cluster: { instances: 2, service: { profile: 'profile.csv' } } }, `${fixtures}x.yaml`);
  const service = s.world.cluster.service;
  assert.equal(service.time, { dist: 'empirical', samples: [10, 12] });
  assert.equal([...(service.byBatchSize ?? new Map())], [
    [1, { dist: 'empirical', samples: [10, 12] }],
    [2, { dist: 'empirical', samples: [15] }],
    [4, { dist: 'empirical', samples: [22, 24] }],
  ]);
});

test('a shuffle bandwidth stands in for the NIC bandwidth; equal ones are fine', () => {
  const shuffles = { flows: 2, bandwidth: '1Gbps' };
  assert.is(parseScenario({ ...minimal(), stragglers: { shuffles } }, 'x.yaml').world.network.bandwidth, 125_000);
  const both = parseScenario({ ...minimal(), network: { bandwidth: '1000Mbps' }, stragglers: { shuffles } }, 'x.yaml');
  assert.is(both.world.network.bandwidth, 125_000);
  assert.equal(both.world.stragglers.shuffles?.size, [128e6, 256e6]);
});

test('network.tcp.hold: a duration; the duties it replaced are unknown fields', () => {
  const tcp = (value: unknown) => parseScenario({ ...minimal(), network: { bandwidth: '1Gbps', buffer: '256KB', tcp: value } }, 'x.yaml').world.network.tcp;
  assert.is(tcp({ hold: '30ms' })?.hold, 30);
  const err = inputError(() => tcp({ hold: '-1ms' }));
  assert.equal(err.field, 'network.tcp.hold');
  assert.is(inputError(() => tcp({ duty: 0.5 })).field, 'network.tcp.duty');
});

test.run();
