import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../../sim/errors.js';
import { loadTestSplit } from '../../sim/predict/dataset.js';
import { toUnitPixels } from '../../sim/predict/unit-pixels.js';
import { encoderFor, encoders } from '../../sim/predict/encoders/index.js';
import { fixtures, sha256Of } from './fixtures.js';

const test = suite('predict/encoders');

for (const fx of fixtures.encoders) {
  test(`${fx.encoder} k=${fx.k} encodes float for float what training fed the parity model`, async () => {
    const { images } = await loadTestSplit();
    const encoder = encoderFor(fx.encoder);
    const members = Int32Array.from(fx.groups.flat());
    const out = new Float32Array(fx.groups.length * 784).fill(Number.NaN);
    fx.groups.forEach((_, g) => encoder.encode(images, members, g * fx.k, fx.k, out, g * 784));
    for (const [index, value] of fx.probes) assert.is(out[index], value, `pixel ${index}`);
    assert.is(sha256Of(out), fx.sha256);
  });
}

test('deployed-model pixels are v / 255 rounded once, as training scaled them', async () => {
  const { images } = await loadTestSplit();
  const unit = toUnitPixels(images.subarray(0, fixtures.unit.samples.length * 784));
  for (const [index, value] of fixtures.unit.probes) assert.is(unit[index], value);
  assert.is(sha256Of(unit), fixtures.unit.sha256);
});

test('an empty slot encodes as a blank image', async () => {
  const { images } = await loadTestSplit();
  for (const encoder of Object.values(encoders)) {
    const withBlank = new Float32Array(784);
    const alone = new Float32Array(784);
    encoder.encode(images, [5, -1], 0, 2, withBlank, 0);
    encoder.encode(images, [5, 5], 0, 2, alone, 0);
    assert.ok(withBlank.some((v) => v > 0), encoder.name);
    assert.ok(withBlank.every((v, i) => v <= alone[i]!), encoder.name);
  }
});

test('weighted is pixel-wise sum_i (i + 1) X_i / 255 in group order, defined for every k >= 2', async () => {
  const { images } = await loadTestSplit();
  const out = new Float32Array(784);
  encoders.weighted.encode(images, [3, 7, 11], 0, 3, out, 0);
  for (let p = 0; p < 784; p++) {
    const sum = images[3 * 784 + p]! + 2 * images[7 * 784 + p]! + 3 * images[11 * 784 + p]!;
    assert.is(out[p], Math.fround(sum / 255), `pixel ${p}`);
  }
  const swapped = new Float32Array(784);
  encoders.weighted.encode(images, [7, 3, 11], 0, 3, swapped, 0);
  assert.ok(swapped.some((v, p) => v !== out[p]), 'group order matters');
  assert.ok(encoders.weighted.supports(2) && encoders.weighted.supports(5));
  assert.not.ok(encoders.weighted.supports(1));
  assert.equal(encoders.weighted.weights!(4), [1, 2, 3, 4]);
  assert.is(encoders.addition.weights, undefined);
});

test('concatenation is defined for k = 2 and 4 only; unknown names are input errors', () => {
  assert.ok(encoders.concatenation.supports(4));
  assert.not.ok(encoders.concatenation.supports(3));
  assert.ok(encoders.addition.supports(3));
  assert.throws(() => encoderFor('xor'), (err: unknown) => err instanceof InputError);
});

test.run();
