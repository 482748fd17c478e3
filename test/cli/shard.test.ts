import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliHere, cliHereEnv, tempDir } from '../helpers/cli.js';

/**
 * Sharded sweeps and their merge. The unsharded sweep with real models is spawned, as a user runs
 * it; shards and merges run through the same entry in this process (cliHere).
 */
const test = suite('cli/shard');
/** A real sweep with real models: 2 rates × 2 seeds = 4 run points, so 3 shards get 2, 1 and 1. */
const sweep = ['scenarios/quickstart.yaml', '--queries', '1500', '--set', 'warmup=150', '--set', 'arrivals.rate=[150/s,270/s]', '--seeds', '2', '--workers', '1'];
const cheap = ['scenarios/quickstart.yaml', '--queries', '600', '--set', 'warmup=60', '--set', 'models=null', '--set', 'arrivals.rate=[150/s,270/s]', '--workers', '1'];

const shardFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));

async function runShards(dir: string, args: string[], count: number): Promise<string[]> {
  for (let i = 0; i < count; i++) {
    const r = await cliHere('sweep', ...args, '--shard', `${i}/${count}`, '--out', dir);
    assert.is(r.status, 0, r.stderr);
  }
  return shardFiles(dir);
}

/** The cheap sweep in 3 shards, made once (by the first test that needs it) and only read after. */
let cheapInThree: { base: string; files: string[] } | undefined;
async function cheapShardsOfThree(): Promise<{ base: string; files: string[] }> {
  if (cheapInThree === undefined) {
    const base = tempDir('shard-many');
    cheapInThree = { base, files: await runShards(join(base, 'shards'), cheap, 3) };
  }
  return cheapInThree;
}

test('a sweep in 3 shards, merged, is byte for byte the unsharded run (summary, csv, cdf, plots)', async () => {
  const base = tempDir('shard');
  const full = join(base, 'full'), merged = join(base, 'merged'), shards = join(base, 'shards');
  const f = cli('sweep', ...sweep, '--out', full);
  assert.is(f.status, 0, f.stderr);
  const files = await runShards(shards, sweep, 3);
  assert.equal(files.map((f) => f.replace(/.*quickstart\.[0-9a-f]{16}\./, '')), ['shard-0-of-3.json', 'shard-1-of-3.json', 'shard-2-of-3.json']);
  const r = await cliHere('merge', shards, '--out', merged);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /merged 3 shards \(20 runs\)/);
  assert.match(r.stdout, /accuracy/);
  const names = readdirSync(full).sort();
  assert.equal(readdirSync(merged).sort(), names);
  for (const f of ['summary.json', 'summary.csv', 'cdf.csv', 'sweep-p999.png', 'tail-ccdf.svg']) assert.ok(names.includes(f), f);
  for (const f of names) assert.ok(readFileSync(join(full, f)).equals(readFileSync(join(merged, f))), `${f} identical`);
});

test('a shard writes one file and nothing else; more shards than points leaves some empty, and they merge', async () => {
  const { base, files } = await cheapShardsOfThree();
  const other = tempDir('shard-many-merged');
  const merged = join(other, 'merged'), full = join(other, 'full');
  assert.equal(readdirSync(base), ['shards'], 'only the shard folder');
  assert.is(files.length, 3);
  const empty = JSON.parse(readFileSync(files[2]!, 'utf8'));
  assert.equal([empty.shard, empty.points, empty.results.length], [{ index: 2, count: 3 }, 2, 0]);
  assert.is((await cliHere('merge', ...files, '--out', merged)).status, 0);
  assert.is((await cliHere('sweep', ...cheap, '--out', full)).status, 0);
  assert.ok(readFileSync(join(full, 'summary.json')).equals(readFileSync(join(merged, 'summary.json'))));
});

test('--shard auto/N reads the array index from the batch engine; run --shard runs a file\'s sweep', async () => {
  const dir = join(tempDir('shard-auto'), 's');
  const r = await cliHereEnv({ JOB_COMPLETION_INDEX: '1' }, 'sweep', ...cheap, '--shard', 'auto/2', '--out', dir);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /shard 1\/2: 1 of 2 run points \(1\)/);
  assert.match(shardFiles(dir)[0]!, /shard-1-of-2\.json$/);
});

test('merge refuses mismatched, duplicate and missing shards with one line, exit 2, no results', async () => {
  const base = tempDir('shard-bad');
  const two = await runShards(join(base, 'two'), cheap, 2);
  const three = (await cheapShardsOfThree()).files;
  const seeds = await runShards(join(base, 'seeds'), [...cheap, '--seeds', '2'], 2);
  const other = await runShards(join(base, 'other'), [...cheap, '--set', 'cluster.instances=16'], 2);
  const failures = await runShards(join(base, 'failures'), ['scenarios/failures.yaml', '--queries', '600', '--set', 'warmup=60', '--set', 'models=null', '--workers', '1'], 2);
  const old = join(base, 'old');
  mkdirSync(old);
  const oldFile = join(old, 'quickstart.0000000000000000.shard-1-of-2.json');
  writeFileSync(oldFile, readFileSync(two[1]!, 'utf8').replace('"generator":"parm-sim 0.1.0"', '"generator":"parm-sim 0.0.9"'));
  const copy = join(base, 'copy');
  mkdirSync(copy);
  copyFileSync(two[0]!, join(copy, 'renamed.shard-0-of-2.json'));
  const out = join(base, 'never');
  const cases: [string[], RegExp][] = [
    [[two[0]!], /missing shard 1$/m],
    [[three[1]!], /expected all 3 shards of quickstart .*found 1: missing shards 0, 2/],
    [[two[0]!, two[0]!], /shard-0-of-2\.json: shard: expected each shard once, found shard 0\/2 again/],
    [[join(base, 'two'), copy], /expected each shard once, found shard 0\/2 again/],
    [[two[0]!, failures[1]!], /scenario\.name: expected a shard of scenario "quickstart" .*different scenarios.*found "failures"/],
    [[two[0]!, seeds[1]!], /scenario\.seeds: expected a shard run with seed 1 .*different seeds.*found seeds 1–2/],
    [[two[0]!, other[1]!], /scenario_hash: expected a shard of the same scenario content/],
    [[two[0]!, oldFile], /generator: expected a shard made by parm-sim 0\.1\.0 .*different versions.*found "parm-sim 0\.0\.9"/],
    [[two[0]!, three[1]!], /expected one of 2 shards .*different splits.*found shard 1\/3/],
    [['scenarios/quickstart.yaml'], /quickstart\.yaml: expected a shard file/],
    [[join(base, 'nothing-here')], /nothing-here: expected a shard file or a folder of them, found nothing there/],
  ];
  for (const [args, pattern] of cases) {
    const r = await cliHere('merge', ...args, '--out', out);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
    assert.not.match(r.stderr, /    at /);
  }
  assert.equal(readdirSync(base).includes('never'), false, 'no results folder');
});

test('--shard refuses bad values and options it cannot honour', async () => {
  const out = join(tempDir('shard-flags'), 's');
  const cases: [string[], RegExp][] = [
    [['--shard', '3/3'], /--shard: expected a shard index below 3/],
    [['--shard', 'x'], /--shard: expected I\/N/],
    [['--shard', 'auto/2'], /none of them set/],
    [['--shard', '0/2', '--queries-csv'], /--queries-csv/],
    [['--shard', '0/2', '--json'], /--json/],
  ];
  const env = { SLURM_ARRAY_TASK_ID: '', JOB_COMPLETION_INDEX: '', AWS_BATCH_JOB_ARRAY_INDEX: '' };
  for (const [flags, pattern] of cases) {
    const r = await cliHereEnv(env, 'run', ...cheap, ...flags, '--out', out);
    assert.is(r.status, 2, r.stderr);
    assert.match(r.stderr, pattern);
  }
});

test.run();
