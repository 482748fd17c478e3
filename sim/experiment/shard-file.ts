/** Shard files on disk: written atomically, read back with their structure checked, found in folders. */
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeValue, InputError } from '../errors.js';
import { canonicalJson, parseCanonicalJson, SHARD_FORMAT, shardFileName, type ShardFile } from './shard.js';

/** Files in a folder that `merge` takes as shards. */
export const SHARD_FILE_PATTERN = /\.shard-\d+-of-\d+\.json$/;

/** Writes the shard into `dir` (created if needed) under its name; write then rename, so a killed task leaves no half file. */
export async function writeShardFile(dir: string, shard: ShardFile): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, shardFileName(shard));
  const partial = `${path}.partial-${process.pid}`;
  await writeFile(partial, `${canonicalJson(shard)}\n`);
  await rename(partial, path);
  return path;
}

/** The shard files named: files as given, folders by their *.shard-I-of-N.json files (sorted by name). */
export async function listShardFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info === null) throw new InputError(path, '', 'a shard file or a folder of them', 'nothing there');
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const found = (await readdir(path)).filter((name) => SHARD_FILE_PATTERN.test(name)).sort();
    if (found.length === 0) throw new InputError(path, '', 'a folder holding shard files (NAME.HASH.shard-I-of-N.json)', 'none');
    files.push(...found.map((name) => join(path, name)));
  }
  return files;
}

/** Reads a shard file and checks the structure merge relies on; InputError naming the file otherwise. */
export async function readShardFile(file: string): Promise<ShardFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError(file, '', 'a readable shard file', 'no such file');
  }
  let json: unknown;
  try {
    json = parseCanonicalJson(text);
  } catch (err) {
    throw new InputError(file, '', 'a shard file (JSON written by run/sweep --shard)', `invalid JSON (${(err as Error).message})`);
  }
  if (!isObject(json) || json.format !== SHARD_FORMAT) {
    throw new InputError(file, 'format', `"${SHARD_FORMAT}" (a file written by run/sweep --shard)`, isObject(json) ? describeValue(json.format) : describeValue(json));
  }
  for (const key of ['shard_version', 'results_version', 'points'] as const) {
    if (!Number.isInteger(json[key])) throw new InputError(file, key, 'an integer', describeValue(json[key]));
  }
  for (const key of ['generator', 'scenario_hash'] as const) {
    if (typeof json[key] !== 'string') throw new InputError(file, key, 'a string', describeValue(json[key]));
  }
  const shard = json.shard;
  if (!isObject(shard) || !Number.isInteger(shard.index) || !Number.isInteger(shard.count) || (shard.count as number) < 1) {
    throw new InputError(file, 'shard', 'an object with integer index and count', describeValue(shard));
  }
  const scenario = json.scenario;
  if (!isObject(scenario) || typeof scenario.name !== 'string' || !Number.isInteger(scenario.seed) || !Number.isInteger(scenario.seeds)
    || !isObject(scenario.world) || !Array.isArray(scenario.strategies) || !Array.isArray(scenario.expect) || !isObject(scenario.sweep)) {
    throw new InputError(file, 'scenario', 'an object with name, seed, seeds, world, strategies, expect and sweep', describeValue(scenario));
  }
  if (!Array.isArray(json.results)) throw new InputError(file, 'results', 'a list', describeValue(json.results));
  json.results.forEach((r: unknown, i) => {
    if (!isObject(r) || !Number.isInteger(r.point) || !Array.isArray(r.runs) || !Array.isArray(r.cdf)) {
      throw new InputError(file, `results[${i}]`, 'an object with point, runs and cdf', describeValue(r));
    }
  });
  return json as unknown as ShardFile;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
