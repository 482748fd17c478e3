/** 2^-32: Alea's state words and outputs are multiples of it. */
const TWO_NEG_32 = 2.3283064365386963e-10;

/**
 * Baagøe's Mash hash as seedrandom's Alea seeds with it: `n` is the hash's running state (it
 * carries over from one call to the next), and the new state is returned.
 */
function mash(n: number, data: string): number {
  for (let i = 0; i < data.length; i++) {
    n += data.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    n = h >>> 0;
    h -= n;
    h *= n;
    n = h >>> 0;
    h -= n;
    n += h * 0x100000000;
  }
  return n;
}

/**
 * A seeded source of uniform numbers with the few transforms the simulator needs.
 *
 * The generator is Baagøe's Alea exactly as the seedrandom package builds it (`seedrandom.alea(seed)`),
 * draw for draw and bit for bit (test/engine/random.test.ts holds it to seedrandom over many seeds):
 * every committed result depends on these streams. It lives here, in the object's own fields,
 * because a draw is then a few arithmetic operations inlined where it is used, where seedrandom's
 * is a call through a closure to state on another object.
 */
export class Random {
  // Initialised here, not only in the constructor: a class field declared without a value starts
  // as undefined, and V8 then keeps the field tagged, so that every draw would allocate a number.
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private c = 1;
  private spareNormal = NaN;

  constructor(seed: string) {
    let n = 0xefc8249d;
    n = mash(n, ' ');
    let s0 = (n >>> 0) * TWO_NEG_32;
    n = mash(n, ' ');
    let s1 = (n >>> 0) * TWO_NEG_32;
    n = mash(n, ' ');
    let s2 = (n >>> 0) * TWO_NEG_32;
    n = mash(n, seed);
    s0 -= (n >>> 0) * TWO_NEG_32;
    if (s0 < 0) s0 += 1;
    n = mash(n, seed);
    s1 -= (n >>> 0) * TWO_NEG_32;
    if (s1 < 0) s1 += 1;
    n = mash(n, seed);
    s2 -= (n >>> 0) * TWO_NEG_32;
    if (s2 < 0) s2 += 1;
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
  }

  /** Uniform on [0, 1): a multiple of 2^-32. */
  uniform(): number {
    const t = 2091639 * this.s0 + this.c * TWO_NEG_32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    return (this.s2 = t - (this.c = t | 0));
  }

  /** Uniform on (0, 1]: safe to take the logarithm of. */
  uniformPositive(): number {
    return 1 - this.uniform();
  }

  /** Uniform integer on [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.uniform());
  }

  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
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
    return new Random(`${this.seed}/${name}`);
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
    return this.uniformAfter(this.prefix(a, b), c);
  }

  /**
   * The part of the hash that depends on (a, b) alone: a run of draws that share them (a
   * message's segments) hashes it once and passes it to uniformAfter with each c.
   */
  prefix(a: number, b: number): number {
    // `a` may pass 2^32 (a key built from a batch index): its high part is mixed in separately.
    const high = mix32(this.salt ^ Math.floor(a / 2 ** 32));
    return mix32(mix32(high ^ (a >>> 0)) ^ Math.imul(b, 0x9e3779b1));
  }

  /** uniform(a, b, c), given prefix(a, b). */
  uniformAfter(prefix: number, c: number): number {
    return mix32(prefix ^ Math.imul(c, 0x85ebca77)) / 2 ** 32;
  }
}
