import type { Simulation } from '../engine/simulation.js';
import type { Random, RandomStreams } from '../engine/random.js';
import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { ArrivalConfig, WorldConfig } from './config.js';

/**
 * Open-loop arrivals. Each query's arrival time, data-set sample and payload size come from
 * their own streams in query order, so every strategy sees exactly the same queries.
 */
export class Workload {
  private next = 0;
  private readonly kind: number;
  /** The time to the next arrival (the first draw gives the first arrival's time). */
  private readonly gap: Sampler;

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
      payload[q] = payloadSampler.draw();
    }
    this.kind = sim.on(() => this.arrive());
  }

  start(): void {
    if (this.total > 0) this.sim.at(this.gap.draw(), this.kind);
  }

  private arrive(): void {
    const q = this.next++;
    this.arrival[q] = this.sim.now;
    if (this.next < this.total) this.sim.schedule(this.gap.draw(), this.kind);
    this.onArrival(q);
  }
}

/** The gaps between arrivals, as a sampler (the first draw gives the first arrival's time). */
function interarrival(config: ArrivalConfig, streams: RandomStreams): Sampler {
  const rng = streams.stream('arrivals');
  switch (config.process) {
    case 'poisson': return makeSampler({ dist: 'exponential', mean: 1 / config.rate }, rng);
    case 'constant': return makeSampler({ dist: 'constant', value: 1 / config.rate }, rng);
    case 'mmpp': return new MmppGaps(config, rng);
    case 'trace': return new TraceGaps(config.times);
  }
}

/**
 * Two-state Markov-modulated Poisson: in state s arrivals come at rates[s]; the state flips after
 * an exponential sojourn. Memorylessness lets us race the two clocks at every step.
 */
class MmppGaps implements Sampler {
  private state = 0;
  private stateLeft: number;

  constructor(private readonly config: Extract<ArrivalConfig, { process: 'mmpp' }>, private readonly rng: Random) {
    this.stateLeft = rng.exponential(config.sojourn[0]);
  }

  draw(): number {
    let elapsed = 0;
    for (;;) {
      const rate = this.config.rates[this.state]!;
      const candidate = rate > 0 ? this.rng.exponential(1 / rate) : Infinity;
      if (candidate < this.stateLeft) {
        this.stateLeft -= candidate;
        return elapsed + candidate;
      }
      elapsed += this.stateLeft;
      this.state = 1 - this.state;
      this.stateLeft = this.rng.exponential(this.config.sojourn[this.state]!);
    }
  }
}

/** Replays a trace's gaps; past its end it starts over, shifted by the trace's span. */
class TraceGaps implements Sampler {
  private i = 0;
  private last = 0;
  private readonly span: number;

  constructor(private readonly times: readonly number[]) {
    this.span = times[times.length - 1]! - times[0]! + (times.length > 1 ? (times[times.length - 1]! - times[0]!) / (times.length - 1) : 1);
  }

  draw(): number {
    const times = this.times;
    const cycle = Math.floor(this.i / times.length);
    const t = times[this.i % times.length]! + cycle * this.span;
    this.i++;
    const gap = this.i === 1 ? t : t - this.last;
    this.last = t;
    return Math.max(0, gap);
  }
}
