import type { Simulation } from '../engine/simulation.js';
import type { RandomStreams } from '../engine/random.js';
import { makeSampler } from '../engine/distributions.js';
import type { ArrivalConfig, WorldConfig } from './config.js';

/**
 * Open-loop arrivals. Each query's arrival time, data-set sample and payload size come from
 * their own streams in query order, so every strategy sees exactly the same queries.
 */
export class Workload {
  private next = 0;
  private readonly kind: number;
  private readonly gap: () => number;

  constructor(
    private readonly sim: Simulation,
    streams: RandomStreams,
    world: WorldConfig,
    private readonly total: number,
    private readonly arrival: Float64Array,
    sample: Int32Array,
    payload: Float64Array,
    private readonly onArrival: (query: number) => void,
  ) {
    const sampleRng = streams.stream('samples');
    const payloadSampler = makeSampler(world.payload, streams.stream('payloads'));
    this.gap = interarrival(world.arrivals, streams);
    // Drawn up front: cheap, and it keeps the streams independent of the event order.
    for (let q = 0; q < total; q++) {
      sample[q] = sampleRng.int(world.samples);
      payload[q] = payloadSampler();
    }
    this.kind = sim.on(() => this.arrive());
  }

  start(): void {
    if (this.total > 0) this.sim.at(this.gap(), this.kind);
  }

  private arrive(): void {
    const q = this.next++;
    this.arrival[q] = this.sim.now;
    if (this.next < this.total) this.sim.schedule(this.gap(), this.kind);
    this.onArrival(q);
  }
}

/** Returns a function giving the time to the next arrival (the first call gives the first arrival's time). */
function interarrival(config: ArrivalConfig, streams: RandomStreams): () => number {
  const rng = streams.stream('arrivals');
  switch (config.process) {
    case 'poisson': {
      const mean = 1 / config.rate;
      return () => rng.exponential(mean);
    }
    case 'constant': {
      const gap = 1 / config.rate;
      return () => gap;
    }
    case 'mmpp': {
      // Two-state Markov-modulated Poisson: in state s arrivals come at rates[s]; the state flips
      // after an exponential sojourn. Memorylessness lets us race the two clocks at every step.
      let state = 0;
      let stateLeft = rng.exponential(config.sojourn[0]);
      return () => {
        let elapsed = 0;
        for (;;) {
          const rate = config.rates[state]!;
          const candidate = rate > 0 ? rng.exponential(1 / rate) : Infinity;
          if (candidate < stateLeft) {
            stateLeft -= candidate;
            return elapsed + candidate;
          }
          elapsed += stateLeft;
          state = 1 - state;
          stateLeft = rng.exponential(config.sojourn[state]!);
        }
      };
    }
    case 'trace': {
      // Replays the trace's gaps; past its end it starts over, shifted by the trace's span.
      const times = config.times;
      const span = times[times.length - 1]! - times[0]! + (times.length > 1 ? (times[times.length - 1]! - times[0]!) / (times.length - 1) : 1);
      let i = 0;
      let last = 0;
      return () => {
        const cycle = Math.floor(i / times.length);
        const t = times[i % times.length]! + cycle * span;
        i++;
        const gap = i === 1 ? t : t - last;
        last = t;
        return Math.max(0, gap);
      };
    }
  }
}
