import type { DistSpec } from './distribution-spec.js';
import type { Random } from './random.js';

/**
 * Draws one value: `draw()`. Built once per component; drawing allocates nothing.
 *
 * Samplers are objects of one class per distribution rather than closures: a call site the
 * compiler has inlined checks the receiver's class, which every run's sampler of that
 * distribution shares, where a closure is checked by identity, so each new run's closures would
 * throw the first run's optimised code away (docs/benchmarks.md, round 23).
 */
export interface Sampler {
  draw(): number;
}

/** Turns a distribution spec into a sampler that draws from `rng`. */
export function makeSampler(spec: DistSpec, rng: Random): Sampler {
  const base = baseSampler(spec, rng);
  const shift = spec.shift ?? 0;
  const multiply = spec.multiply ?? 1;
  if (shift === 0 && multiply === 1) return base;
  return new Affine(base, shift, multiply);
}

/** Whether every draw is exactly 0: a step that takes no time can then happen at once rather than as an event. */
export function alwaysZero(spec: DistSpec): boolean {
  return spec.dist === 'constant' && (spec.shift ?? 0) + (spec.multiply ?? 1) * spec.value === 0;
}

function baseSampler(spec: DistSpec, rng: Random): Sampler {
  switch (spec.dist) {
    case 'constant': return new Constant(spec.value);
    case 'exponential': return new Exponential(rng, spec.mean);
    case 'uniform': return new Uniform(rng, spec.min, spec.max);
    case 'normal': return new TruncatedNormal(rng, spec.mean, spec.std);
    case 'lognormal': return new Lognormal(rng, spec.median, spec.sigma);
    case 'gamma': {
      const shape = 1 / (spec.cv * spec.cv);
      return new Gamma(rng, shape, spec.mean / shape);
    }
    case 'pareto': return new Pareto(rng, spec.scale, spec.shape);
    case 'empirical': return new Empirical(rng, Float64Array.from(spec.samples));
    case 'mixture': {
      const parts = spec.of.map((part) => makeSampler(part.spec, rng));
      const total = spec.of.reduce((sum, part) => sum + part.weight, 0);
      const cumulative = Float64Array.from(spec.of.map((_, i) => spec.of.slice(0, i + 1).reduce((s, p) => s + p.weight, 0) / total));
      return new Mixture(rng, parts, cumulative);
    }
  }
}

class Constant implements Sampler {
  constructor(private readonly value: number) {}
  draw(): number {
    return this.value;
  }
}

class Exponential implements Sampler {
  constructor(private readonly rng: Random, private readonly mean: number) {}
  draw(): number {
    return this.rng.exponential(this.mean);
  }
}

class Uniform implements Sampler {
  constructor(private readonly rng: Random, private readonly min: number, private readonly max: number) {}
  draw(): number {
    return this.min + (this.max - this.min) * this.rng.uniform();
  }
}

/** Truncated at 0 by rejection: service times and delays cannot be negative. */
class TruncatedNormal implements Sampler {
  constructor(private readonly rng: Random, private readonly mean: number, private readonly std: number) {}
  draw(): number {
    for (;;) {
      const x = this.mean + this.std * this.rng.normal();
      if (x >= 0) return x;
    }
  }
}

class Lognormal implements Sampler {
  constructor(private readonly rng: Random, private readonly median: number, private readonly sigma: number) {}
  draw(): number {
    return this.median * Math.exp(this.sigma * this.rng.normal());
  }
}

class Gamma implements Sampler {
  constructor(private readonly rng: Random, private readonly shape: number, private readonly scale: number) {}
  draw(): number {
    return this.scale * gamma(this.shape, this.rng);
  }
}

class Pareto implements Sampler {
  constructor(private readonly rng: Random, private readonly scale: number, private readonly shape: number) {}
  draw(): number {
    return this.scale / Math.pow(this.rng.uniformPositive(), 1 / this.shape);
  }
}

class Empirical implements Sampler {
  constructor(private readonly rng: Random, private readonly values: Float64Array) {}
  draw(): number {
    return this.values[Math.floor(this.rng.uniform() * this.values.length)]!;
  }
}

class Mixture implements Sampler {
  constructor(private readonly rng: Random, private readonly parts: Sampler[], private readonly cumulative: Float64Array) {}
  draw(): number {
    const u = this.rng.uniform();
    const cumulative = this.cumulative;
    let i = 0;
    while (i < cumulative.length - 1 && u >= cumulative[i]!) i++;
    return this.parts[i]!.draw();
  }
}

/** `shift + multiply · x` for x from `base`. */
class Affine implements Sampler {
  constructor(private readonly base: Sampler, private readonly shift: number, private readonly multiply: number) {}
  draw(): number {
    return this.shift + this.multiply * this.base.draw();
  }
}

/** Marsaglia–Tsang gamma(shape, 1); shape < 1 uses the boost X·U^(1/shape). */
function gamma(shape: number, rng: Random): number {
  if (shape < 1) return gamma(shape + 1, rng) * Math.pow(rng.uniformPositive(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniformPositive();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** The mean of a distribution (exact where it exists; Infinity for a Pareto with shape ≤ 1). */
export function meanOf(spec: DistSpec): number {
  const shift = spec.shift ?? 0;
  const multiply = spec.multiply ?? 1;
  return shift + multiply * baseMean(spec);
}

function baseMean(spec: DistSpec): number {
  switch (spec.dist) {
    case 'constant': return spec.value;
    case 'exponential': return spec.mean;
    case 'uniform': return (spec.min + spec.max) / 2;
    case 'normal': {
      // Mean of the normal truncated at 0.
      if (spec.std === 0) return Math.max(0, spec.mean);
      const a = -spec.mean / spec.std;
      const pdf = Math.exp(-0.5 * a * a) / Math.sqrt(2 * Math.PI);
      return spec.mean + spec.std * pdf / (1 - normalCdf(a));
    }
    case 'lognormal': return spec.median * Math.exp(spec.sigma * spec.sigma / 2);
    case 'gamma': return spec.mean;
    case 'pareto': return spec.shape <= 1 ? Infinity : spec.shape * spec.scale / (spec.shape - 1);
    case 'empirical': return spec.samples.reduce((s, x) => s + x, 0) / spec.samples.length;
    case 'mixture': {
      const total = spec.of.reduce((s, p) => s + p.weight, 0);
      return spec.of.reduce((s, p) => s + (p.weight / total) * meanOf(p.spec), 0);
    }
  }
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf; |error| < 1.5e-7). */
function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.SQRT2);
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x / 2);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}
