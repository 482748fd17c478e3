import { makeSampler, meanOf } from '../engine/distributions.js';
import { KeyedDraws } from '../engine/random.js';
import { DEFAULT_MTU, TCP_DEFAULTS, type WorldConfig } from './config.js';
import { Executor } from './executor.js';
import { Network } from './network.js';
import type { Substrate } from './runner.js';
import { SwitchPorts } from './switch-ports.js';

/** IPv4 and TCP headers with the timestamp option: what a frame carries besides payload. */
const HEADER_BYTES = 52;

/** The switch ports of a world with a buffer and a bandwidth, or null where the model does not apply. */
export function switchPortsOf(world: WorldConfig, endpoints: number): SwitchPorts | null {
  const { buffer, bandwidth, latency } = world.network;
  if (buffer === undefined || bandwidth === undefined || world.stragglers.shuffles?.stall) return null;
  const mtu = world.network.mtu ?? DEFAULT_MTU;
  const tcp = world.network.tcp ?? {};
  return new SwitchPorts(endpoints, {
    buffer,
    bandwidth,
    mss: mtu - HEADER_BYTES,
    baseRtt: 2 * meanOf(latency),
    holdMs: tcp.hold ?? TCP_DEFAULTS.hold,
    burst: tcp.burst ?? TCP_DEFAULTS.burstFrames * mtu,
    slowStartExitMs: tcp.slowStartExit ?? TCP_DEFAULTS.slowStartExit,
    senderQueueMs: (tcp.txqueue ?? TCP_DEFAULTS.txqueue) / bandwidth,
  });
}

/** The simulated world: tasks run on the simulated executor over the simulated network, which also carries the shuffles. */
export const simulated: Substrate = ({ sim, streams, world, hosts, tasks, onResult }) => {
  const ports = switchPortsOf(world, hosts.count + 1);
  const network = new Network(sim, world.network, streams.stream('network/latency'), hosts, new KeyedDraws(streams.seed, 'network/losses'), ports, world.stragglers.shuffles?.stall ?? null);
  const runner = new Executor(sim, tasks, hosts, network, makeSampler(world.response, streams.stream('responses')), onResult, world.cluster.prefetch ?? 1);
  return { runner, flows: network };
};
