import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { InputError } from '../../errors.js';
import type { ResultsFile } from '../../metrics/types.js';
import { experimentOptions, type ExperimentArgs } from './experiment-options.js';
import { modelsRoot, readRunOptions } from './options.js';
import { progressBar } from './progress.js';
import { fixed, textTable } from './table.js';
import { listing } from './listing.js';

export type EmulateArgs = ExperimentArgs;

/** Options of `emulate` and `validate`: a scenario's, without worker threads (one testbed runs one run at a time). */
export function emulateOptions(yargs: Argv<object>): Argv<EmulateArgs> {
  return experimentOptions(yargs, null);
}

/** Refuses what `run` offers and an emulation cannot do, rather than ignoring it. */
export function refuseSimulatorOnly(args: EmulateArgs, command: string): void {
  if (args.shard !== undefined) throw new InputError('command line', '--shard', `no --shard with ${command} (the emulated cluster runs every point on this machine)`, args.shard);
  if (args['queries-csv']) throw new InputError('command line', '--queries-csv', `no --queries-csv with ${command} (its timeline.csv has a row per query)`, '--queries-csv');
}

/** `parm-sim emulate SCENARIO`: the same strategies on a real emulated cluster; the same results folder as `run`. */
export const emulateCommand: CommandModule<object, EmulateArgs> = {
  ...listing.emulate,
  builder: (yargs: Argv<object>) =>
    emulateOptions(yargs)
      .example('$0 emulate scenarios/testbed/no-stragglers.yaml', 'results/testbed-no-stragglers/ from a real run')
      .example('$0 emulate scenarios/testbed/shuffles-shallow.yaml --queries 1000', 'a shorter run')
      .example('$0 emulate scenarios/testbed/coded.yaml', 'Berrut (coded, systematic), collage and ParM r = 2: instances run the deployed model on coded images, the collage classifier, both parity models'),
  handler: async (args) => {
    refuseSimulatorOnly(args, 'emulate');
    const { set, seed, seeds, queries } = readRunOptions(args);
    const [{ loadScenario }, { checkOutputFolder }] = await Promise.all([import('../../scenario/load.js'), import('../../report/staged-folder.js')]);
    const scenario = loadScenario(args.scenario, { set, seed, seeds, queries, sweepFromSet: false });
    const out = args.out ?? join('results', scenario.name);
    await checkOutputFolder(out);
    const { runEmulation } = await import('../../emulate/experiment.js');
    const { reportResults } = await import('./experiment-command.js');
    const progress = progressBar(`${scenario.name} (emulated)`, !args.json);
    const started = performance.now();
    const content = await runEmulation(scenario, { modelsRoot: modelsRoot(args.models), onProgress: progress.update });
    progress.end();
    await reportResults(content, out, args.json ?? false, started, describeEmulation(content.results));
  },
};

/** What only a real run shows, per run: stalls by direction, TCP's own counts, freezes, lateness. */
export function describeEmulation(results: ResultsFile): string {
  const rows = [['strategy', 'seed', 'stalled', 'stalled req.', 'stalled resp.', 'RTOs fe/inst', 'retrans. fe/inst', 'in a freeze', 'pad late p99 ms']];
  for (const r of results.runs) {
    const e = r.emulation;
    if (!e) continue;
    const pct = (x: number) => `${fixed(100 * x, 2)}%`;
    rows.push([r.strategy, String(r.seed), pct(e.stalled), pct(e.stalled_requests), pct(e.stalled_responses), `${e.tcp.timeouts}/${e.tcp_instances.timeouts}`, `${e.tcp.retransmitted_segments}/${e.tcp_instances.retransmitted_segments}`, String(e.frozen_queries), fixed(e.pad_lateness_ms.p99, 2)]);
  }
  const canary = (results.testbed?.canary ?? {}) as { freezes?: number; freeze_ms?: number };
  return `\nemulated cluster (${String(results.testbed?.hosts ?? '')}); the machine froze ${canary.freezes ?? 0} times for ${fixed(canary.freeze_ms ?? 0, 0)} ms in all:\n${textTable(rows)}`;
}
