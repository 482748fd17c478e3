import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { sweepLabel } from '../../sim/metrics/sweep-label.js';

const test = suite('metrics/sweep-label');

test('sweepLabel names each swept path and value as written', () => {
  assert.is(sweepLabel({}), '');
  assert.is(sweepLabel({ 'arrivals.rate': '270/s' }), 'arrivals.rate=270/s');
  assert.is(sweepLabel({ 'arrivals.rate': '270/s', 'strategies.parm.k': 4, 'x.on': true }), 'arrivals.rate=270/s, strategies.parm.k=4, x.on=true');
});

test.run();
