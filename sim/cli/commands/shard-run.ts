import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { loadScenario } from '../../scenario/load.js';
import { parseShard } from '../../experiment/shard.js';
import { writeShardFile } from '../../experiment/shard-file.js';
import { progressBar } from './progress.js';
import { readRunOptions, type RunArgs } from './options.js';

export interface ShardRunArgs extends RunArgs {
  scenario: string;
  shard: string;
  out?: string;
  json?: boolean;
  'queries-csv'?: boolean;
}

/**
 * `run/sweep SCENARIO --shard I/N`: runs the points i with i mod N = I (expandScenario's order)
 * and writes one shard file, nothing else; `parm-sim merge` makes the results folder from all N.
 */
export async function runShardCommand(args: ShardRunArgs, sweepFromSet: boolean): Promise<void> {
  const spec = parseShard(args.shard);
  if (args['queries-csv']) throw new InputError('command line', '--queries-csv', 'no --queries-csv with --shard (shard files keep summaries, not queries)', '--queries-csv');
  if (args.json) throw new InputError('command line', '--json', 'no --json with --shard (the shard file is the output; merge prints the summary)', '--json');
  const { set, seed, seeds, queries, workers } = readRunOptions(args);
  const scenario = loadScenario(args.scenario, { set, seed, seeds, queries, sweepFromSet });
  const out = args.out ?? join('results', `${scenario.name}-shards`);
  const { runShard } = await import('../../experiment/sharded.js');
  const progress = progressBar(`${scenario.name} ${spec.index}/${spec.count}`, true);
  const started = performance.now();
  const shard = await runShard(scenario, spec, { workers, onProgress: progress.update });
  progress.end();
  const path = await writeShardFile(out, shard);
  const seconds = (performance.now() - started) / 1000;
  const points = shard.results.map((r) => r.point);
  process.stdout.write(`shard ${spec.index}/${spec.count}: ${points.length} of ${shard.points} run points (${points.join(', ') || 'none'}) in ${seconds.toFixed(1)} s; wrote ${path}\n`);
}
