import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadModelSet } from '../../sim/predict/model-set.js';
import { writeUnitImage } from '../../sim/predict/unit-pixels.js';

const test = suite('predict/onnx-model');

test('runEncoded in the inference thread, pipelined over chunks, gives what a session in this thread gives, in order', async () => {
  const threaded = await loadModelSet('fashion-mnist-mlp');
  const direct = await loadModelSet('fashion-mnist-mlp', undefined, { inThisThread: true });
  try {
    // 5,000 images: two whole chunks of 2,048 and a short last one; sample i is image (7i mod count).
    const count = 5000, images = threaded.data.images, n = threaded.data.count;
    const encode = (i: number, into: Float32Array, at: number) => writeUnitImage(images, (7 * i) % n, into, at);
    const collect = async (set: typeof threaded) => {
      const out = new Float32Array(count * 10);
      const seen: number[] = [];
      await set.deployed.model.runEncoded(count, encode, (start, end, logits) => {
        seen.push(start, end);
        out.set(logits.subarray(0, (end - start) * 10), start * 10);
      });
      return { out, seen };
    };
    const a = await collect(threaded), b = await collect(direct);
    assert.equal(a.seen, [0, 2048, 2048, 4096, 4096, 5000]);
    assert.equal(b.seen, a.seen);
    assert.ok(a.out.every((v, i) => Object.is(v, b.out[i])), 'threaded and direct logits differ');
    // And run() on a view of a larger array leaves the caller's array whole.
    const pixels = threaded.pixels();
    const view = pixels.subarray(784 * 3, 784 * 5);
    const logits = await threaded.deployed.model.run(view, 2);
    assert.is(pixels.length, n * 784);
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
