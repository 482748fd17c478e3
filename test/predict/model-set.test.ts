import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../../sim/errors.js';
import { encoderFor, IMAGE_SIZE } from '../../sim/predict/encoders/index.js';
import { listModelSets, loadModelSet } from '../../sim/predict/model-set.js';
import { fixtures } from './fixtures.js';
import { loadScenario, runScenario } from '../../sim/api/index.js';

const SET = 'fashion-mnist-mlp';
const test = suite('predict/model-set');

/** A scratch model root holding one set whose manifest `edit` may change, next to the real data. */
async function scratchSet(
  edit: (manifest: { models: { file: string; sha256: string; role: string }[] }, dir: string) => Promise<void> | void,
) {
  const root = await mkdtemp(join(tmpdir(), 'parm-models-'));
  await symlink(resolve('models/data'), join(root, 'data'));
  const dir = join(root, 'scratch');
  await mkdir(dir);
  const manifest = JSON.parse(await readFile(`models/${SET}/manifest.json`, 'utf8'));
  manifest.models = manifest.models.filter((m: { role: string }) => m.role === 'deployed');
  await copyFile(`models/${SET}/deployed.onnx`, join(dir, 'deployed.onnx'));
  await edit(manifest, dir);
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return { root, dir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

async function rejects(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await promise;
  } catch (err) {
    assert.instance(err, InputError);
    assert.match((err as Error).message, pattern);
    return;
  }
  assert.unreachable('expected an InputError');
}

test('the committed sets are listed', async () => {
  const sets = await listModelSets();
  assert.ok(sets.includes(SET));
  assert.not.ok(sets.includes('data'));
});

test('a set knows its parity models and backup', async () => {
  const set = await loadModelSet(SET);
  try {
    assert.ok(set.hasParity(2, 'addition'));
    assert.ok(set.hasParity(4, 'concatenation'));
    assert.not.ok(set.hasParity(3, 'concatenation'));
    assert.ok(set.hasBackup());
    assert.throws(() => set.parity(5, 'addition'), (err: unknown) => err instanceof InputError);
  } finally {
    await set.close();
  }
});

test('parity models give in onnxruntime what they gave in torch on the fixture groups', async () => {
  const set = await loadModelSet(SET);
  try {
    const cases = fixtures.parity_outputs.filter((fx) => fx.set === SET);
    assert.ok(cases.length >= 5);
    for (const fx of cases) {
      const p = set.parityModels.find((m) => m.entry.id === fx.id)!;
      const k = p.entry.k!;
      const members = Int32Array.from(fx.groups.flat());
      const x = new Float32Array(fx.groups.length * IMAGE_SIZE);
      fx.groups.forEach((_, g) => encoderFor(p.entry.encoder!).encode(set.data.images, members, g * k, k, x, g * IMAGE_SIZE));
      const out = await p.model.run(x, fx.groups.length);
      fx.logits.flat().forEach((v, i) => assert.ok(Math.abs(out[i]! - v) < 1e-3, `${fx.id} logit ${i}: ${out[i]} vs ${v}`));
    }
  } finally {
    await set.close();
  }
});

test('a missing set is an input error naming the sets that exist', async () => {
  await rejects(loadModelSet('no-such-set'), /no-such-set.*fashion-mnist-mlp/s);
});

test('a model file that differs from its manifest sha256 is an input error', async () => {
  const s = await scratchSet((m) => {
    m.models[0]!.sha256 = '0'.repeat(64);
  });
  try {
    await rejects(loadModelSet('scratch', s.root), /deployed\.onnx: sha256: expected 0{64}/);
  } finally {
    await s.cleanup();
  }
});

test('with two bad model files the error names the first in the manifest, though the second fails sooner', async () => {
  // The first is read and hashed in full before it fails; the second, missing, fails at once.
  const s = await scratchSet((m) => {
    const deployed = m.models[0]!;
    m.models.push({ ...deployed, file: 'gone.onnx', role: 'backup' });
    deployed.sha256 = '0'.repeat(64);
  });
  try {
    await rejects(loadModelSet('scratch', s.root), /deployed\.onnx: sha256: expected 0{64}/);
  } finally {
    await s.cleanup();
  }
});

test('a missing model file is an input error', async () => {
  const s = await scratchSet((m) => {
    m.models[0]!.file = 'gone.onnx';
  });
  try {
    await rejects(loadModelSet('scratch', s.root), /models\[0\]\.file: expected a model file/);
  } finally {
    await s.cleanup();
  }
});

test('a collage classifier is loaded with 10 logits per tile, and checked like every model file', async () => {
  const set = await loadModelSet('fashion-mnist-mlp');
  try {
    assert.ok(set.hasCollage(4) && set.hasCollage(9) && !set.hasCollage(2));
    assert.is(set.collage(4).model.outputs, 40);
    assert.is(set.collage(9).model.outputs, 90);
    assert.throws(() => set.collage(2), /a collage classifier for k=2/);
  } finally {
    await set.close();
  }
  const cnn = await loadModelSet('fashion-mnist-cnn');
  try {
    assert.throws(() => cnn.collage(9), /a collage classifier for k=9/);
  } finally {
    await cnn.close();
  }
  const s = await scratchSet((m) => {
    m.models.push({ id: 'collage-k4', role: 'collage', file: 'not-there.onnx', sha256: '0'.repeat(64), architecture: 'a', encoder: 'concatenation', k: 4, figures: {} } as never);
  });
  try {
    await loadModelSet('scratch', s.root);
    assert.unreachable('a missing collage file was accepted');
  } catch (err) {
    assert.match((err as Error).message, /models\[1\]\.file: expected a model file/);
  } finally {
    await s.cleanup();
  }
});

test('an ONNX file whose input is not [N,1,28,28] is an input error when it opens (a run meets it when it scores its first run)', async () => {
  const s = await scratchSet(async (m, dir) => {
    await copyFile('models/fixtures/bad-input-shape.onnx', join(dir, 'bad.onnx'));
    m.models[0]!.file = 'bad.onnx';
    m.models[0]!.sha256 = createHash('sha256').update(await readFile(join(dir, 'bad.onnx'))).digest('hex');
  });
  try {
    const set = await loadModelSet('scratch', s.root);
    await rejects(set.deployed.model.open(), /bad\.onnx: input .*expected float32 \[N,1,28,28\].*found float32 \[N,3,8,8\]/);
    await rejects(set.deployed.model.run(new Float32Array(784), 1), /bad\.onnx: input /);
    await set.close();
    // A run opens the models its strategies use while it simulates its first run, and fails with
    // the same message when it scores that run: no run counts as done, nothing is written.
    const scenario = loadScenario({ name: 'bad-model', queries: 100, arrivals: { process: 'poisson', rate: '50/s' }, cluster: { instances: 2, service: '10ms' }, strategies: ['none'], models: 'scratch' });
    let progressed = 0;
    await rejects(runScenario(scenario, { models: s.root, onProgress: () => progressed++ }), /bad\.onnx: input /);
    assert.is(progressed, 0);
  } finally {
    await s.cleanup();
  }
});

test('a parity model whose outputs are not 10 an image is an input error naming its file when a run is scored, with nothing counted done', async () => {
  const s = await scratchSet(async (m, dir) => {
    // The collage classifier for k = 4 opens as any model does ([N,1,28,28] in) but answers 40
    // logits an image. Exponential service makes a parity output come first often enough.
    await copyFile(`models/${SET}/collage-k4.onnx`, join(dir, 'wrong-width.onnx'));
    const sha256 = createHash('sha256').update(await readFile(join(dir, 'wrong-width.onnx'))).digest('hex');
    const original = JSON.parse(await readFile(`models/${SET}/manifest.json`, 'utf8')) as { models: { id: string }[] };
    const entry = original.models.find((e) => e.id === 'parity-addition-k2')!;
    m.models.push({ ...entry, file: 'wrong-width.onnx', sha256 } as never);
  });
  try {
    const scenario = loadScenario({ name: 'wrong-width', queries: 400, arrivals: { process: 'poisson', rate: '100/s' }, cluster: { instances: 2, service: { dist: 'exponential', mean: '10ms' } }, strategies: [{ kind: 'parm', k: 2 }], models: 'scratch' });
    let progressed = 0;
    await rejects(runScenario(scenario, { models: s.root, onProgress: () => progressed++ }), /wrong-width\.onnx: output.*logits \[\d+,10\].*\[\d+,40\]/);
    assert.is(progressed, 0);
  } finally {
    await s.cleanup();
  }
});

test.run();
