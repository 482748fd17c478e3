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

/** A 32-bit integer mixer (the finaliser of MurmurHash3): every input bit affects every output bit. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * Keyed uniform draws on [0, 1): the same (stream, a, b, c) always gives the same number,
 * whatever was drawn before. For draws tied to an identity rather than to an order — a
 * transfer's losses, which must be the same in every strategy that makes that transfer, however
 * many other transfers each strategy makes first.
 */
export class KeyedDraws {
  private readonly salt: number;

  constructor(seed: number, name: string) {
    let h = mix32(Math.floor(seed) ^ 0x9e3779b9) ^ Math.floor(seed / 2 ** 32);
    for (let i = 0; i < name.length; i++) h = mix32(h ^ name.charCodeAt(i));
    this.salt = h;
  }

  uniform(a: number, b: number, c: number): number {
    // `a` may pass 2^32 (a key built from a batch index): its high part is mixed in separately.
    const high = mix32(this.salt ^ Math.floor(a / 2 ** 32));
    const h = mix32(mix32(mix32(high ^ (a >>> 0)) ^ Math.imul(b, 0x9e3779b1)) ^ Math.imul(c, 0x85ebca77));
    return h / 2 ** 32;
  }
}
