import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../../sim/errors.js';
import { loadTestSplit } from '../../sim/predict/dataset.js';

const test = suite('predict/dataset');

test('the committed test split: 10k 28x28 images, 1,000 per class', async () => {
  const split = await loadTestSplit();
  assert.is(split.count, 10000);
  assert.is(split.images.length, 10000 * 784);
  const perClass = new Array<number>(10).fill(0);
  for (const label of split.labels) perClass[label]!++;
  assert.equal(perClass, new Array<number>(10).fill(1000));
});

test('a data file that differs from the manifest\'s sha256 is an input error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parm-data-'));
  try {
    const manifest = JSON.parse(await readFile('models/data/manifest.json', 'utf8'));
    for (const f of Object.values(manifest.files) as { file: string }[]) await symlink(resolve('models/data', f.file), join(dir, f.file));
    manifest.files.labels.sha256 = 'f'.repeat(64);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
    await loadTestSplit(dir).then(
      () => assert.unreachable('expected an InputError'),
      (err: unknown) => {
        assert.instance(err, InputError);
        assert.match((err as Error).message, /t10k-labels-idx1-ubyte\.gz: sha256: expected f{64}/);
      },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
