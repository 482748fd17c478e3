import { InputError } from '../errors.js';
import { meanArrivalRate } from '../experiment/capacity.js';
import type { Scenario } from '../scenario/types.js';
import { showQuantity } from '../scenario/nodes/units.js';
import { planStrategy } from '../strategies/index.js';

/**
 * What the emulated cluster can honour on this machine: two shared cores run every instance
 * process, the frontend, the shuffles and the kernel's shaping. Past these limits the numbers
 * would measure the machine's saturation, not the scenario.
 */
export const TESTBED_LIMITS = {
  /** Instance processes per strategy: each is a Node process with an ONNX session (~60 MB, a share of the cores). */
  hosts: 10,
  /** NIC bandwidth (bytes/ms): 1 Gbit/s. At MTU 9000 a 200 Mbit/s flow costs ~0.25 core, so a few shuffles above this saturate the cores. */
  bandwidth: 125_000,
  /** Arrival rate (queries/ms): 200/s. Every query costs the frontend and an instance real CPU. */
  rate: 0.2,
  /** Wall-clock length of one run (ms). */
  runMs: 600_000,
  mtu: 9000,
} as const;

/** Refuses, with one line naming the field and the limit, a scenario the testbed cannot honour. */
export function checkTestbedLimits(scenario: Scenario, options: { tcpModel?: 'refuse' | 'ignore' } = {}): void {
  const file = scenario.file ?? 'scenario';
  const w = scenario.world;
  const refuse = (field: string, expected: string, found: string, why: string) => {
    throw new InputError(file, field, expected, found, why);
  };
  // Every kind runs: coded tasks carry sample indices and each instance encodes them itself
  // (parity encoders, Berrut's interpolation, collages; sim/emulate/wire-plan.ts).
  scenario.strategies.forEach((s, i) => {
    const hosts = planStrategy(s, w).hosts;
    if (hosts > TESTBED_LIMITS.hosts) refuse(`strategies[${i}] (${s.label})`, `at most ${TESTBED_LIMITS.hosts} instances on the emulated cluster`, `${hosts}`, 'each instance is a real process on two shared cores');
  });
  if (w.network.bandwidth === undefined) refuse('network.bandwidth', 'a NIC bandwidth (the emulated cluster shapes every NIC)', 'nothing', 'for example 200Mbps');
  else if (w.network.bandwidth > TESTBED_LIMITS.bandwidth) refuse('network.bandwidth', `at most ${showQuantity('bandwidth', TESTBED_LIMITS.bandwidth)} on the emulated cluster`, showQuantity('bandwidth', w.network.bandwidth), 'above it the two cores, not the NICs, would set the rate');
  if ((w.network.mtu ?? 9000) > TESTBED_LIMITS.mtu) refuse('network.mtu', `at most ${TESTBED_LIMITS.mtu}`, String(w.network.mtu), 'jumbo frames of 9000 bytes are the largest the veth links take here');
  const rate = meanArrivalRate(w.arrivals);
  if (rate > TESTBED_LIMITS.rate) refuse('arrivals.rate', `at most ${showQuantity('rate', TESTBED_LIMITS.rate)} on the emulated cluster`, showQuantity('rate', rate), 'every query costs real CPU on two shared cores');
  const span = (w.queries + w.warmup) / rate;
  if (span > TESTBED_LIMITS.runMs) refuse('queries', `a run of at most ${TESTBED_LIMITS.runMs / 60_000} minutes of arrivals (${Math.floor(TESTBED_LIMITS.runMs * rate) - w.warmup} queries at this rate)`, `${w.queries + w.warmup} queries`, 'emulation runs in real time');
  if ((w.cluster.prefetch ?? 1) > 1) refuse('cluster.prefetch', '1 on the emulated cluster (its instances hold one task at a time)', String(w.cluster.prefetch), 'use `run` to see what prefetching buys');
  if (w.network.tcp && options.tcpModel !== 'ignore') refuse('network.tcp', 'no TCP parameters (they tune the simulator\'s model of TCP; the emulated cluster runs real TCP)', 'network.tcp', 'drop it for `emulate`; `validate` compares the simulator with its defaults or with yours');
  if (w.stragglers.shuffles?.stall) refuse('stragglers.shuffles.stall', 'no stall probability (on the emulated cluster stalls come from real TCP)', 'a stall probability', 'drop it; set network.buffer, the switch-port queue depth, instead');
}
