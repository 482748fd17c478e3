/**
 * Distributions of durations or sizes, wherever the format accepts one. A bare quantity means
 * a constant. Quantity-valued parameters carry the unit of the context (durations in a service
 * time, sizes in a payload); shape parameters (sigma, cv, shape, weight, multiply) are plain numbers.
 */
import type { DistSpec } from '../../engine/distribution-spec.js';
import { describeQuantity, durationUnits, showQuantity, sizeUnits, unitNames } from '../nodes/units.js';
import { childPath, fail, mapped, named, type Node, type ParseContext } from '../../input/core.js';
import { either, list, optional, required, type Fields } from '../../input/composites.js';
import { choice, num, str } from '../../input/scalars.js';
import { quantity } from '../nodes/quantity.js';
import { tagged, type TaggedOut } from '../../input/tagged.js';

export type DistKind = 'duration' | 'size';

const unitFactors: Record<DistKind, Readonly<Record<string, number>>> = { duration: durationUnits, size: sizeUnits };
const defaultUnit: Record<DistKind, string> = { duration: 'ms', size: 'B' };

function variants(kind: DistKind) {
  const nonNegative = quantity(kind, 'non-negative');
  const positive = quantity(kind, 'positive');
  const sample = either<{ value: number; unitless: boolean }>(`${describeQuantity(kind)} or a number in \`unit\``, [
    { when: (v) => typeof v === 'number', node: mapped(num({ min: 0 }), (value) => ({ value, unitless: true })) },
    { when: (v) => typeof v !== 'number', node: mapped(nonNegative, (value) => ({ value, unitless: false })) },
  ]);
  return {
    constant: { value: required(nonNegative, 'The value every sample takes.') },
    exponential: { mean: required(positive, 'Mean.') },
    lognormal: {
      median: required(positive, 'Median (the exp of the underlying normal mean).'),
      sigma: required(num({ min: 0 }), 'Standard deviation of the underlying normal (a plain number).'),
    },
    normal: {
      mean: required(nonNegative, 'Mean (before truncation at 0).'),
      std: required(nonNegative, 'Standard deviation.'),
    },
    uniform: { min: required(nonNegative, 'Lower bound.'), max: required(nonNegative, 'Upper bound (≥ min).') },
    gamma: {
      mean: required(positive, 'Mean.'),
      cv: required(num({ above: 0 }), 'Coefficient of variation (std/mean, a plain number).'),
    },
    pareto: {
      scale: required(positive, 'Scale: the smallest value.'),
      shape: required(num({ above: 0 }), 'Shape (tail index, a plain number).'),
    },
    empirical: {
      samples: optional(list(sample, 1), 'The values to resample (give either samples or file).'),
      file: optional(str(), 'A CSV file with a header row, relative to the scenario file.'),
      column: optional(str(), 'The column of `file` to read.'),
      unit: optional(choice(...unitNames[kind].filter((u) => u in unitFactors[kind])), `Unit of plain numbers in samples or the file (default ${defaultUnit[kind]}).`),
    },
    mixture: { of: required(list(weightedDistribution(kind), 1), 'The components, each a distribution with a `weight` (> 0).') },
  } satisfies Record<DistSpec['dist'], Fields>;
}

function common(kind: DistKind) {
  return {
    shift: optional(quantity(kind, 'non-negative'), 'Added to every sample.'),
    multiply: optional(num({ above: 0 }), 'Every sample is multiplied by this (before the shift).'),
  };
}

const descriptions: Record<DistSpec['dist'], string> = {
  constant: 'Always the same value.',
  exponential: 'Exponential with the given mean.',
  lognormal: 'Log-normal with the given median and sigma.',
  normal: 'Normal, truncated at 0 (resampled until non-negative).',
  uniform: 'Uniform between min and max.',
  gamma: 'Gamma with the given mean and coefficient of variation.',
  pareto: 'Pareto type I: P(X > x) = (scale/x)^shape for x ≥ scale.',
  empirical: 'Resamples given values: `samples: [...]`, or `file` and `column` of a CSV.',
  mixture: 'Picks a component with probability proportional to its weight.',
};

/** Mixture components need a weight, so only whole distributions have the bare-quantity shorthand. */
function taggedDistribution<C extends Fields>(kind: DistKind, extra: C, shorthand: boolean) {
  return tagged('dist', variants(kind), {
    noun: `a distribution of ${kind}s`,
    common: { ...common(kind), ...extra },
    expected: shorthand
      ? `${describeQuantity(kind)} or a distribution such as {dist: exponential, mean: ${kind === 'duration' ? '10ms' : '100KB'}}`
      : `a mixture component such as {weight: 0.9, dist: exponential, mean: ${kind === 'duration' ? '10ms' : '100KB'}}`,
    shorthand: shorthand ? {
      node: quantity(kind, 'non-negative'),
      accepts: (raw) => typeof raw === 'string' || typeof raw === 'number',
      toObject: (raw) => ({ dist: 'constant', value: raw }),
    } : undefined,
    descriptions,
  });
}

type Parsed = TaggedOut<'dist', ReturnType<typeof variants>, ReturnType<typeof common>>;

function toDistSpec(d: Parsed, kind: DistKind, path: string, ctx: ParseContext): DistSpec {
  const spec = baseSpec(d, kind, path, ctx);
  if (d.shift !== undefined) spec.shift = d.shift;
  if (d.multiply !== undefined) spec.multiply = d.multiply;
  return spec;
}

function baseSpec(d: Parsed, kind: DistKind, path: string, ctx: ParseContext): DistSpec {
  switch (d.dist) {
    case 'constant': return { dist: 'constant', value: d.value };
    case 'exponential': return { dist: 'exponential', mean: d.mean };
    case 'lognormal': return { dist: 'lognormal', median: d.median, sigma: d.sigma };
    case 'normal': return { dist: 'normal', mean: d.mean, std: d.std };
    case 'gamma': return { dist: 'gamma', mean: d.mean, cv: d.cv };
    case 'pareto': return { dist: 'pareto', scale: d.scale, shape: d.shape };
    case 'uniform':
      if (d.max < d.min) fail(ctx, childPath(path, 'max'), `a ${kind} ≥ min (${showQuantity(kind, d.min)})`, showQuantity(kind, d.max));
      return { dist: 'uniform', min: d.min, max: d.max };
    case 'mixture': return { dist: 'mixture', of: d.of };
    case 'empirical': return { dist: 'empirical', samples: empiricalSamples(d, kind, path, ctx) };
  }
}

function empiricalSamples(d: Extract<Parsed, { dist: 'empirical' }>, kind: DistKind, path: string, ctx: ParseContext): number[] {
  const factor = unitFactors[kind][d.unit ?? defaultUnit[kind]] ?? 1;
  if (d.samples !== undefined) {
    if (d.file !== undefined || d.column !== undefined) fail(ctx, childPath(path, 'file'), 'either `samples` or `file` and `column`, not both', d.file ?? d.column);
    return d.samples.map((s) => (s.unitless ? s.value * factor : s.value));
  }
  if (d.file === undefined) fail(ctx, childPath(path, 'samples'), 'a list of samples, or `file` and `column` of a CSV', undefined);
  if (d.column === undefined) fail(ctx, childPath(path, 'column'), `the column of ${d.file} to read`, undefined);
  const values = ctx.csv.column(d.file, d.column, { file: childPath(path, 'file'), column: childPath(path, 'column') });
  if (values.length === 0) fail(ctx, childPath(path, 'file'), `a CSV file with at least one row of ${d.column}`, d.file);
  return values.map(({ value }) => value * factor);
}

const memo = new Map<string, Node<unknown>>();

/** A distribution of durations (ms) or sizes (bytes); published once in the schema's $defs. */
export function distribution(kind: DistKind): Node<DistSpec> {
  const key = `${kind}-distribution`;
  let node = memo.get(key) as Node<DistSpec> | undefined;
  if (!node) {
    node = named(key, () => mapped(taggedDistribution(kind, {}, true), (d, path, ctx) => toDistSpec(d, kind, path, ctx)));
    memo.set(key, node);
  }
  return node;
}

function weightedDistribution(kind: DistKind): Node<{ weight: number; spec: DistSpec }> {
  const key = `weighted-${kind}-distribution`;
  let node = memo.get(key) as Node<{ weight: number; spec: DistSpec }> | undefined;
  if (!node) {
    const weight = { weight: required(num({ above: 0 }), 'Relative weight of this component (> 0).') };
    node = named(key, () =>
      mapped(taggedDistribution(kind, weight, false), (d, path, ctx) => ({ weight: d.weight, spec: toDistSpec(d, kind, path, ctx) })),
    );
    memo.set(key, node);
  }
  return node;
}
