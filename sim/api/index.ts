/**
 * parm-sim as a library: what the CLI does, for Node and TypeScript programs and notebooks.
 *
 *   const scenario = loadScenario('my.yaml', { queries: 20_000 });   // or an object
 *   const results = await runScenario(scenario, { seeds: 5, workers: 2 });
 *   await writeResultsFolder('results/my', results);                 // summary.json, plots, report.html
 *   const gate = await checkScenarios({ scenarios: ['my.yaml'], baseline: 'baseline.json' });
 *
 * Every entry takes the CLI's options under the same names and throws the CLI's errors: bad input
 * is an InputError naming the file, the field, what was expected and what was found. Heavy modules
 * (the simulator, onnxruntime, vega) load on first use, so importing this costs little.
 */
import { InputError } from '../errors.js';
import { loadScenario as loadScenarioFile, parseScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import type { ResultsContent } from '../report/write-results.js';
import type { CheckReport } from '../check/check.js';
import type { ResultsFolder } from '../report/read-results.js';
import { modelsRoot } from '../predict/models-root.js';

export { InputError };
export { MODELS_ENV, modelsRoot } from '../predict/models-root.js';
export type { Scenario } from '../scenario/types.js';
export type { ResultsContent } from '../report/write-results.js';
export type { AggregateSummary, CdfPoint, ClaimResult, Estimate, ResultsFile, RunSummary, SweepPoint } from '../metrics/types.js';
export type { CheckReport, ScenarioCheck } from '../check/check.js';
export type { Tolerances } from '../check/tolerance.js';
export type { PlotFailure } from '../report/render-plots.js';
export type { ResultsFolder } from '../report/read-results.js';
export { hostsOf } from '../metrics/run-hosts.js';

// The model sets and their accuracy, as `parm-sim models` and `parm-sim accuracy` use them (loading
// a set loads onnxruntime; importing these does not).
export { listModelSets, loadModelSet, type ModelSet } from '../predict/model-set.js';
export { availableAccuracy, backupAccuracy, parityAccuracy, type ParityFigures } from '../predict/accuracy.js';
export { codingGroups } from '../predict/groups.js';
export { reconstructClasses } from '../predict/decode.js';
export type { ReconstructionRequest } from '../predict/decode-jobs.js';
export { encoderFor, IMAGE_SIZE, type EncoderName } from '../predict/encoders/index.js';

/** Overrides of the scenario's own values, as the CLI's --seed, --seeds, --queries and --set take them. */
export interface ScenarioOptions {
  seed?: number;
  seeds?: number;
  /** Measured queries per run. */
  queries?: number;
  /**
   * Values replaced in the scenario, by dotted path: `['arrivals.rate=300/s']` as on the command
   * line, or `{ 'arrivals.rate': '300/s' }`; applied in order.
   */
  set?: readonly string[] | Readonly<Record<string, string | number | boolean>>;
  /** A list set on a path that is not a list becomes a sweep over its values (what `parm-sim sweep` does). */
  sweepFromSet?: boolean;
}

/**
 * A validated, unit-normalised scenario, from a .yaml/.yml/.json file or from an object of the
 * same shape (`name` names it in error messages; relative CSV paths are read from the working
 * directory).
 */
export function loadScenario(source: string | Readonly<Record<string, unknown>>, options: ScenarioOptions = {}): Scenario {
  const overrides = { ...options, set: setList(options.set) };
  if (typeof source === 'string') return loadScenarioFile(source, overrides);
  const name = typeof source['name'] === 'string' ? source['name'] : 'scenario';
  return parseScenario(structuredClone(source), `${name} (object)`, overrides);
}

export interface RunOptions extends ScenarioOptions {
  /** Worker threads, each running one strategy at one run point at a time; default 1. */
  workers?: number;
  /** The folder holding the model sets; default $PARM_SIM_MODELS, else the models installed with parm-sim. */
  models?: string;
  /** Bytes the runs may use at once; runs that need more are refused before they start (default: 80% of this machine). */
  memory?: number;
  /** Keep one row per measured query (the results folder's queries.csv). */
  queriesCsv?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** A line for each strategy offered more load than it can serve, before anything runs. */
  onWarning?: (line: string) => void;
}

/**
 * Runs every strategy of a scenario at every sweep point and seed, with real predictions when it
 * names a model set. Options that override the scenario apply to a file or an object; a Scenario
 * already loaded is run as it is (give the overrides to loadScenario).
 */
export async function runScenario(scenario: Scenario | string | Readonly<Record<string, unknown>>, options: RunOptions = {}): Promise<ResultsContent> {
  const loaded = isScenario(scenario) ? refuseOverrides(scenario, options) : loadScenario(scenario, options);
  const { runExperiment } = await import('../experiment/experiment.js');
  return runExperiment(loaded, {
    workers: options.workers ?? 1,
    queries: options.queriesCsv ?? false,
    modelsRoot: modelsRoot(options.models),
    memoryLimit: options.memory,
    onProgress: options.onProgress,
    onWarning: options.onWarning,
  });
}

/**
 * Writes a results folder as `parm-sim run` does (summary.json, summary.csv, cdf.csv, the plots,
 * report.html), atomically: `dir` must be new, empty or an earlier results folder. Returns the
 * paths written (under `dir`) and the plots that could not be drawn (the rest is written all the same).
 */
export async function writeResultsFolder(dir: string, results: ResultsContent): Promise<{ written: string[]; failedPlots: { plot: string; reason: string }[] }> {
  const [{ checkOutputFolder }, { writeResults }] = await Promise.all([import('../report/staged-folder.js'), import('../report/write-results.js')]);
  await checkOutputFolder(dir);
  const failedPlots: { plot: string; reason: string }[] = [];
  const names = await writeResults(dir, results, failedPlots);
  return { written: names, failedPlots };
}

/**
 * Reads a results folder back (summary.json and cdf.csv), upgrading an older results version as
 * it reads (`upgradedFrom` then names the version on disk).
 */
export async function readResultsFolder(dir: string): Promise<ResultsFolder> {
  const { readResults } = await import('../report/read-results.js');
  return readResults(dir);
}

/** The run table the CLI prints after a run (per strategy and sweep point, means over seeds, claims). */
export async function describeRun(results: ResultsContent['results']): Promise<string> {
  const { describeResults } = await import('../cli/commands/experiment-command.js');
  return describeResults(results);
}

export interface CheckOptions extends Omit<ScenarioOptions, 'sweepFromSet'> {
  /** Scenario files. */
  scenarios: readonly string[];
  /** The baseline JSON file, keyed by scenario name. */
  baseline: string;
  /** Rewrite these scenarios' baseline entries from this run (others are kept). */
  update?: boolean;
  /** How much worse is allowed, as --tolerance takes it: '5%' or ['p999=15%', 'accuracy=0.01']. */
  tolerance?: string | readonly string[];
  workers?: number;
  models?: string;
  memory?: number;
  onWarning?: (line: string) => void;
}

/**
 * The CI gate (`parm-sim check`): runs the scenarios and compares p50, p99, p99.9 and accuracy
 * with the baseline. `passed` is false on a regression or a failed expect claim; `text` is what
 * the CLI prints.
 */
export async function checkScenarios(options: CheckOptions): Promise<CheckReport & { passed: boolean; text: string }> {
  const [{ parseTolerances }, { passed, runCheck }, { renderText }] = await Promise.all([
    import('../check/tolerance.js'),
    import('../check/check.js'),
    import('../cli/commands/check-report.js'),
  ]);
  const report = await runCheck({
    scenarios: options.scenarios,
    baseline: options.baseline,
    update: options.update ?? false,
    tolerances: parseTolerances(typeof options.tolerance === 'string' ? [options.tolerance] : options.tolerance ?? []),
    set: setList(options.set),
    seed: options.seed,
    seeds: options.seeds,
    queries: options.queries,
    workers: options.workers ?? 1,
    modelsRoot: modelsRoot(options.models),
    memoryLimit: options.memory,
    onWarning: options.onWarning,
  });
  return { ...report, passed: passed(report), text: renderText(report) };
}

/**
 * The vega-lite specs of the plots a results folder has (latency-cdf, tail-ccdf, percentiles,
 * sweep-p999 for sweeps), by name, with their data inlined: to show or adapt in a notebook.
 */
export async function plotSpecs(content: Pick<ResultsContent, 'results' | 'cdf'>): Promise<Record<string, Record<string, unknown>>> {
  const { plotSpecs: specsOf } = await import('../report/render-plots.js');
  return specsOf(content.results, content.cdf);
}

/** The colour encoding the plots give the strategies of these results, for a chart of one's own that matches them. */
export async function strategyColours(results: ResultsContent['results']): Promise<Record<string, unknown>> {
  const { colourEncoding, plotContext } = await import('../report/plots/plot-context.js');
  return colourEncoding(plotContext(results, []));
}

/**
 * A vega-lite spec drawn as the results folder's plots are (the project's theme, the bundled
 * DejaVu fonts, no browser): SVG text, or PNG bytes.
 */
export async function renderChart(spec: Readonly<Record<string, unknown>>, format: 'svg' | 'png' = 'png'): Promise<string | Buffer> {
  const { completeSpec, renderPng, renderSvg } = await import('../report/plots/render-spec.js');
  const svg = await renderSvg(completeSpec({ ...spec }));
  return format === 'svg' ? svg : await renderPng(svg);
}

function setList(set: ScenarioOptions['set']): string[] {
  if (set === undefined) return [];
  if (isStringList(set)) return [...set];
  return Object.entries(set).map(([path, value]) => `${path}=${String(value)}`);
}

function isStringList(set: NonNullable<ScenarioOptions['set']>): set is readonly string[] {
  return Array.isArray(set);
}

/** A Scenario is what loadScenario returned: it carries its normalised world. */
function isScenario(value: unknown): value is Scenario {
  return typeof value === 'object' && value !== null && 'world' in value && 'strategies' in value && 'sweep' in value;
}

function refuseOverrides(scenario: Scenario, options: ScenarioOptions): Scenario {
  const given = (['seed', 'seeds', 'queries', 'set', 'sweepFromSet'] as const).filter((key) => options[key] !== undefined);
  if (given.length > 0) {
    throw new InputError(scenario.file ?? scenario.name, given.join(', '), 'overrides given to loadScenario, which validates them', 'overrides for a scenario already loaded', 'pass a file or an object to runScenario, or give the overrides to loadScenario');
  }
  return scenario;
}
