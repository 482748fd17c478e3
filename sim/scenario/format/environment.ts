/** `stragglers` and `faults`: what slows or stops hosts: each strategy's own, the same per host index whatever the strategy. */
import type { HostSelection } from '../../cluster/config.js';
import { childPath, constrained, fail, mapped } from '../../input/core.js';
import { either, list, object, optional, pair, required, withDefault } from '../../input/composites.js';
import { choice, int, num } from '../../input/scalars.js';
import { quantity } from '../nodes/quantity.js';
import { tagged } from '../../input/tagged.js';
import { distribution } from './distributions.js';

const durations = distribution('duration');

const hostList = mapped(constrained(list(int(0), 1), {
  check: (hosts, path, ctx) => {
    const seen = new Set<number>();
    hosts.forEach((host, i) => {
      if (seen.has(host)) fail(ctx, childPath(path, i), 'host indices without repeats', host);
      seen.add(host);
    });
  },
  schema: () => ({ uniqueItems: true }),
}), (hosts): HostSelection => ({ list: hosts }));

export const hosts = either<HostSelection>('`all`, a number of hosts (picked at random per host index), or a list of host indices', [
  { when: (v) => typeof v === 'string', node: choice('all') },
  { when: (v) => typeof v === 'number', node: mapped(int(1), (count): HostSelection => ({ count })) },
  { when: (v) => Array.isArray(v), node: hostList },
]);

const HOSTS_HELP = '`all`, a count (that many of the strategy\'s hosts, picked at random per host index: a host picked in a smaller cluster stays picked in a larger one unless an extra host takes its place), or a list of host indices.';

export const stragglers = object({
  shuffles: optional(object({
    flows: required(int(1), 'Concurrent transfers between random host pairs, one way then back.'),
    size: withDefault(pair(quantity('size', 'positive'), 'min, max'), ['128MB', '256MB'], 'Transfer size, uniform between the two.'),
    bandwidth: optional(quantity('bandwidth', 'positive'), 'NIC bandwidth, when network.bandwidth is not given (they must agree if both are).'),
    slowdown: withDefault(num({ min: 1 }), 1, 'Service time is multiplied by this on a host while a flow touches it (1: network contention only).'),
    stall: optional(object({
      probability: required(num({ min: 0, max: 1 }), 'Chance that a query transfer through a NIC carrying a shuffle flow loses a packet.'),
      duration: withDefault(quantity('duration', 'positive'), '200ms', 'How long such a transfer then waits (a TCP retransmission timeout; Linux\'s minimum is 200 ms).'),
    }, 'stragglers.shuffles.stall'), 'Packet loss at a NIC congested by a shuffle: the rare, long delays behind tail latency.'),
  }, 'stragglers.shuffles'), 'ParM-style background network shuffles (need a bandwidth).'),
  slowdowns: optional(object({
    hosts: withDefault(hosts, 'all', HOSTS_HELP),
    every: required(durations, 'Time between the end of one episode and the start of the next.'),
    duration: required(durations, 'Length of an episode.'),
    factor: required(num({ min: 1 }), 'Service time is multiplied by this during an episode.'),
  }, 'stragglers.slowdowns'), 'On/off slowdown episodes per host.'),
  background: optional(object({
    hosts: withDefault(hosts, 'all', HOSTS_HELP),
    rate: required(quantity('rate', 'positive'), 'Arrival rate of background jobs per host.'),
    duration: required(durations, 'Work of a background job: how long it runs at speed 1 with the processor to itself. It shares the host with the instance (counted as always busy) and slows down as the host does.'),
  }, 'stragglers.background'), 'A second deployment\'s jobs sharing some hosts.'),
}, 'stragglers');

export const fault = tagged('kind', {
  'fail-stop': {
    hosts: withDefault(hosts, 'all', HOSTS_HELP),
    uptime: required(durations, 'Time a host stays up.'),
    downtime: required(durations, 'Time a failed host stays down.'),
  },
  fail: {
    at: required(quantity('duration', 'non-negative'), 'When the host fails (simulated time).'),
    host: required(int(0), 'Host index (some strategy must have it; a strategy that does not runs without this fault, and its summary says so).'),
    duration: optional(quantity('duration', 'positive'), 'Time until it recovers (default: never).'),
  },
  slow: {
    at: required(quantity('duration', 'non-negative'), 'When the slowdown starts (simulated time).'),
    host: required(int(0), 'Host index (some strategy must have it; a strategy that does not runs without this fault, and its summary says so).'),
    factor: required(num({ min: 1 }), 'Service time is multiplied by this.'),
    duration: required(quantity('duration', 'positive'), 'How long it lasts.'),
  },
}, {
  noun: 'a fault',
  common: {},
  expected: 'a fault (an object with `kind:` fail-stop | fail | slow)',
  descriptions: {
    'fail-stop': 'Random fail-stop failures: each chosen host is up for `uptime`, down for `downtime`, and so on.',
    fail: 'A scripted failure of one host.',
    slow: 'A scripted slowdown of one host.',
  },
});

export const faults = list(fault, 0, 'faults (objects with `kind:` fail-stop | fail | slow)');
