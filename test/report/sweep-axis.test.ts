import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { sweepAxis } from '../../sim/report/plots/sweep-axis.js';

const test = suite('report/plots/sweep-axis');

test('values with a common unit become numbers, the unit goes to the axis title', () => {
  const axis = sweepAxis('arrivals.rate', ['150/s', '270/s', '1e3/s']);
  assert.is(axis.type, 'quantitative');
  if (axis.type !== 'quantitative') return;
  assert.is(axis.unit, '/s');
  assert.is(axis.value({ 'arrivals.rate': '270/s' }), 270);
  assert.is(axis.value({ 'arrivals.rate': '1e3/s' }), 1000);
});

test('plain numbers are numbers without a unit', () => {
  const axis = sweepAxis('k', [2, 4]);
  assert.is(axis.type, 'quantitative');
  if (axis.type === 'quantitative') {
    assert.is(axis.unit, '');
    assert.is(axis.value({ k: 4 }), 4);
  }
});

test('mixed units or words stay categories in the scenario order', () => {
  for (const values of [['10ms', '1s'], ['addition', 'concatenation'], [true, false]]) {
    const axis = sweepAxis('x', values);
    assert.is(axis.type, 'ordinal', JSON.stringify(values));
    if (axis.type === 'ordinal') assert.equal(axis.order, values.map(String));
  }
});

test.run();
