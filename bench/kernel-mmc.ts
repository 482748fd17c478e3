import { Simulation } from '../sim/engine/simulation.js';
import { RandomStreams } from '../sim/engine/random.js';

/**
 * The engine alone: an M/M/8 queue at utilisation 0.9 written directly against Simulation, the
 * same model as a minimal compiled event loop, so the number compares the kernels.
 */
export function kernelMmc(arrivals = 1_000_000): Record<string, number | string> {
  const c = 8, mu = 1, lambda = 0.9 * c * mu;
  const streams = new RandomStreams(1);
  const arrivalRng = streams.stream('arrivals'), serviceRng = streams.stream('service');
  const sim = new Simulation();
  const queue = new Float64Array(1 << 20);
  let head = 0, tail = 0, busy = 0, arrived = 0, completed = 0, totalResponse = 0;
  const departure = sim.on(() => {
    completed++;
    if (head !== tail) {
      totalResponse += sim.now - queue[head]!;
      head = (head + 1) & (queue.length - 1);
      sim.schedule(serviceRng.exponential(1 / mu), departure);
    } else busy--;
  });
  const arrival = sim.on(() => {
    if (++arrived < arrivals) sim.schedule(arrivalRng.exponential(1 / lambda), arrival);
    if (busy < c) {
      busy++;
      sim.schedule(serviceRng.exponential(1 / mu), departure);
    } else {
      queue[tail] = sim.now;
      tail = (tail + 1) & (queue.length - 1);
    }
  });
  sim.schedule(arrivalRng.exponential(1 / lambda), arrival);
  const started = performance.now();
  sim.run();
  const seconds = (performance.now() - started) / 1000;
  return { name: 'kernel-mmc', arrivals, events: sim.events, seconds: round(seconds, 3), events_per_s: Math.round(sim.events / seconds), completed, mean_wait_ms: round(totalResponse / completed, 4) };
}

export const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
