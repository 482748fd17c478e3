/**
 * A distribution as data. Values are plain numbers in whatever unit the caller chose
 * (the scenario layer normalises times to milliseconds and sizes to bytes before they get here).
 * Any variant may carry `shift` and `multiply`: the sample is `shift + multiply * x`.
 */
export type DistSpec = (
  | { dist: 'constant'; value: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'uniform'; min: number; max: number }
  /** Normal truncated at 0 (resampled until non-negative). */
  | { dist: 'normal'; mean: number; std: number }
  | { dist: 'lognormal'; median: number; sigma: number }
  /** Gamma given by its mean and coefficient of variation (shape = 1/cv²). */
  | { dist: 'gamma'; mean: number; cv: number }
  /** Pareto type I: P(X > x) = (scale/x)^shape for x ≥ scale. */
  | { dist: 'pareto'; scale: number; shape: number }
  /** Resamples the given values uniformly (the scenario layer reads `file`/`column` into `samples`). */
  | { dist: 'empirical'; samples: readonly number[] }
  | { dist: 'mixture'; of: readonly { weight: number; spec: DistSpec }[] }
) & { shift?: number; multiply?: number };
