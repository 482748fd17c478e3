/**
 * docs/distributed/ holds the files docs/distributed.md shows (the page must show them verbatim).
 * Each is parsed for what makes it correct on its engine, then its own commands are run here as
 * the engine would run them (with that engine's index variable or matrix value), shrunk with a
 * few appended options, and merged: all three must give the same results folder. The batch
 * script and the workflow's lines run in bash as written; the Job's arguments, and the merges,
 * through the CLI's entry in this process (the Job's command is asserted to be that entry).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { cliHere, cliHereEnv, tempDir } from '../helpers/cli.js';

const test = suite('docs/distributed');
const dir = 'docs/distributed';
/** Appended to every shard command: 2 rates × 10 seeds = 20 run points of 300 queries, latency only. */
const small = ['--queries', '300', '--set', 'warmup=30', '--set', 'models=null', '--set', 'arrivals.rate=[150/s,390/s]'];
const base = tempDir('distributed');
const merged: Record<string, string> = {};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

test('docs/distributed.md shows every file of docs/distributed/ verbatim, each followed by its merge step', () => {
  const page = readFileSync('docs/distributed.md', 'utf8');
  for (const name of readdirSync(dir)) {
    const text = readFileSync(join(dir, name), 'utf8');
    assert.ok(page.includes(`\n${text}\`\`\``), `${name} is shown as it is`);
  }
  for (const section of page.split(/\n## /).slice(1).filter((s) => /sbatch|Indexed Job|GitHub Actions/.test(s.split('\n')[0]!))) {
    assert.match(section, /merge/, `section "${section.split('\n')[0]}" has its merge step`);
  }
});

test('Slurm: the batch script is a 0-based job array whose task I runs shard I of the array size', async () => {
  const script = readFileSync(join(dir, 'slurm.sbatch'), 'utf8');
  assert.match(script, /^#SBATCH --array=0-2$/m);
  assert.match(script, /--shard "auto\/\$\{SLURM_ARRAY_TASK_COUNT\}"/);
  const shards = join(base, 'slurm');
  for (let i = 0; i < 3; i++) {
    const env = { ...process.env, SLURM_ARRAY_TASK_ID: String(i), SLURM_ARRAY_TASK_COUNT: '3', SLURM_CPUS_PER_TASK: '1' };
    const r = spawnSync('bash', [join(dir, 'slurm.sbatch'), 'scenarios/paper/fig9a.yaml', '--seeds', '10', ...small, '--out', shards], { encoding: 'utf8', env });
    assert.is(r.status, 0, r.stderr);
  }
  const out = join(base, 'slurm-results');
  const m = await cliHere('merge', shards, '--out', out);
  assert.is(m.status, 0, m.stderr);
  merged.slurm = out;
});

test('Kubernetes: an Indexed Job with backoffLimitPerIndex, JOB_COMPLETION_INDEX and --shard auto/completions; then the merge Job', async () => {
  const docs = YAML.parseAllDocuments(readFileSync(join(dir, 'k8s-indexed-job.yaml'), 'utf8')).map((d) => {
    assert.equal(d.errors, []);
    return d.toJS() as Doc;
  });
  const job = docs.find((d) => d.kind === 'Job');
  const claim = docs.find((d) => d.kind === 'PersistentVolumeClaim');
  assert.is(job.apiVersion, 'batch/v1');
  assert.is(job.spec.completionMode, 'Indexed');
  assert.type(job.spec.backoffLimitPerIndex, 'number');
  assert.is(job.spec.template.spec.restartPolicy, 'Never', 'backoffLimitPerIndex needs restartPolicy Never');
  const container = job.spec.template.spec.containers[0];
  assert.ok(container.env.some((e: Doc) => e.name === 'JOB_COMPLETION_INDEX'), 'names JOB_COMPLETION_INDEX');
  const args: string[] = container.args.map(String);
  assert.is(args[args.indexOf('--shard') + 1], `auto/${job.spec.completions}`);
  assert.is(job.spec.template.spec.volumes[0].persistentVolumeClaim.claimName, claim.metadata.name);
  const mount: string = container.volumeMounts[0].mountPath;
  const local = (a: string) => a.replace(mount, join(base, 'k8s'));
  assert.equal(container.command, ['node', 'bin/parm-sim.js']);
  for (let i = 0; i < job.spec.completions; i++) {
    const r = await cliHereEnv({ JOB_COMPLETION_INDEX: String(i), SLURM_ARRAY_TASK_ID: '' }, ...args.map(local), ...small);
    assert.is(r.status, 0, r.stderr);
  }
  const mergeJob = YAML.parse(readFileSync(join(dir, 'k8s-merge-job.yaml'), 'utf8')) as Doc;
  const merge = mergeJob.spec.template.spec.containers[0];
  assert.is(mergeJob.spec.template.spec.volumes[0].persistentVolumeClaim.claimName, claim.metadata.name);
  const mergeArgs: string[] = merge.args.map(String).map(local);
  assert.is(merge.args[0], 'merge');
  const r = await cliHere(...mergeArgs);
  assert.is(r.status, 0, r.stderr);
  merged.k8s = mergeArgs[mergeArgs.indexOf('--out') + 1]!;
});

test('GitHub Actions: a matrix over shards 0 … N−1, artifacts merged by a job that needs them all', () => {
  const flow = YAML.parse(readFileSync(join(dir, 'github-actions-sweep.yml'), 'utf8')) as Doc;
  const shards: number[] = flow.jobs.sweep.strategy.matrix.shard;
  const runStep = flow.jobs.sweep.steps.find((s: Doc) => typeof s.run === 'string' && s.run.includes('--shard'));
  const n = Number(/--shard \$\{\{ matrix\.shard \}\}\/(\d+)/.exec(runStep.run)![1]);
  assert.equal(shards, Array.from({ length: n }, (_, i) => i));
  assert.is(flow.jobs.merge.needs, 'sweep');
  const download = flow.jobs.merge.steps.find((s: Doc) => String(s.uses).startsWith('actions/download-artifact'));
  assert.is(download.with['merge-multiple'], true);
  const mergeStep = flow.jobs.merge.steps.find((s: Doc) => typeof s.run === 'string' && s.run.includes(' merge '));
  const work = join(base, 'gha');
  const local = (line: string) => line.replace(/(--out |merge )shards\/?/, `$1${work}/shards`).replace('results/paper-fig9a', `${work}/results`);
  for (const shard of shards) {
    const line = `${local(runStep.run.replace('${{ matrix.shard }}', String(shard)))} ${small.map((a) => `'${a}'`).join(' ')}`;
    const r = spawnSync('bash', ['-c', line], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
  }
  const r = spawnSync('bash', ['-c', local(mergeStep.run)], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  merged.gha = `${work}/results`;
});

test('the three engines\' files give the same results folder', () => {
  const [first, ...rest] = Object.values(merged);
  assert.is(rest.length, 2);
  for (const other of rest) {
    for (const f of readdirSync(first!)) assert.ok(readFileSync(join(first!, f)).equals(readFileSync(join(other, f))), `${f}: ${other}`);
  }
});

test.run();
