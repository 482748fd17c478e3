import seedrandom from 'seedrandom';

/**
 * A seeded source of uniform numbers with the few transforms the simulator needs.
 * Built on seedrandom's Alea: fast, and its state depends only on the seed string.
 */
export class Random {
  private spareNormal = NaN;

  constructor(private readonly nextUniform: () => number) {}

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.nextUniform();
  }

  /** Uniform on (0, 1]: safe to take the logarithm of. */
  uniformPositive(): number {
    return 1 - this.nextUniform();
  }

  /** Uniform integer on [0, n). */
  int(n: number): number {
    return Math.floor(this.nextUniform() * n);
  }

  exponential(mean: number): number {
    return -mean * Math.log(this.uniformPositive());
  }

  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniformPositive()));
    const theta = 2 * Math.PI * this.nextUniform();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
}

/**
 * Named, independent random streams derived from one root seed. Each component draws from its
 * own stream (`arrivals`, `samples`, `host-3/service`, …), so adding draws in one component never
 * shifts another's numbers: strategies compared in one scenario see the same arrivals, samples
 * and straggler timeline (common random numbers).
 */
export class RandomStreams {
  constructor(readonly seed: number) {}

  stream(name: string): Random {
    return new Random(seedrandom.alea(`${this.seed}/${name}`));
  }
}
