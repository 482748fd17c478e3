import { makeSampler } from '../engine/distributions.js';
import { Executor } from './executor.js';
import { Network } from './network.js';
import type { Substrate } from './runner.js';

/** The simulated world: tasks run on the simulated executor over the simulated network, which also carries the shuffles. */
export const simulated: Substrate = ({ sim, streams, world, hosts, tasks, onResult }) => {
  const stall = world.stragglers.shuffles?.stall;
  const network = new Network(sim, world.network, streams.stream('network/latency'), hosts, stall ? { ...stall, rng: streams.stream('network/stalls') } : null);
  const runner = new Executor(sim, tasks, hosts, network, makeSampler(world.response, streams.stream('responses')), onResult, world.cluster.prefetch ?? 1);
  return { runner, flows: network };
};
