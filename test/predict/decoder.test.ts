import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { argmax, decode, decodeInto } from '../../sim/predict/decoder.js';
import { fixtures } from './fixtures.js';

const test = suite('predict/decoder');

test('subtraction matches the pipeline\'s decoder exactly', () => {
  for (const fx of fixtures.decoder) {
    const members = fx.members.map((m, j) => (fx.present[j] ? m : null));
    assert.equal(Array.from(decode(fx.parity, members, fx.position)), fx.expected);
  }
});

test('F(X_i) = F_P(P) - sum of the other members; the erased one and empty slots are not subtracted', () => {
  const deployed = Float32Array.from([1, 2, 10, 20, 100, 200]); // samples 0, 1, 2; two classes
  const parity = Float32Array.from([111, 222]);
  const out = new Float32Array(2);
  decodeInto(out, 0, parity, 0, deployed, [0, 1, 2], 0, 3, 1, 2);
  assert.equal(Array.from(out), [10, 20]);
  decodeInto(out, 0, parity, 0, deployed, [0, -1, 2], 0, 3, 0, 2);
  assert.equal(Array.from(out), [11, 22]);
});

test('argmax takes the first of equal maxima', () => {
  assert.is(argmax(Float32Array.from([0, 3, 3, 1]), 0, 4), 1);
  assert.is(argmax(Float32Array.from([9, 0, 5, 7]), 2, 2), 1);
});

test.run();
