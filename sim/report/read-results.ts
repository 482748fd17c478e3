import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describeValue, InputError } from '../errors.js';
import { RESULTS_VERSION, type CdfPoint, type ResultsFile } from '../metrics/types.js';
import { parseCdfCsv } from './cdf-csv.js';

export interface ResultsFolder { results: ResultsFile; cdf: CdfPoint[] }

const what = 'a parm-sim results folder (summary.json and cdf.csv)';

/**
 * Reads a results folder back (for re-plotting and checks). The version must be this build's:
 * results are cheap to regenerate, guessing at an old layout is not. Checks the structure the
 * report relies on, so a foreign JSON file fails here with its field named, not later in a plot.
 */
export async function readResults(dir: string): Promise<ResultsFolder> {
  const folder = await stat(dir).catch(() => null);
  if (folder === null) throw new InputError(dir, '', what, 'nothing there');
  if (!folder.isDirectory()) throw new InputError(dir, '', what, 'a file');
  const summaryFile = join(dir, 'summary.json');
  const results = parseSummary(summaryFile, await readText(summaryFile));
  const cdfFile = join(dir, 'cdf.csv');
  const parsed = parseCdfCsv(await readText(cdfFile));
  if ('problem' in parsed) throw new InputError(cdfFile, parsed.problem, parsed.expected, parsed.found);
  return { results, cdf: parsed.points };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new InputError(file, '', `a file of ${what}`, 'no such file', 'is this the folder `parm-sim run` wrote?');
  }
}

function parseSummary(file: string, text: string): ResultsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, '', 'JSON', `invalid JSON (${(err as Error).message})`);
  }
  if (!isObject(json)) throw new InputError(file, '', 'an object', describeValue(json));
  if (json.version !== RESULTS_VERSION) {
    throw new InputError(file, 'version', `results version ${RESULTS_VERSION}`, describeValue(json.version), 're-run the scenario with this parm-sim to regenerate it');
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
    });
  }
  return json as unknown as ResultsFile;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
