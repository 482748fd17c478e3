import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describeValue, InputError } from '../errors.js';
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
  const parsed = parseCdfCsv(await readText(cdfFile));
  if ('problem' in parsed) throw new InputError(cdfFile, parsed.problem, parsed.expected, parsed.found);
  return upgradedFrom === undefined ? { results, cdf: parsed.points } : { results, cdf: parsed.points, upgradedFrom };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new InputError(file, '', `a file of ${what}`, 'no such file', 'is this the folder `parm-sim run` wrote?');
  }
}

function parseSummary(file: string, text: string): { results: ResultsFile; upgradedFrom?: number } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, '', 'JSON', `invalid JSON (${(err as Error).message})`);
  }
  if (!isObject(json)) throw new InputError(file, '', 'an object', describeValue(json));
  const version = json.version;
  const upgradable = typeof version === 'number' && UPGRADABLE_VERSIONS.includes(version);
  if (version !== RESULTS_VERSION && !upgradable) {
    throw new InputError(file, 'version', `results version ${RESULTS_VERSION} (or ${UPGRADABLE_VERSIONS.join(', ')}, upgraded as read)`, describeValue(version), 're-run the scenario with this parm-sim to regenerate it');
  }
  const scenario = json.scenario;
  if (!isObject(scenario)) throw new InputError(file, 'scenario', 'an object', describeValue(scenario));
  if (typeof scenario.name !== 'string') throw new InputError(file, 'scenario.name', 'a string', describeValue(scenario.name));
  if (!isObject(scenario.sweep)) throw new InputError(file, 'scenario.sweep', 'an object', describeValue(scenario.sweep));
  for (const key of ['runs', 'aggregate'] as const) {
    const list = json[key];
    if (!Array.isArray(list)) throw new InputError(file, key, 'a list', describeValue(list));
    list.forEach((entry: unknown, i) => {
      if (!isObject(entry) || typeof entry.strategy !== 'string' || !isObject(entry.sweep) || !isObject(entry.latency_ms)) {
        throw new InputError(file, `${key}[${i}]`, 'an object with strategy, sweep and latency_ms', describeValue(entry));
      }
      if (key === 'runs' && typeof entry.seed !== 'number') throw new InputError(file, `runs[${i}].seed`, 'a number', describeValue(entry.seed));
    });
  }
  if (!Array.isArray(json.expect)) throw new InputError(file, 'expect', 'a list', describeValue(json.expect));
  if (version === RESULTS_VERSION) return { results: json as unknown as ResultsFile };
  return { results: upgradeResults(json as unknown as ResultsFile), upgradedFrom: version as number };
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
