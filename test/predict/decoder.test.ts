import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { argmax, decode, decodeInto } from '../../sim/predict/decoder.js';
import { fixtures } from './fixtures.js';

const test = suite('predict/decoder');

test('subtraction matches the pipeline\'s decoder exactly', () => {
  const plain = fixtures.decoder.filter((fx) => fx.weights === undefined);
  assert.ok(plain.length >= 3);
  for (const fx of plain) {
    const members = fx.members.map((m, j) => (fx.present[j] ? m : null));
    assert.equal(Array.from(decode(fx.parity, members, fx.position)), fx.expected);
  }
});

test('the weighted decode matches the pipeline\'s exactly, on plain arrays and through decodeInto', () => {
  const weighted = fixtures.decoder.filter((fx) => fx.weights !== undefined);
  assert.ok(weighted.length >= 3);
  for (const fx of weighted) {
    const members = fx.members.map((m, j) => (fx.present[j] ? m : null));
    assert.equal(Array.from(decode(fx.parity, members, fx.position, fx.weights)), fx.expected);
    const k = fx.members.length;
    const deployed = Float32Array.from(fx.members.flat());
    const slots = fx.present.map((p, j) => (p ? j : -1));
    const out = new Float32Array(10);
    decodeInto(out, 0, Float32Array.from(fx.parity), 0, deployed, slots, 0, k, fx.position, 10, fx.weights);
    assert.equal(Array.from(out), fx.expected);
  }
});

test('weighted: F(X_i) = (F_W(P) - sum_{j != i} w_j F(X_j)) / w_i; all-one weights are plain subtraction', () => {
  const deployed = Float32Array.from([1, 2, 10, 20, 100, 200]); // samples 0, 1, 2; two classes
  const parity = Float32Array.from([1 * 1 + 2 * 10 + 3 * 100, 1 * 2 + 2 * 20 + 3 * 200]);
  const out = new Float32Array(2);
  for (const position of [0, 1, 2]) {
    decodeInto(out, 0, parity, 0, deployed, [0, 1, 2], 0, 3, position, 2, [1, 2, 3]);
    assert.equal(Array.from(out), Array.from(deployed.subarray(2 * position, 2 * position + 2)), `position ${position}`);
  }
  decodeInto(out, 0, Float32Array.from([301, 602]), 0, deployed, [0, -1, 2], 0, 3, 2, 2, [1, 2, 3]);
  assert.equal(Array.from(out), [100, 200]);
  decodeInto(out, 0, Float32Array.from([111, 222]), 0, deployed, [0, 1, 2], 0, 3, 1, 2, [1, 1, 1]);
  assert.equal(Array.from(out), [10, 20]);
  assert.equal(Array.from(decode([111, 222], [[1, 2], [10, 20], [100, 200]], 1, [1, 1, 1])), [10, 20]);
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
