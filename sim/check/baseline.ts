import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { describeValue, InputError } from '../errors.js';
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

type Json = unknown;

function validate(raw: Json, file: string): Baseline {
  const bad = (field: string, expected: string, found: Json): never => {
    throw new InputError(file, field, expected, describeValue(found), 'restore it from version control, or rebuild it with --update');
  };
  const record = (v: Json, field: string, expected: string): Record<string, Json> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, Json>) : bad(field, expected, v);
  const numberOrNull = (v: Json, field: string): number | null => (v === null || (typeof v === 'number' && Number.isFinite(v)) ? v : bad(field, 'a number or null', v));

  const top = record(raw, '', 'a baseline (an object with version, generator, scenarios)');
  if (top.version !== BASELINE_VERSION) {
    bad('version', `${BASELINE_VERSION} (the baseline format this parm-sim reads)`, top.version);
  }
  const scenarios: Record<string, ScenarioRecord> = {};
  for (const [name, s] of Object.entries(record(top.scenarios, 'scenarios', 'an object of scenario name → results'))) {
    const at = `scenarios.${name}`;
    const sc = record(s, at, 'a scenario record (file, seeds, queries, models, strategies)');
    const seeds = Array.isArray(sc.seeds) && sc.seeds.length > 0 && sc.seeds.every((x) => Number.isInteger(x)) ? (sc.seeds as number[]) : bad(`${at}.seeds`, 'a non-empty list of integer seeds', sc.seeds);
    const queries = Number.isInteger(sc.queries) && (sc.queries as number) > 0 ? (sc.queries as number) : bad(`${at}.queries`, 'a positive integer', sc.queries);
    const strategies: Record<string, StrategyRecord> = {};
    for (const [label, st] of Object.entries(record(sc.strategies, `${at}.strategies`, 'an object of strategy label → sweep point → metrics'))) {
      const points: StrategyRecord = (strategies[label] = {});
      for (const [key, pt] of Object.entries(record(st, `${at}.strategies.${label}`, 'an object of sweep point → metrics'))) {
        const metrics: Partial<Record<GatedMetric, MetricRecord>> = (points[key] = {});
        for (const [metric, m] of Object.entries(record(pt, `${at}.strategies.${label}.${key}`, `an object of metric (${gatedMetrics.join(', ')}) → values`))) {
          const field = `${at}.strategies.${label}.${key}.${metric}`;
          if (!(gatedMetrics as readonly string[]).includes(metric)) bad(field, `a metric (${gatedMetrics.join(', ')})`, metric);
          const mr = record(m, field, 'an object with mean and values');
          const values = Array.isArray(mr.values) && mr.values.length === seeds.length ? mr.values.map((v, i) => numberOrNull(v, `${field}.values[${i}]`)) : bad(`${field}.values`, `a list of ${seeds.length} values (one per seed)`, mr.values);
          metrics[metric as GatedMetric] = { mean: numberOrNull(mr.mean, `${field}.mean`), values };
        }
      }
    }
    const models = sc.models === null || typeof sc.models === 'string' ? sc.models : bad(`${at}.models`, 'a model set name or null', sc.models);
    const sourceFile = sc.file === null || typeof sc.file === 'string' ? sc.file : bad(`${at}.file`, 'a path or null', sc.file);
    scenarios[name] = { file: sourceFile, seeds, queries, models, strategies };
  }
  return { version: BASELINE_VERSION, generator: typeof top.generator === 'string' ? top.generator : 'unknown', scenarios };
}
