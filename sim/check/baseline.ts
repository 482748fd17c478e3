import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { childPath, fail, mapped, nullable, parseInput } from '../input/core.js';
import { list, openObject, optional, record, required } from '../input/composites.js';
import { formatVersion, int, namedChoice, num, str } from '../input/scalars.js';
import type { ResultsFile, SweepPoint } from '../metrics/types.js';
import { sweepLabel } from '../metrics/sweep-label.js';
import { gatedMetrics, metricValue, type GatedMetric } from './metrics.js';

/**
 * The committed baseline the gate compares against (scenarios/ci/baseline.json for this project).
 * Keyed by scenario name → strategy label → sweep point → metric, each with the per-seed values
 * (in the order of `seeds`) and their mean, so a later check can test across seeds and a reader
 * of the diff sees what moved. Versioned: bump BASELINE_VERSION on any incompatible change.
 */
export const BASELINE_VERSION = 1;

export interface MetricRecord {
  /** Mean across seeds; null when a seed's value is null (a percentile beyond the answered queries). */
  mean: number | null;
  values: (number | null)[];
}
/** Sweep point label ("-" without a sweep, else e.g. "arrivals.rate=270/s") → metric → record. */
export type StrategyRecord = Record<string, Partial<Record<GatedMetric, MetricRecord>>>;

export interface ScenarioRecord {
  file: string | null;
  seeds: number[];
  queries: number;
  models: string | null;
  strategies: Record<string, StrategyRecord>;
}

export interface Baseline {
  version: number;
  generator: string;
  scenarios: Record<string, ScenarioRecord>;
}

/** The key of a sweep point in a baseline: its label, or "-" for a scenario without a sweep. */
export function pointKey(point: SweepPoint): string {
  return sweepLabel(point) || '-';
}

/** What the baseline keeps of one scenario's results. */
export function recordResults(results: ResultsFile): ScenarioRecord {
  const seeds = [...new Set(results.runs.map((r) => r.seed))].sort((a, b) => a - b);
  const strategies: Record<string, StrategyRecord> = {};
  for (const run of results.runs) {
    const point = ((strategies[run.strategy] ??= {})[pointKey(run.sweep)] ??= {});
    for (const metric of gatedMetrics) {
      const value = metricValue(run, metric);
      if (value === undefined) continue;
      const record = (point[metric] ??= { mean: null, values: seeds.map(() => null) });
      record.values[seeds.indexOf(run.seed)] = value;
    }
  }
  for (const point of Object.values(strategies).flatMap((s) => Object.values(s))) {
    for (const record of Object.values(point)) record.mean = meanOf(record.values);
  }
  return { file: results.scenario.file, seeds, queries: results.scenario.queries, models: results.scenario.models, strategies };
}

export function meanOf(values: readonly (number | null)[]): number | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  return (values as number[]).reduce((s, v) => s + v, 0) / values.length;
}

/** Reads and validates a baseline file; InputError naming the field for anything malformed. */
export function readBaseline(file: string): Baseline {
  if (!existsSync(file)) throw new InputError(file, '', 'a baseline file', 'no such file', 'create it with --update');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(file, '', 'a baseline file (JSON)', `invalid JSON (${(err as Error).message})`, 'restore it from version control, or rebuild it with --update');
  }
  return validate(raw, file);
}

/** Writes the baseline through a temporary file and a rename, so a reader never sees half of it. */
export function writeBaseline(file: string, baseline: Baseline): void {
  const temp = `${file}.partial-${process.pid}`;
  try {
    writeFileSync(temp, `${formatJson(baseline)}\n`);
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/**
 * Indented JSON with every list of numbers and every object of plain values on one line: a
 * metric is one line, so a reviewer of a baseline update reads one changed line per metric.
 */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .replace(/\[\n\s*([^[\]{}]*?)\n\s*\]/g, (_, inner: string) => `[${inner.split(/,\n\s*/).join(', ')}]`)
    .replace(/\{\n\s*([^{}\n]*(?:\n\s*[^{}\n]*)*?)\n\s*\}/g, (_, inner: string) => `{ ${inner.split(/,\n\s*/).join(', ')} }`);
}

const REPAIR = 'restore it from version control, or rebuild it with --update';

const metricRecord = openObject({
  mean: required(nullable(num()), 'Mean across seeds; null when a seed had no value.'),
  values: required(list(nullable(num())), 'Per-seed values, in the order of `seeds`.'),
}, 'a metric record (mean, values)');

/** Strategy label → sweep point → metric → record. */
const strategyRecords = record(
  record(
    record(metricRecord, `an object of metric (${gatedMetrics.join(', ')}) → values`, namedChoice('a metric', gatedMetrics)),
    'an object of sweep point → metrics',
  ),
  'an object of strategy label → sweep point → metrics',
);

/** Each metric has one value per seed: the one rule between fields. */
const scenarioRecord = mapped(openObject({
  file: required(nullable(str({ meaning: 'a path' })), 'The scenario file, as given to the check.'),
  seeds: required(list(int(), 1, 'integer seeds'), 'The seeds, in the order of every `values`.'),
  queries: required(int(1), 'Queries per run.'),
  models: required(nullable(str({ meaning: 'a model set name' })), 'The model set, or null for latency only.'),
  strategies: required(strategyRecords, 'The gated metrics.'),
}, 'a scenario record (file, seeds, queries, models, strategies)'), (scenario, path, ctx): ScenarioRecord => {
  for (const [label, points] of Object.entries(scenario.strategies)) {
    for (const [key, metrics] of Object.entries(points)) {
      for (const [metric, { values }] of Object.entries(metrics)) {
        const at = ['strategies', label, key, metric, 'values'].reduce(childPath, path);
        if (values.length !== scenario.seeds.length) fail(ctx, at, `a list of ${scenario.seeds.length} values (one per seed)`, values);
      }
    }
  }
  return { ...scenario, strategies: scenario.strategies as Record<string, StrategyRecord> };
});

const baselineFormat = openObject({
  version: required(formatVersion([BASELINE_VERSION], `${BASELINE_VERSION} (the baseline format this parm-sim reads)`), 'The baseline format.'),
  generator: optional(str(), 'What wrote it.'),
  scenarios: required(record(scenarioRecord, 'an object of scenario name → results'), 'Scenario name → its record.'),
}, 'a baseline: version, generator, scenarios');

function validate(raw: unknown, file: string): Baseline {
  const top = parseInput(baselineFormat, raw, file, REPAIR);
  return { version: BASELINE_VERSION, generator: top.generator ?? 'unknown', scenarios: top.scenarios };
}
