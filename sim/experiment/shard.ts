/**
 * Static sharding of a scenario's run points, for running one sweep on many machines.
 *
 * A run point (one sweep point × one seed, every strategy) is a pure function of the scenario,
 * the point and the seed, so a sweep splits by index with no coordination: shard I of N runs the
 * points whose index i satisfies i mod N = I, in expandScenario's order — sweep points as the
 * cartesian product of the sweep's paths in the order written (the first path varies slowest),
 * and within each point the seeds seed … seed+seeds−1. All strategies of a point stay together:
 * they share one physical cluster and its random streams.
 *
 * Each shard is identified by the scenario's content hash: a SHA-256 of every run point's fully
 * validated scenario (CSV profiles and traces included, as read), so shards run from different
 * files, overrides or seeds never merge.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import type { RunPoint } from '../scenario/types.js';
import type { PointResult } from './run-point.js';
import type { ResultsSource } from './experiment.js';

export interface ShardSpec { index: number; count: number }

/** Environment variables that carry an array job's index, in the order `auto` looks at them. */
export const SHARD_INDEX_VARIABLES = ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX'] as const;

const EXPECTED = 'I/N with 0 ≤ I < N (e.g. 0/3), or auto/N to read I from ' + SHARD_INDEX_VARIABLES.join(', ');

/** Parses `--shard I/N` or `--shard auto/N` (I from the batch engine's environment). */
export function parseShard(text: string, env: Readonly<Record<string, string | undefined>> = process.env): ShardSpec {
  const field = '--shard';
  const match = /^\s*(auto|\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new InputError('command line', field, EXPECTED, JSON.stringify(text));
  const count = Number(match[2]);
  if (!Number.isSafeInteger(count) || count < 1) throw new InputError('command line', field, `${EXPECTED}; N at least 1`, JSON.stringify(text));
  let index: number;
  let from = `--shard ${text}`;
  if (match[1] === 'auto') {
    const name = SHARD_INDEX_VARIABLES.find((v) => env[v] !== undefined && env[v] !== '');
    if (name === undefined) {
      throw new InputError('command line', field, `one of ${SHARD_INDEX_VARIABLES.join(', ')} set for auto/${count}`, 'none of them set', 'give the index yourself: --shard I/N');
    }
    const value = env[name]!;
    if (!/^\d+$/.test(value.trim())) throw new InputError(`environment variable ${name}`, '', 'a shard index (a whole number)', JSON.stringify(value));
    index = Number(value);
    from = `${name}=${value}`;
  } else {
    index = Number(match[1]);
  }
  if (index >= count) {
    throw new InputError('command line', field, `a shard index below ${count} (shards are numbered 0 … ${count - 1})`, `${index} (from ${from})`, 'for Slurm: sbatch --array=0-' + (count - 1));
  }
  return { index, count };
}

/** The indices of the run points shard `spec` runs, of `total` (ascending). */
export function shardIndices(total: number, spec: ShardSpec): number[] {
  const out: number[] = [];
  for (let i = spec.index; i < total; i += spec.count) out.push(i);
  return out;
}

/** The scenario's content hash: SHA-256 (hex) of every run point's validated scenario, in order. */
export function scenarioHash(points: readonly RunPoint[]): string {
  const hash = createHash('sha256');
  for (const p of points) hash.update(`${canonicalJson({ point: p.point, seed: p.seed, scenario: p.scenario })}\n`);
  return hash.digest('hex');
}

/**
 * JSON that keeps what plain JSON loses: non-finite numbers and −0 (`{"$number": "Infinity"}`),
 * Maps (`{"$map": [[k, v], …]}`) and typed arrays (`{"$typed": "Float64Array", "values": […]}`).
 * Used for hashing scenarios and for the numbers of shard files, so a merged summary is computed
 * from exactly the numbers the shard computed.
 */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    // JSON.stringify hands the replacer a Map/typed array's toJSON result; read the original from the holder.
    const original = (this as Record<string, unknown>)[key];
    if (typeof original === 'number' && (!Number.isFinite(original) || Object.is(original, -0))) return { $number: Object.is(original, -0) ? '-0' : String(original) };
    if (original instanceof Map) return { $map: [...original.entries()] };
    if (ArrayBuffer.isView(original) && !(original instanceof DataView)) return { $typed: original.constructor.name, values: Array.from(original as unknown as ArrayLike<number>) };
    return v;
  }, indent);
}

/** Reads canonicalJson's numbers back (Maps and typed arrays are for hashing only and stay as written). */
export function parseCanonicalJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const tag = (v as Record<string, unknown>).$number;
      if (keys.length === 1 && typeof tag === 'string' && ['NaN', 'Infinity', '-Infinity', '-0'].includes(tag)) return Number(tag);
    }
    return v;
  });
}

export const SHARD_FORMAT = 'parm-sim shard';
export const SHARD_VERSION = 1;

/** A shard file's content: what `merge` needs to assemble the results folder the unsharded run writes. */
export interface ShardFile {
  format: typeof SHARD_FORMAT;
  shard_version: number;
  generator: string;
  results_version: number;
  scenario_hash: string;
  /** What assembling the results needs of the scenario (its header in summary.json, labels, claims). */
  scenario: Omit<ResultsSource, 'strategies'> & { strategies: string[] };
  shard: ShardSpec;
  /** How many run points the whole scenario has. */
  points: number;
  results: ({ point: number } & PointResult)[];
}

/** The file name of a shard: the scenario's name, its content hash (16 hex digits) and the shard. */
export function shardFileName(shard: Pick<ShardFile, 'scenario' | 'scenario_hash' | 'shard'>): string {
  const { index, count } = shard.shard;
  return `${shard.scenario.name}.${shard.scenario_hash.slice(0, 16)}.shard-${index}-of-${count}.json`;
}

/** The part of a scenario a shard keeps. */
export function shardScenario(s: ResultsSource): ShardFile['scenario'] {
  return {
    name: s.name,
    file: s.file,
    seed: s.seed,
    seeds: s.seeds,
    models: s.models,
    sweep: s.sweep,
    expect: [...s.expect],
    world: { queries: s.world.queries, warmup: s.world.warmup },
    strategies: s.strategies.map((x) => x.label),
  };
}
