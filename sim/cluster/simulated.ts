import { makeSampler, meanOf } from '../engine/distributions.js';
import { KeyedDraws } from '../engine/random.js';
import type { WorldConfig } from './config.js';
import { Executor } from './executor.js';
import { Network } from './network.js';
import type { Substrate } from './runner.js';
import { SwitchPorts } from './switch-ports.js';

/** IPv4 and TCP headers with the timestamp option: what a frame carries besides payload. */
const HEADER_BYTES = 52;
/** Frame size when the scenario names none: the emulated cluster's jumbo frames. */
export const DEFAULT_MTU = 9000;
/**
 * Bytes a host sending shuffles keeps queued in its own NIC: TCP small queues (Linux's TSQ) let
 * a bulk flow hold about a millisecond of its pacing rate there, whatever the qdisc's limit.
 * Calibrated against the emulated cluster (docs/validation.md, "Calibrating the network model").
 */
export const SENDER_QUEUE_BYTES = 150_000;
/** SwitchPorts' `fullDuty`: calibrated against the emulated cluster (docs/validation.md). */
export const PORT_FULL_DUTY = Number(process.env.PS_DROP ?? 0.5);

/** The switch ports of a world with a buffer and a bandwidth, or null where the model does not apply. */
export function switchPortsOf(world: WorldConfig, endpoints: number): SwitchPorts | null {
  const { buffer, bandwidth, mtu, latency } = world.network;
  if (buffer === undefined || bandwidth === undefined || world.stragglers.shuffles?.stall) return null;
  return new SwitchPorts(endpoints, {
    buffer,
    bandwidth,
    mss: (mtu ?? DEFAULT_MTU) - HEADER_BYTES,
    baseRtt: 2 * meanOf(latency),
    fullDuty: PORT_FULL_DUTY,
  });
}

/** The simulated world: tasks run on the simulated executor over the simulated network, which also carries the shuffles. */
export const simulated: Substrate = ({ sim, streams, world, hosts, tasks, onResult }) => {
  const ports = switchPortsOf(world, hosts.count + 1);
  const network = new Network(sim, world.network, streams.stream('network/latency'), hosts, new KeyedDraws(streams.seed, 'network/losses'), ports, SENDER_QUEUE_BYTES, world.stragglers.shuffles?.stall ?? null);
  const runner = new Executor(sim, tasks, hosts, network, makeSampler(world.response, streams.stream('responses')), onResult, world.cluster.prefetch ?? 1);
  return { runner, flows: network };
};
