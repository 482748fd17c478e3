/**
 * From a parsed document (shapes, units and ranges already checked) to the Scenario the
 * simulator runs: defaults that depend on other keys, checks that span several keys, and the
 * strategy labels.
 */
import type { FaultConfig, ScriptedFault, StragglerConfig, WorldConfig } from '../cluster/config.js';
import { MAX_BERRUT_ANSWERS } from '../strategies/berrut.js';
import type { StrategySpec } from '../strategies/spec.js';
import { InputError } from '../errors.js';
import type { Out } from '../input/core.js';
import type { scenarioFormat } from './format/scenario.js';
import { assignLabels } from './labels.js';
import { showQuantity } from './nodes/units.js';
import type { Scenario } from './types.js';

export type ParsedScenario = Out<typeof scenarioFormat>;
type ParsedStrategy = ParsedScenario['strategies'][number];

/** 5% of the measured queries: enough for queues to fill at the loads the examples use. */
const DEFAULT_WARMUP_FRACTION = 0.05;
const DEFAULT_PERCENTILE_WINDOW = 1000;

/**
 * `keep` carries the labels of the scenario a sweep point derives from: a strategy keeps its
 * label across the points of a sweep (reports line points up by label), even where the point
 * changes the parameters a default label is made of.
 */
export function normalise(doc: ParsedScenario, raw: Record<string, unknown>, file: string, keep: readonly StrategySpec[] = []): Scenario {
  // Seeds count up from `seed` one by one: beyond 2^53 two seeds would be the same number.
  if (doc.seed + doc.seeds - 1 > Number.MAX_SAFE_INTEGER) {
    throw new InputError(file, 'seed', `a seed of at most ${Number.MAX_SAFE_INTEGER - doc.seeds + 1} (2^53 − seeds)`, String(doc.seed));
  }
  const world: WorldConfig = {
    queries: doc.queries,
    warmup: doc.warmup ?? Math.round(doc.queries * DEFAULT_WARMUP_FRACTION),
    arrivals: doc.arrivals.config,
    payload: doc.arrivals.payload,
    response: doc.arrivals.response,
    samples: doc.samples,
    cluster: {
      instances: doc.cluster.instances,
      dispatch: doc.cluster.dispatch,
      batch: doc.cluster.batch,
      service: doc.cluster.service,
      speeds: doc.cluster.speeds ?? [],
      prefetch: doc.cluster.prefetch,
    },
    network: { latency: doc.network.latency },
    stragglers: stragglerConfig(doc, file),
    faults: faultConfig(doc.faults),
  };
  const bandwidth = doc.network.bandwidth ?? doc.stragglers.shuffles?.bandwidth;
  if (bandwidth !== undefined) world.network.bandwidth = bandwidth;
  if (doc.network.buffer !== undefined) world.network.buffer = doc.network.buffer;
  if (doc.network.mtu !== undefined) world.network.mtu = doc.network.mtu;
  if (doc.network.tcp !== undefined) {
    if (doc.network.buffer === undefined) throw new InputError(file, 'network.tcp', 'network.tcp only with network.buffer (it tunes the switch-port model)', 'no network.buffer', 'set network.buffer, or remove network.tcp');
    world.network.tcp = { ...doc.network.tcp };
  }
  if (doc.deadline !== undefined) world.deadline = doc.deadline;
  if (doc.drain !== undefined) world.drain = doc.drain;

  const rawStrategies = Array.isArray(raw.strategies) ? raw.strategies : [];
  const labels = assignLabels(
    doc.strategies.map((s, i) => {
      const kept = keep[i]?.kind === s.kind ? keep[i]?.label : undefined;
      return { kind: s.kind, label: s.label ?? kept, raw: rawStrategies[i], params: s };
    }),
    file,
  );
  const firstParm = doc.strategies.find((s) => s.kind === 'parm');
  const context = { instances: doc.cluster.instances, parmK: firstParm?.kind === 'parm' ? firstParm.k : 2 };
  const strategies = doc.strategies.map((s, i) => strategySpec(s, labels[i]!, context, file, i));

  return {
    name: doc.name,
    file,
    seed: doc.seed,
    seeds: doc.seeds,
    world,
    strategies,
    models: doc.models ?? null,
    sweep: doc.sweep,
    expect: doc.expect,
  };
}

function stragglerConfig(doc: ParsedScenario, file: string): StragglerConfig {
  const { shuffles, slowdowns, background } = doc.stragglers;
  const out: StragglerConfig = {};
  if (shuffles) {
    const nic = doc.network.bandwidth;
    if (nic !== undefined && shuffles.bandwidth !== undefined && nic !== shuffles.bandwidth) {
      throw new InputError(file, 'stragglers.shuffles.bandwidth', `the same bandwidth as network.bandwidth (${showQuantity('bandwidth', nic)})`, showQuantity('bandwidth', shuffles.bandwidth), 'give the NIC bandwidth once, under network.bandwidth');
    }
    if (nic === undefined && shuffles.bandwidth === undefined) {
      throw new InputError(file, 'network.bandwidth', 'a bandwidth such as 10Gbps (shuffles need a bandwidth model)', 'nothing', 'set network.bandwidth or stragglers.shuffles.bandwidth');
    }
    if (shuffles.size[1] < shuffles.size[0]) {
      throw new InputError(file, 'stragglers.shuffles.size[1]', `a size ≥ size[0] (${showQuantity('size', shuffles.size[0])})`, showQuantity('size', shuffles.size[1]));
    }
    if (shuffles.stall && doc.network.buffer !== undefined) {
      throw new InputError(file, 'stragglers.shuffles.stall', 'no coarse stall when network.buffer is given', 'a stall', 'the switch-port model (network.buffer) produces the stalls itself; remove one of the two');
    }
    out.shuffles = { flows: shuffles.flows, size: shuffles.size, slowdown: shuffles.slowdown };
    if (shuffles.stall) out.shuffles.stall = { probability: shuffles.stall.probability, duration: shuffles.stall.duration };
  }
  if (slowdowns) out.slowdowns = slowdowns;
  if (background) out.background = background;
  return out;
}

function faultConfig(faults: ParsedScenario['faults']): FaultConfig {
  const failStop: FaultConfig['failStop'][number][] = [];
  const scripted: ScriptedFault[] = [];
  for (const f of faults) {
    if (f.kind === 'fail-stop') failStop.push({ hosts: f.hosts, uptime: f.uptime, downtime: f.downtime });
    else if (f.kind === 'fail') scripted.push(f.duration === undefined ? { at: f.at, host: f.host, action: 'fail' } : { at: f.at, host: f.host, action: 'fail', duration: f.duration });
    else scripted.push({ at: f.at, host: f.host, action: 'slow', factor: f.factor, duration: f.duration });
  }
  return { failStop, scripted };
}

function strategySpec(s: ParsedStrategy, label: string, context: { instances: number; parmK: number }, file: string, index: number): StrategySpec {
  switch (s.kind) {
    case 'none':
      return { kind: 'none', label };
    case 'equal-resources':
      return { kind: 'equal-resources', k: s.k ?? context.parmK, label };
    case 'parm':
      if (s.k > context.instances) {
        throw new InputError(file, `strategies[${index}].k`, `a k of at most the cluster's ${context.instances} instances`, String(s.k),
          'a coding group\'s k queries need k data instances to be served side by side; with fewer, one slow instance holds several of them and one parity output recovers only one');
      }
      if (s.r > 1 && s.encoder !== 'addition') {
        throw new InputError(file, `strategies[${index}].encoder`, 'addition with r = 2 (its second parity model is trained for the weighted sum, beside the plain one)', s.encoder);
      }
      return {
        kind: 'parm', k: s.k, ...(s.r > 1 ? { r: s.r } : {}), encoder: s.encoder, parityInstances: s.parity ?? Math.ceil((context.instances * s.r) / s.k),
        encode: s.encode, decode: s.decode, groupTimeout: s['group-timeout'], ...(s.answer > 0 ? { answerWait: s.answer } : {}), label,
      };
    case 'collage':
      return {
        kind: 'collage', k: s.k, collages: s.collages ?? Math.ceil(context.instances / s.k),
        ...(s.service === undefined ? {} : { service: s.service }), encode: s.encode, groupTimeout: s['group-timeout'],
        ...(s.answer > 0 ? { answerWait: s.answer } : {}), label,
      };
    case 'berrut': {
      const coded = s.systematic ? s.stragglers : s.k + s.stragglers;
      if (!s.systematic && s.answer > 0) {
        throw new InputError(file, `strategies[${index}].answer`, '`first` (without `systematic: true` no original is sent, so every answer is decoded)', `a wait of ${s.answer} ms for the original`);
      }
      if (s.k + coded > MAX_BERRUT_ANSWERS) {
        throw new InputError(file, `strategies[${index}]`, `k plus the coded queries per group at most ${MAX_BERRUT_ANSWERS}`, `k ${s.k} + ${coded} coded`, 'a decode notes which of its group\'s answers it read in one 31-bit mask');
      }
      return {
        kind: 'berrut', k: s.k, stragglers: s.stragglers, systematic: s.systematic,
        ...(s.coded === undefined ? {} : { codedInstances: s.coded }),
        encode: s.encode, decode: s.decode, groupTimeout: s['group-timeout'], wait: s.wait, ...(s.answer > 0 ? { answerWait: s.answer } : {}), label,
      };
    }
    case 'replication':
      return { kind: 'replication', copies: s.copies, instances: s.instances ?? context.instances, cancelRunning: s.cancel === 'running', label };
    case 'hedged': {
      if ('fixed' in s.after && s.window !== undefined) {
        throw new InputError(file, `strategies[${index}].window`, 'no window with a fixed `after` (a window only applies to a percentile such as p95)', String(s.window));
      }
      const after = 'fixed' in s.after ? s.after : { percentile: s.after.percentile, window: s.window ?? DEFAULT_PERCENTILE_WINDOW };
      return s.instances === undefined ? { kind: 'hedged', after, label } : { kind: 'hedged', after, instances: s.instances, label };
    }
    case 'backup':
      return { kind: 'backup', backups: s.backups ?? Math.ceil(context.instances / 4), service: s.service, after: s.after, label };
  }
}
