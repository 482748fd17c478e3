import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { ValidationFile } from '../../emulate/validate.js';
import { describeEmulation, emulateOptions, refuseSimulatorOnly, type EmulateArgs } from './emulate.js';
import { modelsRoot, readRunOptions } from './options.js';
import { progressBar } from './progress.js';
import { fixed, textTable } from './table.js';
import { listing } from './listing.js';

/** `parm-sim validate SCENARIO`: the simulator against the emulated cluster, metric by metric. */
export const validateCommand: CommandModule<object, EmulateArgs> = {
  ...listing.validate,
  builder: (yargs: Argv<object>) =>
    emulateOptions(yargs)
      .example('$0 validate scenarios/testbed/no-stragglers.yaml', 'how far the simulator is from a real cluster here')
      .example('$0 validate scenarios/testbed/no-stragglers.yaml --seeds 3 --json', 'with the emulation\'s spread across seeds, as JSON'),
  handler: async (args) => {
    refuseSimulatorOnly(args, 'validate');
    const { set, seed, seeds, queries } = readRunOptions(args);
    const [{ loadScenario }, { checkOutputFolder }] = await Promise.all([import('../../scenario/load.js'), import('../../report/staged-folder.js')]);
    const scenario = loadScenario(args.scenario, { set, seed, seeds, queries, sweepFromSet: false });
    const out = args.out ?? join('results', `${scenario.name}-validation`);
    await checkOutputFolder(out);
    const { validate } = await import('../../emulate/validate.js');
    const { validationCcdfPlot } = await import('../../report/plots/validation-ccdf.js');
    const { completeSpec, renderPng, renderSvg } = await import('../../report/plots/render-spec.js');
    const { writeResults } = await import('../../report/write-results.js');
    const progress = progressBar(`${scenario.name} (emulated)`, !args.json);
    const started = performance.now();
    const { emulated, validation, overlay } = await validate(scenario, { modelsRoot: modelsRoot(args.models), onProgress: progress.update });
    progress.end();
    const plot = validationCcdfPlot(scenario.name, overlay, new Map(scenario.strategies.map((s) => [s.label, s.kind])));
    const spec = completeSpec(plot.spec);
    const svg = await renderSvg(spec);
    emulated.extra = {
      ...emulated.extra,
      'validation.json': `${JSON.stringify(validation, null, 2)}\n`,
      [`${plot.name}.vl.json`]: `${JSON.stringify(spec)}\n`,
      [`${plot.name}.svg`]: svg,
      [`${plot.name}.png`]: await renderPng(svg),
    };
    await writeResults(out, emulated);
    if (args.json) {
      process.stdout.write(`${JSON.stringify(validation, null, 2)}\n`);
      return;
    }
    process.stdout.write(describeValidation(validation));
    process.stdout.write(describeEmulation(emulated.results));
    process.stdout.write(`\nvalidated in ${((performance.now() - started) / 1000).toFixed(1)} s; wrote ${out}/ (open ${join(out, `${plot.name}.png`)})\n`);
  },
};

const metricNames = { p50: 'p50 ms', p90: 'p90 ms', p99: 'p99 ms', p999: 'p99.9 ms', stalled: 'stalled' } as const;

/** One row per strategy and metric: simulated, emulated, relative error, and the emulation's range across seeds. */
export function describeValidation(v: ValidationFile): string {
  const swept = v.rows.some((r) => r.sweep !== '');
  const rows = [['strategy', ...(swept ? ['sweep'] : []), 'metric', 'simulated', 'emulated', 'error', `emulated range (${v.seeds.length} seed${v.seeds.length > 1 ? 's' : ''})`]];
  for (const r of v.rows) {
    const show = (x: number | null) => (r.metric === 'stalled' ? (x === null ? '-' : `${fixed(100 * x, 2)}%`) : fixed(x, 2));
    rows.push([
      r.strategy, ...(swept ? [r.sweep] : []), metricNames[r.metric], show(r.simulated), show(r.emulated),
      r.relative_error === null ? '-' : `${r.relative_error >= 0 ? '+' : ''}${fixed(100 * r.relative_error, 1)}%`,
      r.emulated_range ? `${show(r.emulated_range[0])} … ${show(r.emulated_range[1])}` : '-',
    ]);
  }
  return textTable(rows) + describeSituations(v, swept);
}

/** With shuffles: the stalled share again, by where the answering host stood with them (seeds pooled). */
function describeSituations(v: ValidationFile, swept: boolean): string {
  if (v.situations.length === 0) return '';
  const share = ({ queries, stalled }: { queries: number; stalled: number }) => (queries === 0 ? '-' : `${fixed((100 * stalled) / queries, 2)}% of ${queries}`);
  const rows = [['strategy', ...(swept ? ['sweep'] : []), 'answering host at arrival', 'stalled, simulated', 'emulated']];
  for (const r of v.situations) rows.push([r.strategy, ...(swept ? [r.sweep] : []), r.situation, share(r.simulated), share(r.emulated)]);
  return `\nstalled by where the answering host stood with the shuffles (seeds pooled; queries answered by a host):\n${textTable(rows)}`;
}
