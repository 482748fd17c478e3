/**
 * The library API (sim/api) against the CLI it mirrors: the same scenario and options give the
 * same results, byte for byte, whichever way they are given (the command through its entry,
 * main(argv), in this process); overrides and errors behave as on the command line. The installed
 * package is tested in test/package/.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkScenarios, describeRun, InputError, loadScenario, readResultsFolder, runScenario, writeResultsFolder } from '../../sim/api/index.js';
import { cliHere, tempDir } from '../helpers/cli.js';

const test = suite('library API');
const file = 'scenarios/quickstart.yaml';
const short = { queries: 1500, seeds: 2, set: ['warmup=300', 'models=null'] };

test('runScenario gives, byte for byte, the summary.json `parm-sim run` writes, and writeResultsFolder writes the same folder', async () => {
  const dir = tempDir('api');
  const r = await cliHere('run', file, '--queries', '1500', '--seeds', '2', '--set', 'warmup=300', '--set', 'models=null', '--out', join(dir, 'cli'), '--json');
  assert.is(r.status, 0, r.stderr);
  const content = await runScenario(file, short);
  await writeResultsFolder(join(dir, 'api'), content);
  const fromCli = readFileSync(join(dir, 'cli', 'summary.json'), 'utf8');
  assert.is(readFileSync(join(dir, 'api', 'summary.json'), 'utf8'), fromCli);
  assert.is(readFileSync(join(dir, 'api', 'cdf.csv'), 'utf8'), readFileSync(join(dir, 'cli', 'cdf.csv'), 'utf8'));
  assert.is(`${JSON.stringify(content.results, null, 2)}\n`, fromCli);
  const back = await readResultsFolder(join(dir, 'api'));
  assert.equal(back.results, content.results);
  assert.match(await describeRun(back.results), /^parm\s+\d/m);
});

test('overrides as a list or as an object, to loadScenario or to runScenario, give the same run', async () => {
  const asList = loadScenario(file, { ...short, set: ['arrivals.rate=200/s', ...short.set] });
  const asObject = loadScenario(file, { ...short, set: { 'arrivals.rate': '200/s', warmup: 300, models: 'null' } });
  assert.equal(asObject, asList);
  const a = await runScenario(asList);
  const b = await runScenario(file, { ...short, set: { 'arrivals.rate': '200/s', warmup: 300, models: 'null' } });
  assert.is(JSON.stringify(b.results), JSON.stringify(a.results));
  assert.ok(a.results.runs.every((run) => run.queries === 1500));
});

test('a scenario object is validated like a file, its errors naming the object', () => {
  const good = loadScenario({
    name: 'inline', queries: 100, arrivals: { process: 'poisson', rate: '50/s' },
    cluster: { instances: 2, service: '10ms' }, strategies: ['none'],
  });
  assert.is(good.name, 'inline');
  assert.is(good.world.queries, 100);
  try {
    loadScenario({ name: 'inline', queries: 'many' });
    assert.unreachable('accepted a bad scenario');
  } catch (err) {
    assert.instance(err, InputError);
    assert.is((err as InputError).file, 'inline (object)');
    assert.is((err as InputError).field, 'queries');
  }
});

test('overrides given for a scenario already loaded are refused, not dropped', async () => {
  const scenario = loadScenario(file, short);
  try {
    await runScenario(scenario, { seeds: 5 });
    assert.unreachable('dropped --seeds');
  } catch (err) {
    assert.instance(err, InputError);
    assert.match((err as Error).message, /seeds/);
  }
});

test('checkScenarios is the CI gate: a baseline it recorded passes, a slower service fails it', async () => {
  const dir = tempDir('api-check');
  const baseline = join(dir, 'baseline.json');
  const options = { scenarios: [file], baseline, ...short, seeds: 3 };
  const recorded = await checkScenarios({ ...options, update: true });
  assert.ok(recorded.passed, recorded.text);
  assert.ok(recorded.written);
  const same = await checkScenarios(options);
  assert.ok(same.passed, same.text);
  const slower = await checkScenarios({ ...options, set: [...short.set, 'cluster.service.median=30ms'] });
  assert.not.ok(slower.passed, slower.text);
  assert.match(slower.text, /p50/);
});

test.run();
