import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../sim/scenario/load.js';
import { runExperiment } from '../../sim/experiment/experiment.js';

const test = suite('examples/scenarios');

/** Every runnable example: scenarios/**.yaml|json except the rejected fixtures in scenarios/invalid/. */
function examples(dir = 'scenarios'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'invalid' ? [] : examples(path);
    return /\.(ya?ml|json)$/.test(name) && name !== 'schema.json' && !name.endsWith('baseline.json') ? [path] : [];
  });
}

test('there are examples', () => {
  assert.ok(examples().length >= 1);
});

for (const file of examples()) {
  test(`${file} loads and runs (shortened)`, async () => {
    const scenario = loadScenario(file, { queries: 400, set: ['warmup=40', 'seeds=1'] });
    // Shortened: at most two points of each sweep axis.
    for (const key of Object.keys(scenario.sweep)) scenario.sweep[key] = scenario.sweep[key]!.slice(0, 2);
    const content = await runExperiment(scenario);
    assert.ok(content.results.runs.length >= scenario.strategies.length);
    for (const run of content.results.runs) assert.is(run.queries, 400, `${run.strategy} measured 400 queries`);
  });
}

test.run();
