/**
 * parm-sim as others install it: `npm pack` the repository, install the tarball into an empty
 * folder outside it, and use it there as a person would — the CLI through npx on a scenario that
 * lives in that folder (with a model set, which must come from the package, not from a models/
 * folder nearby), the CI gate, and the library API from an .mjs script.
 *
 * npm installs the tarball's dependencies from its cache (`npm ci` filled it) or the registry,
 * with --ignore-scripts, as the README and docs/github-actions.yml tell users to: the only install
 * scripts in parm-sim's dependency tree are onnxruntime-node's (a CUDA download; parm-sim runs on
 * the CPU runtime the package ships) and parm-sim's own `prepare` (the tarball holds the compiled
 * code already).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';

const test = suite('package tarball');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let root = '';
let app = '';
let tarball = '';

/** The environment of a user's shell: none of the repository's model-set settings. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };
  delete env['PARM_SIM_MODELS'];
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  return env;
}

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: userEnv(), timeout: 300_000 });
  if (r.error) throw r.error;
  return r;
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.is(r.status, 0, `${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test.before(() => {
  root = tempDir('package');
  app = join(root, 'app');
  mkdirSync(app);
  const packed = ok(run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', root], process.cwd()), 'npm pack');
  const [info] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
  tarball = join(root, info!.filename);
  writeFileSync(join(root, 'files.json'), JSON.stringify(info!.files.map((f) => f.path)));
});

test.after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

test('the tarball holds the compiled code with its declarations, the bin, the model sets, the test split, the schema, the plots’ fonts and the docs; no results, tests or notebooks', () => {
  const files = JSON.parse(readFileSync(join(root, 'files.json'), 'utf8')) as string[];
  for (const needed of [
    'package.json', 'README.md', 'bin/parm-sim.js', 'dist/sim/api/index.js', 'dist/sim/api/index.d.ts', 'dist/sim/cli/main.js',
    'models/fashion-mnist-mlp/manifest.json', 'models/fashion-mnist-mlp/deployed.onnx', 'models/fashion-mnist-cnn/manifest.json',
    'models/data/manifest.json', 'models/data/t10k-images-idx3-ubyte.gz', 'scenarios/schema.json', 'docs/scenario-reference.md',
    'fonts/DejaVuSans.ttf', 'fonts/DejaVuSans-Bold.ttf', 'fonts/DejaVuSans-Oblique.ttf', 'fonts/LICENSE',
  ]) assert.ok(files.includes(needed), `${needed} in the tarball`);
  const unwanted = files.filter((f) => /^(results|test|notebooks|bench|scripts|sim|dist\/test|dist\/bench|models\/pipeline)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts') && !f.endsWith('.d.ts'));
  assert.equal(unwanted, [], 'nothing a user does not run');
});

test('installs into an empty folder with no npm warning, and `npx parm-sim run` runs a scenario of that folder with a model set from the package', () => {
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'uses-parm-sim', private: true, type: 'module' }, null, 2)}\n`);
  const install = run(npm, ['install', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);
  ok(install, 'npm install');
  assert.not.match(`${install.stdout}\n${install.stderr}`, /npm warn/i, 'no warning on install');
  // A models/ folder beside the scenario that is not a model set: the package's own sets must be used.
  mkdirSync(join(app, 'models'));
  writeFileSync(join(app, 'my.yaml'), [
    'name: my',
    'models: fashion-mnist-mlp',
    'seed: 1',
    'queries: 2000',
    'warmup: 500',
    'arrivals: { process: poisson, rate: 200/s }',
    'cluster:',
    '  instances: 4',
    '  service: { dist: lognormal, median: 10ms, sigma: 0.3 }',
    'strategies:',
    '  - none',
    '  - { kind: parm, k: 2 }',
    'expect:',
    '  - parm.p999 <= 2 * none.p999',
    '',
  ].join('\n'));
  const out = ok(run(npm, ['exec', '--offline', '--', 'parm-sim', 'run', 'my.yaml'], app), 'npx parm-sim run');
  assert.match(out, /holds\s+parm\.p999 <= 2 \* none\.p999/);
  const summary = JSON.parse(readFileSync(join(app, 'results', 'my', 'summary.json'), 'utf8')) as { runs: { strategy: string; accuracy?: { overall: number } }[] };
  assert.equal(summary.runs.map((r) => r.strategy), ['none', 'parm']);
  for (const r of summary.runs) assert.ok(r.accuracy !== undefined && r.accuracy.overall > 0.8, `${r.strategy}: real accuracy from the packaged MLP set`);
  assert.ok(existsSync(join(app, 'results', 'my', 'latency-cdf.png')), 'the plots are drawn (fonts from the package)');
});

test('`npx parm-sim check` gates the scenario against a baseline it wrote', () => {
  ok(run(npm, ['exec', '--offline', '--', 'parm-sim', 'check', 'my.yaml', '--baseline', 'baseline.json', '--update'], app), 'check --update');
  const out = ok(run(npm, ['exec', '--offline', '--', 'parm-sim', 'check', 'my.yaml', '--baseline', 'baseline.json'], app), 'check');
  assert.match(out, /PASS: \d+ metrics checked, 1 expect claim holds/);
  const bad = run(npm, ['exec', '--offline', '--', 'parm-sim', 'check', 'missing.yaml', '--baseline', 'baseline.json'], app);
  assert.is(bad.status, 2, bad.stderr);
});

test('the README\'s API example (docs/api-example.mjs) runs there as it is: an object scenario with real models, the results folder, the gate twice', () => {
  assert.ok(readFileSync('README.md', 'utf8').includes(`\`\`\`js\n${readFileSync('docs/api-example.mjs', 'utf8')}\`\`\``), 'the README shows docs/api-example.mjs verbatim');
  copyFileSync('docs/api-example.mjs', join(app, 'api-example.mjs'));
  const first = ok(run(process.execPath, ['api-example.mjs'], app), 'node api-example.mjs');
  assert.match(first, /^parm\s.*\s0\.\d{4}\s/m, 'the run table, with accuracy from the packaged models');
  assert.match(first, /holds\s+parm\.p999 < none\.p999/);
  assert.match(first, /wrote \d+ files to results\/api-example\//);
  assert.match(first, /baseline api-baseline\.json written for 1 scenario/);
  const summary = JSON.parse(readFileSync(join(app, 'results', 'api-example', 'summary.json'), 'utf8')) as { scenario: { sweep: object }; runs: { strategy: string; sweep: object }[] };
  assert.equal([...new Set(summary.runs.map((r) => r.strategy))], ['none', 'parm', 'replication']);
  const second = ok(run(process.execPath, ['api-example.mjs'], app), 'node api-example.mjs, again');
  assert.match(second, /PASS: \d+ metrics checked, 1 expect claim holds/, 'the same seeds reproduce the baseline');
});

test('the API refuses bad input with an InputError naming the field, and its types are installed', () => {
  writeFileSync(join(app, 'refused.mjs'), `
import { InputError, loadScenario } from 'parm-sim';
try {
  loadScenario({ name: 'broken', queries: 0 });
  console.log('accepted');
} catch (err) {
  console.log(err instanceof InputError ? \`\${err.field}: \${err.message}\` : \`not an InputError: \${err}\`);
}
`);
  const out = ok(run(process.execPath, ['refused.mjs'], app), 'node refused.mjs');
  assert.match(out, /^queries: broken \(object\): queries: expected an integer/);
  assert.ok(existsSync(join(app, 'node_modules', 'parm-sim', 'dist', 'sim', 'api', 'index.d.ts')), 'type declarations installed');
});

test.run();
