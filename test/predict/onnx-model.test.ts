import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadModelSet } from '../../sim/predict/model-set.js';
import { reconstructClasses } from '../../sim/predict/decode.js';
import { argmax, decodeInto } from '../../sim/predict/decoder.js';
import { encoderFor } from '../../sim/predict/encoders/index.js';

const test = suite('predict/onnx-model');

test('a decode job in the inference thread gives what it gives in this thread and what the same images run by hand give', async () => {
  const threaded = await loadModelSet('fashion-mnist-mlp');
  const direct = await loadModelSet('fashion-mnist-mlp', undefined, { inThisThread: true });
  try {
    // 5,000 groups of two: two whole runs of 2,048 parity images and a short last one; group g is
    // samples (7g, 7g + 1) mod count, the erased slot alternating.
    const groups = 5000, k = 2, n = threaded.data.count;
    const members = Int32Array.from({ length: groups * k }, (_, i) => (7 * Math.floor(i / k) + (i % k)) % n);
    const group = Int32Array.from({ length: groups }, (_, g) => g);
    const position = Uint8Array.from({ length: groups }, (_, g) => g % k);
    const request = { k, encoder: 'addition' as const, members, group, position };
    const inThread = await reconstructClasses(threaded, request);
    const here = await reconstructClasses(direct, request);
    assert.is(inThread.length, groups);
    assert.equal(Array.from(inThread), Array.from(here));
    // By hand: encode every parity image, run them at once, decode each erased slot.
    const pixels = new Float32Array(groups * 784);
    for (let g = 0; g < groups; g++) encoderFor('addition').encode(direct.data.images, members, g * k, k, pixels, g * 784);
    const parity = await direct.parity(k, 'addition').model.run(pixels, groups);
    const deployed = await direct.deployedLogits();
    const decoded = new Float32Array(10);
    const byHand = Array.from({ length: groups }, (_, g) => {
      decodeInto(decoded, 0, parity, g * 10, deployed, members, g * k, k, position[g]!, 10);
      return argmax(decoded, 0, 10);
    });
    assert.equal(Array.from(here), byHand);
    // And run() on a view of a larger array leaves the caller's array whole.
    const all = threaded.pixels();
    const view = all.subarray(784 * 3, 784 * 5);
    const logits = await threaded.deployed.model.run(view, 2);
    assert.is(all.length, n * 784);
    assert.equal(Array.from(logits), Array.from(await direct.deployed.model.run(view, 2)));
  } finally {
    await threaded.close();
    await direct.close();
  }
});

test('the pass over every image runs where the session lives and gives what runs of the same pixels give', async () => {
  const threaded = await loadModelSet('fashion-mnist-mlp');
  const direct = await loadModelSet('fashion-mnist-mlp', undefined, { inThisThread: true });
  try {
    // 4,100 images: two whole runs of 2,048 and a short last one.
    const count = 4100, images = threaded.data.images;
    const inThread = await threaded.deployed.model.runEveryImage(images, count);
    const here = await direct.deployed.model.runEveryImage(images, count);
    const byRun = await direct.deployed.model.run(direct.pixels().subarray(0, count * 784), count);
    assert.is(inThread.length, count * 10);
    assert.ok(inThread.every((v, i) => Object.is(v, here[i])), 'threaded and direct logits differ');
    assert.ok(here.every((v, i) => Object.is(v, byRun[i])), 'the pass and run() differ');
    // The set's deployed logits are this pass over the whole split.
    const all = await threaded.deployedLogits();
    assert.ok(inThread.every((v, i) => Object.is(v, all[i])), 'deployedLogits differs from the pass');
  } finally {
    await threaded.close();
    await direct.close();
  }
});

test.run();
