import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBaseline, writeBaseline, type Baseline } from '../../sim/check/baseline.js';
import { InputError } from '../../sim/errors.js';
import { tempDir } from '../helpers/cli.js';

const test = suite('check/baseline');

const sample: Baseline = {
  version: 1,
  generator: 'test',
  scenarios: {
    s: { file: 's.yaml', seeds: [1, 2], queries: 100, models: null, strategies: { 'a b{}[]': { 'rate=[1, 2]': { p50: { mean: 1.5, values: [1, 2] }, p999: { mean: null, values: [3, null] } } } } },
  },
};

test('written, read back unchanged; one line per metric', () => {
  const file = join(tempDir('baseline'), 'b.json');
  writeBaseline(file, sample);
  assert.equal(readBaseline(file), sample);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /\n {12}"p50": \{ "mean": 1\.5, "values": \[1, 2\] \},\n/);
  assert.match(text, /"seeds": \[1, 2\],/);
});

test('a malformed baseline names the field', () => {
  const dir = tempDir('baseline-bad');
  const cases: [unknown, RegExp][] = [
    [[], /b\.json: expected an object \(a baseline: version, generator, scenarios\), found a list/],
    [{ ...sample, version: 2 }, /b\.json: version: expected 1 \(the baseline format this parm-sim reads\), found 2/],
    [{ ...sample, scenarios: { s: { ...sample.scenarios.s, seeds: [] } } }, /scenarios\.s\.seeds: expected a non-empty list of integer seeds/],
    [{ ...sample, scenarios: { s: { ...sample.scenarios.s, strategies: { a: { '-': { p50: { mean: 1, values: [1] } } } } } } }, /scenarios\.s\.strategies\.a\.-\.p50\.values: expected a list of 2 values \(one per seed\)/],
    [{ ...sample, scenarios: { s: { ...sample.scenarios.s, strategies: { a: { '-': { p95: { mean: 1, values: [1, 1] } } } } } } }, /scenarios\.s\.strategies\.a\.-\.p95: expected a metric \(p50, p99, p999, accuracy\)/],
    [{ ...sample, scenarios: { s: { ...sample.scenarios.s, strategies: { a: { '-': { p50: { mean: 1, values: [1, 'x'] } } } } } } }, /p50\.values\[1\]: expected a number or null, found "x"/],
  ];
  for (const [content, message] of cases) {
    const file = join(dir, 'b.json');
    writeFileSync(file, JSON.stringify(content));
    try {
      readBaseline(file);
      assert.unreachable(JSON.stringify(content));
    } catch (err) {
      assert.instance(err, InputError);
      assert.match((err as Error).message, message);
    }
  }
});

test.run();
