import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_TOLERANCES, describeTolerances, parseTolerances } from '../../sim/check/tolerance.js';
import { InputError } from '../../sim/errors.js';

const test = suite('check/tolerance');

test('no --tolerance: the defaults', () => {
  assert.equal(parseTolerances([]), DEFAULT_TOLERANCES);
  assert.is(describeTolerances(DEFAULT_TOLERANCES), 'p50 5%, p99 10%, p99.9 15%, accuracy 1 pt');
});

test('a bare percent sets every latency percentile; named entries override, later wins', () => {
  assert.equal(parseTolerances(['5%']), { p50: 0.05, p99: 0.05, p999: 0.05, accuracy: 0.01 });
  assert.equal(parseTolerances(['p999=15%,p50=2.5%,accuracy=0.02']), { p50: 0.025, p99: 0.1, p999: 0.15, accuracy: 0.02 });
  assert.equal(parseTolerances(['20%', 'p99.9=30%']), { p50: 0.2, p99: 0.2, p999: 0.3, accuracy: 0.01 });
});

test('malformed tolerances are InputErrors naming --tolerance', () => {
  for (const bad of ['5', 'p999=15', 'p95=5%', 'accuracy=1%', 'accuracy=2', 'p50=-5%', 'fast']) {
    try {
      parseTolerances([bad]);
      assert.unreachable(`${bad} accepted`);
    } catch (err) {
      assert.instance(err, InputError, bad);
      assert.match((err as InputError).message, /^command line: --tolerance: expected /);
    }
  }
});

test.run();
