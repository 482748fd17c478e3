/**
 * A sweep across machines: each shard runs its share of the run points (shard.ts) and writes a
 * shard file; merging the shards assembles the results folder the unsharded run writes, with the
 * very same code (assembleResults) from the very same numbers.
 */
import { InputError } from '../errors.js';
import { RESULTS_VERSION } from '../metrics/types.js';
import { expandScenario } from '../scenario/expand.js';
import type { Scenario } from '../scenario/types.js';
import type { ResultsContent } from '../report/write-results.js';
import { assembleResults, GENERATOR, runPoints, type ExperimentOptions } from './experiment.js';
import type { PointResult } from './run-point.js';
import { SHARD_FORMAT, SHARD_VERSION, scenarioHash, shardIndices, shardScenario, type ShardFile, type ShardSpec } from './shard.js';

/** Runs shard `spec` of the scenario's run points and returns the shard file's content. */
export async function runShard(scenario: Scenario, spec: ShardSpec, options: Omit<ExperimentOptions, 'queries'> = {}): Promise<ShardFile> {
  const points = expandScenario(scenario);
  const only = shardIndices(points.length, spec);
  const results = only.length === 0 ? [] : await runPoints(scenario, { ...options, only });
  return {
    format: SHARD_FORMAT,
    shard_version: SHARD_VERSION,
    generator: GENERATOR,
    results_version: RESULTS_VERSION,
    scenario_hash: scenarioHash(points),
    scenario: shardScenario(scenario),
    shard: spec,
    points: points.length,
    results: results.map((r, i) => ({ point: only[i]!, runs: r.runs, cdf: r.cdf })),
  };
}

export interface NamedShard { file: string; shard: ShardFile }

/**
 * Checks that the shards are all N shards of one scenario run by this version, each once, and
 * assembles the results. Refuses, with one InputError, shards of different versions, scenarios,
 * seeds or splits, a shard given twice, and missing shards (naming their indices).
 */
export function mergeShards(shards: readonly NamedShard[]): ResultsContent {
  const first = shards[0];
  if (first === undefined) throw new InputError('merge', '', 'at least one shard file', 'none');
  const seeds = (s: ShardFile) => (s.scenario.seeds === 1 ? `seed ${s.scenario.seed}` : `seeds ${s.scenario.seed}–${s.scenario.seed + s.scenario.seeds - 1}`);
  const like = ` (as in ${first.file})`;
  for (const { file, shard } of shards) {
    if (shard.generator !== first.shard.generator || shard.shard_version !== first.shard.shard_version || shard.results_version !== first.shard.results_version) {
      throw new InputError(file, 'generator', `a shard made by ${first.shard.generator}${like}: shards of different versions do not merge`, JSON.stringify(shard.generator));
    }
    if (shard.scenario.name !== first.shard.scenario.name) {
      throw new InputError(file, 'scenario.name', `a shard of scenario ${JSON.stringify(first.shard.scenario.name)}${like}: shards of different scenarios do not merge`, JSON.stringify(shard.scenario.name));
    }
    if (shard.scenario.seed !== first.shard.scenario.seed || shard.scenario.seeds !== first.shard.scenario.seeds) {
      throw new InputError(file, 'scenario.seeds', `a shard run with ${seeds(first.shard)}${like}: shards of different seeds do not merge`, seeds(shard));
    }
    if (shard.scenario_hash !== first.shard.scenario_hash || shard.points !== first.shard.points) {
      throw new InputError(file, 'scenario_hash', `a shard of the same scenario content ${first.shard.scenario_hash.slice(0, 16)}${like}: same name, but another file, --set or --queries`, shard.scenario_hash.slice(0, 16));
    }
    if (shard.shard.count !== first.shard.shard.count) {
      throw new InputError(file, 'shard', `one of ${first.shard.shard.count} shards${like}: shards of different splits do not merge`, `shard ${shard.shard.index}/${shard.shard.count}`);
    }
  }
  if (first.shard.generator !== GENERATOR || first.shard.results_version !== RESULTS_VERSION || first.shard.shard_version !== SHARD_VERSION) {
    throw new InputError(first.file, 'generator', `a shard made by ${GENERATOR} (this merge), shard format ${SHARD_VERSION}`, `${first.shard.generator}, shard format ${first.shard.shard_version}`, 'merge with the parm-sim that ran the shards');
  }
  const count = first.shard.shard.count;
  const byIndex = new Map<number, NamedShard>();
  for (const s of shards) {
    const index = s.shard.shard.index;
    const seen = byIndex.get(index);
    if (seen) throw new InputError(s.file, 'shard', `each shard once`, `shard ${index}/${count} again (also ${seen.file})`);
    if (index < 0 || index >= count) throw new InputError(s.file, 'shard.index', `an index below ${count}`, String(index));
    byIndex.set(index, s);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new InputError('merge', '', `all ${count} shards of ${first.shard.scenario.name} (${first.shard.scenario_hash.slice(0, 16)})`, `${byIndex.size}: missing shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
  const total = first.shard.points;
  const results: PointResult[] = new Array(total);
  for (const { file, shard } of byIndex.values()) {
    const expected = shardIndices(total, shard.shard);
    const got = shard.results.map((r) => r.point);
    if (got.join(',') !== expected.join(',')) {
      throw new InputError(file, 'results', `run points ${expected.join(', ') || '(none)'} for shard ${shard.shard.index}/${count}`, got.join(', ') || '(none)');
    }
    for (const r of shard.results) results[r.point] = { runs: r.runs, cdf: r.cdf };
  }
  const s = first.shard.scenario;
  return assembleResults({ ...s, strategies: s.strategies.map((label) => ({ label })) }, results);
}
