import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { parseInput } from '../input/core.js';
import { anyObject, list, openObject, required } from '../input/composites.js';
import { anything, formatVersion, num, str } from '../input/scalars.js';
import { RESULTS_VERSION, type CdfPoint, type ClaimResult, type ResultsFile, type RunSummary } from '../metrics/types.js';
import { aggregateRuns } from '../metrics/summarise.js';
import { statisticsNote } from '../metrics/confidence.js';
import { parseCdfCsv } from './cdf-csv.js';

/** `upgradedFrom`: the version on disk, when it was an older one read into this build's form (see upgradeResults). */
export interface ResultsFolder { results: ResultsFile; cdf: CdfPoint[]; upgradedFrom?: number }

/** The older results versions this build reads, upgrading them as it reads (upgradeResults). */
export const UPGRADABLE_VERSIONS: readonly number[] = [1];

const what = 'a parm-sim results folder (summary.json and cdf.csv)';

/**
 * Reads a results folder back (for re-plotting, notebooks and checks). The version must be this
 * build's, or one it knows how to upgrade (UPGRADABLE_VERSIONS): any other is refused, since
 * guessing at an unknown layout is worse than regenerating it. Checks the structure the report
 * relies on, so a foreign JSON file fails here with its field named, not later in a plot.
 */
export async function readResults(dir: string): Promise<ResultsFolder> {
  const folder = await stat(dir).catch(() => null);
  if (folder === null) throw new InputError(dir, '', what, 'nothing there');
  if (!folder.isDirectory()) throw new InputError(dir, '', what, 'a file');
  const summaryFile = join(dir, 'summary.json');
  const { results, upgradedFrom } = parseSummary(summaryFile, await readText(summaryFile));
  const cdfFile = join(dir, 'cdf.csv');
  const cdf = parseCdfCsv(await readText(cdfFile), cdfFile);
  return upgradedFrom === undefined ? { results, cdf } : { results, cdf, upgradedFrom };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new InputError(file, '', `a file of ${what}`, 'no such file', 'is this the folder `parm-sim run` wrote?');
  }
}

/** A run or an aggregate: what the report reads of it (runs also name their seed). */
function resultRow(noun: string, seed: boolean) {
  return openObject({
    strategy: required(str(), 'The strategy\'s label.'),
    sweep: required(anyObject(), 'The sweep point.'),
    latency_ms: required(anyObject(), 'Latency percentiles.'),
    ...(seed ? { seed: required(num(), 'The run\'s seed.') } : {}),
  }, noun);
}

/** The structure the report relies on; every other key is the writer's and passes unread. */
const summaryShape = openObject({
  version: required(formatVersion(
    [RESULTS_VERSION, ...UPGRADABLE_VERSIONS],
    `results version ${RESULTS_VERSION} (or ${UPGRADABLE_VERSIONS.join(', ')}, upgraded as read)`,
    're-run the scenario with this parm-sim to regenerate it',
  ), 'The results format.'),
  scenario: required(openObject({
    name: required(str(), 'The scenario\'s name.'),
    sweep: required(anyObject(), 'The sweep.'),
  }, 'the scenario'), 'The scenario as run.'),
  runs: required(list(resultRow('a run', true)), 'One summary per run.'),
  aggregate: required(list(resultRow('an aggregate', false)), 'Across seeds, per strategy and sweep point.'),
  expect: required(list(anything()), 'The claims and their verdicts.'),
}, 'a results summary');

function parseSummary(file: string, text: string): { results: ResultsFile; upgradedFrom?: number } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, '', 'JSON', `invalid JSON (${(err as Error).message})`);
  }
  const { version } = parseInput(summaryShape, json, file);
  // The file's own object is kept, every field as written: the nodes only check what the report relies on.
  const results = json as ResultsFile;
  if (version === RESULTS_VERSION) return { results };
  return { results: upgradeResults(results), upgradedFrom: version };
}

/**
 * Version 1 → this build's form, in memory (the file is left as it is). Version 1 had no
 * stalled share (runs get null: not recorded, so the aggregate's is null too) and an aggregate
 * of means with Student-t intervals, which are replaced by this build's aggregate computed from
 * the same runs: per-seed values and percentile-bootstrap intervals, as a results folder written
 * now would have them. Its claims were all judged on the means across seeds (mode `mean`).
 */
export function upgradeResults(old: ResultsFile): ResultsFile {
  const runs: RunSummary[] = old.runs.map((run) => ({ ...run, stalled: run.stalled ?? null }));
  const expect: ClaimResult[] = old.expect.map((c) => ({ ...c, mode: c.mode ?? 'mean' }));
  return { ...old, version: RESULTS_VERSION, statistics: statisticsNote(), runs, aggregate: aggregateRuns(runs), expect };
}
