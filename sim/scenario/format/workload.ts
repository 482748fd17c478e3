/** `arrivals`, `cluster` and `network`: the load, the serving cluster, and the wire between them. */
import { DEFAULT_MTU, TCP_DEFAULTS, type ArrivalConfig, type ServiceConfig } from '../../cluster/config.js';
import type { DistSpec } from '../../engine/distribution-spec.js';
import { childPath, constrained, fail, isRecord, mapped, type ParseContext } from '../../input/core.js';
import { either, list, object, optional, pair, required, withDefault } from '../../input/composites.js';
import { choice, int, num, str } from '../../input/scalars.js';
import { quantity } from '../nodes/quantity.js';
import { tagged } from '../../input/tagged.js';
import { distribution } from './distributions.js';

const sizes = distribution('size');
const durations = distribution('duration');

const arrivalsTagged = tagged('process', {
  poisson: { rate: required(quantity('rate', 'positive'), 'Mean arrival rate, e.g. 270/s.') },
  constant: { rate: required(quantity('rate', 'positive'), 'Arrival rate; arrivals are evenly spaced.') },
  mmpp: {
    rates: required(constrained(pair(quantity('rate', 'non-negative'), 'state 0, state 1'), {
      check: (rates, path, ctx) => {
        if (rates[0] === 0 && rates[1] === 0) fail(ctx, path, 'a pair of rates, at least one positive', rates);
      },
      schema: (ctx) => ({ contains: quantity('rate', 'positive').toSchema(ctx) }),
    }), 'Arrival rate in each of the two states (at least one positive).'),
    sojourn: required(pair(quantity('duration', 'positive'), 'state 0, state 1'), 'Mean (exponential) time spent in each state.'),
  },
  trace: {
    file: required(str(), 'A CSV file with a header row, relative to the scenario file.'),
    column: required(str(), 'The column holding absolute arrival times, ascending.'),
    unit: withDefault(choice('ms', 's'), 'ms', 'Unit of the times in the file.'),
  },
}, {
  noun: 'arrivals',
  defaultTag: 'poisson',
  common: {
    payload: withDefault(sizes, '0B', 'Request size per query: a size or a distribution of sizes.'),
    response: withDefault(sizes, '0B', 'Response size per batch: a size or a distribution of sizes.'),
  },
  expected: 'an object (arrivals) with a `process:` poisson | constant | mmpp | trace',
  descriptions: {
    poisson: 'Poisson arrivals (exponential gaps) at `rate`.',
    constant: 'Evenly spaced arrivals at `rate`.',
    mmpp: 'Two-state Markov-modulated Poisson process.',
    trace: 'Replays arrival times from a CSV file, cycling if more are needed.',
  },
});

export interface Arrivals { config: ArrivalConfig; payload: DistSpec; response: DistSpec }

export const arrivals = mapped(arrivalsTagged, (a, path, ctx): Arrivals => {
  const shared = { payload: a.payload, response: a.response };
  switch (a.process) {
    case 'poisson':
    case 'constant':
      return { config: { process: a.process, rate: a.rate }, ...shared };
    case 'mmpp':
      return { config: { process: 'mmpp', rates: a.rates, sojourn: a.sojourn }, ...shared };
    case 'trace':
      return { config: { process: 'trace', times: readTrace(a.file, a.column, a.unit, path, ctx) }, ...shared };
  }
});

function readTrace(file: string, column: string, unit: 'ms' | 's', path: string, ctx: ParseContext): number[] {
  const at = { file: childPath(path, 'file'), column: childPath(path, 'column') };
  const values = ctx.csv.column(file, column, at);
  if (values.length === 0) fail(ctx, at.file, `a CSV file with at least one arrival time in ${column}`, file);
  const scale = unit === 's' ? 1000 : 1;
  let previous = -Infinity;
  return values.map(({ line, value }) => {
    if (value < 0 || value < previous) {
      ctx.csv.badCell(file, at.file, { line, column }, previous === -Infinity ? 'a time ≥ 0' : `a time ≥ ${previous} (times must ascend)`, String(value));
    }
    previous = value;
    return value * scale;
  });
}

const profileSource = object({ profile: required(str(), 'A CSV file with columns batch_size and ms, one row per measurement.') }, 'a service profile');

const profile = mapped(profileSource, ({ profile: file }, path, ctx): ServiceConfig => {
  const at = childPath(path, 'profile');
  const sizes = ctx.csv.column(file, 'batch_size', { file: at, column: at });
  const times = ctx.csv.column(file, 'ms', { file: at, column: at });
  const bySize = new Map<number, number[]>();
  sizes.forEach(({ line, value: size }, i) => {
    if (!Number.isInteger(size) || size < 1) {
      ctx.csv.badCell(file, at, { line, column: 'batch_size' }, 'an integer ≥ 1', String(size));
    }
    const ms = times[i]!.value;
    if (ms < 0) ctx.csv.badCell(file, at, { line, column: 'ms' }, 'a time ≥ 0', String(ms));
    bySize.set(size, [...(bySize.get(size) ?? []), ms]);
  });
  const single = bySize.get(1);
  if (!single) fail(ctx, at, 'a profile with rows for batch_size 1 (they give the base service time)', file);
  const byBatchSize = new Map<number, DistSpec>([...bySize].sort(([a], [b]) => a - b).map(([size, samples]) => [size, { dist: 'empirical', samples }]));
  return { time: { dist: 'empirical', samples: single }, byBatchSize };
});

const service = either<ServiceConfig>('a duration, a distribution of durations, or {profile: file.csv}', [
  { when: (v) => isRecord(v) && 'profile' in v, node: profile },
  { when: () => true, node: mapped(durations, (time): ServiceConfig => ({ time })) },
]);

export const cluster = object({
  instances: required(int(1), 'Data instances serving the deployed model.'),
  dispatch: withDefault(choice('single-queue', 'round-robin', 'shortest-queue', 'power-of-two'), 'single-queue', 'How the frontend assigns batches to instances (single-queue: idle instances pull from one queue, as ParM\'s prototype).'),
  batch: withDefault(object({
    size: withDefault(int(1), 1, 'Queries per batch (at most).'),
    timeout: withDefault(quantity('duration', 'non-negative'), '0ms', 'Send a partial batch once its first query has waited this long.'),
  }, 'cluster.batch'), {}, 'Batching at the frontend.'),
  service: required(service, 'Service time of a batch at speed 1: a duration, a distribution, or {profile: file.csv} (columns batch_size, ms).'),
  speeds: optional(list(num({ above: 0 })), 'Relative speed per host (1 nominal, 0.5 takes twice as long); hosts past the end run at 1.'),
  prefetch: withDefault(int(1), 1, 'Tasks an instance may hold at once: with 2 or more, an instance of a single-queue pool pulls its next request while serving, so transfers overlap service (1: an instance waits for each request, as ParM\'s prototype).'),
}, 'cluster');

export const network = object({
  latency: withDefault(durations, '0ms', 'One-way latency of each frontend↔instance message: a duration or a distribution.'),
  bandwidth: optional(quantity('bandwidth', 'positive'), 'NIC bandwidth of the frontend and every host (full duplex); none means no bandwidth model.'),
  buffer: optional(quantity('size', 'positive'), 'Switch-port queue limit (bytes) of the port toward each host: shuffles sent into a host fill it, queries wait behind them and lose segments when it overflows (the emulated cluster\'s tbf limit). Without it, shuffles only take NIC bandwidth.'),
  mtu: optional(int(576), `Frame size of the NICs (default ${DEFAULT_MTU}): a message of n bytes is ceil(n / (mtu − 52)) TCP segments, each of which a full port may drop.`),
  tcp: optional(object({
    hold: optional(quantity('duration', 'non-negative'), `How long after an overflow a switch port's shuffle cuts its window; a port stays pinned at its limit until a cut takes the window below what the path holds, which after its first overflow takes a later query's overflow too (default ${TCP_DEFAULTS.hold}ms, calibrated against the emulated cluster).`),
    slowStartExit: optional(quantity('duration', 'non-negative'), `The queueing delay the shuffles into a port they overload build before they leave slow start (Linux's HyStart leaves on a rise of 4-16 ms); from there their windows grow 5% a round trip, CUBIC's growth before a loss, until the port overflows (default ${TCP_DEFAULTS.slowStartExit}ms, calibrated against the emulated cluster).`),
    txqueue: optional(quantity('size', 'non-negative'), `Bytes a host's own shuffles keep queued in its NIC, which its responses and the acknowledgements it returns wait behind (default ${TCP_DEFAULTS.txqueue / 1000}KB, calibrated).`),
    burst: optional(quantity('size', 'non-negative'), 'Bytes a shuffle\'s sender releases at once above its rate, its shaper\'s burst (default two frames, the emulated cluster\'s tbf burst).'),
  }, 'network.tcp'), 'The switch-port model\'s TCP parameters (with network.buffer); docs/validation.md says how each default was calibrated.'),
}, 'network');
