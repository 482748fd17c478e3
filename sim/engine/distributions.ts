import type { DistSpec } from './distribution-spec.js';
import type { Random } from './random.js';

/** Draws one value. Built once per component; calling it allocates nothing. */
export type Sampler = () => number;

/** Turns a distribution spec into a sampler that draws from `rng`. */
export function makeSampler(spec: DistSpec, rng: Random): Sampler {
  const base = baseSampler(spec, rng);
  const shift = spec.shift ?? 0;
  const multiply = spec.multiply ?? 1;
  if (shift === 0 && multiply === 1) return base;
  return () => shift + multiply * base();
}

/** Whether every draw is exactly 0: a step that takes no time can then happen at once rather than as an event. */
export function alwaysZero(spec: DistSpec): boolean {
  return spec.dist === 'constant' && (spec.shift ?? 0) + (spec.multiply ?? 1) * spec.value === 0;
}

function baseSampler(spec: DistSpec, rng: Random): Sampler {
  switch (spec.dist) {
    case 'constant': {
      const v = spec.value;
      return () => v;
    }
    case 'exponential': {
      const mean = spec.mean;
      return () => rng.exponential(mean);
    }
    case 'uniform': {
      const { min, max } = spec;
      return () => min + (max - min) * rng.uniform();
    }
    case 'normal': {
      const { mean, std } = spec;
      // Truncated at 0 by rejection: service times and delays cannot be negative.
      return () => {
        for (;;) {
          const x = mean + std * rng.normal();
          if (x >= 0) return x;
        }
      };
    }
    case 'lognormal': {
      const { median, sigma } = spec;
      return () => median * Math.exp(sigma * rng.normal());
    }
    case 'gamma': {
      const shape = 1 / (spec.cv * spec.cv);
      const scale = spec.mean / shape;
      return () => scale * gamma(shape, rng);
    }
    case 'pareto': {
      const { scale, shape } = spec;
      return () => scale / Math.pow(rng.uniformPositive(), 1 / shape);
    }
    case 'empirical': {
      const values = Float64Array.from(spec.samples);
      const n = values.length;
      return () => values[Math.floor(rng.uniform() * n)]!;
    }
    case 'mixture': {
      const parts = spec.of.map((part) => makeSampler(part.spec, rng));
      const total = spec.of.reduce((sum, part) => sum + part.weight, 0);
      const cumulative = Float64Array.from(spec.of.map((_, i) => spec.of.slice(0, i + 1).reduce((s, p) => s + p.weight, 0) / total));
      return () => {
        const u = rng.uniform();
        let i = 0;
        while (i < cumulative.length - 1 && u >= cumulative[i]!) i++;
        return parts[i]!();
      };
    }
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
