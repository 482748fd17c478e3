/**
 * The Fashion-MNIST test split committed in models/data/: gzipped IDX files whose sha256 the
 * data manifest records. Checked on every load, so a damaged or swapped file stops the run
 * instead of quietly changing every accuracy figure.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { InputError, describeValue } from '../errors.js';
import { allInOrder } from './in-order.js';
import { dataDir as defaultDataDir } from './models-root.js';
import { parseInput } from '../input/core.js';
import { openObject, required } from '../input/composites.js';
import { str } from '../input/scalars.js';
import { readJson } from '../input/read-json.js';

export interface TestSplit {
  /** count * 784 uint8 pixels, image after image, row-major. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

const loaded = new Map<string, Promise<TestSplit>>();
const gunzipOnPool = promisify(gunzip);

/** Loads (once per data folder) and verifies the test split. */
export function loadTestSplit(dataDir = defaultDataDir()): Promise<TestSplit> {
  let split = loaded.get(dataDir);
  if (!split) {
    split = readTestSplit(dataDir);
    loaded.set(dataDir, split);
    split.catch(() => loaded.delete(dataDir));
  }
  return split;
}

/** One gzipped IDX file of the split, as the data manifest names it. */
const idxFile = openObject({
  file: required(str({ nonEmpty: true }), 'The .gz file, relative to the manifest.'),
  sha256: required(str({ nonEmpty: true }), 'Checksum of the .gz file.'),
}, 'a data file');

/** The data manifest (models/data/manifest.json): the two files of the test split; its other keys are for people. */
const dataManifest = openObject({
  files: required(openObject({ images: required(idxFile, 'The images.'), labels: required(idxFile, 'The labels.') }, 'the split\'s files'), 'The test split\'s files.'),
}, 'a data manifest');

async function readTestSplit(dataDir: string): Promise<TestSplit> {
  const manifestPath = join(dataDir, 'manifest.json');
  const { files } = parseInput(dataManifest, await readJson(manifestPath), manifestPath);
  // Both at once: each unzipped on libuv's thread pool (0.05 s for the images) while this thread goes on.
  const [images, labels] = await allInOrder([readIdx(dataDir, files, 'images', 2051, 3), readIdx(dataDir, files, 'labels', 2049, 1)]);
  const count = labels.dims[0] ?? 0;
  if (images.dims[0] !== count || images.dims[1] !== 28 || images.dims[2] !== 28) {
    throw new InputError(join(dataDir, images.file), '', `${count} images of 28x28`, `dimensions ${images.dims.join('x')}`);
  }
  // In shared memory: the inference thread reads the same pixels for the deployed model's pass
  // (ort-session.ts, runImages) instead of a copy of them.
  const shared = new Uint8Array(new SharedArrayBuffer(images.data.byteLength));
  shared.set(images.data);
  return { images: shared, labels: labels.data, count };
}

async function readIdx(
  dataDir: string,
  files: Record<'images' | 'labels', { file: string; sha256: string }>,
  role: 'images' | 'labels',
  magic: number,
  rank: number,
): Promise<{ file: string; dims: number[]; data: Uint8Array }> {
  const { file, sha256: sha } = files[role];
  const path = join(dataDir, file);
  let gz: Buffer;
  try {
    gz = await readFile(path);
  } catch {
    throw new InputError(path, '', 'the file the data manifest names', 'no such file');
  }
  const found = createHash('sha256').update(gz).digest('hex');
  if (found !== sha) throw new InputError(path, 'sha256', sha, found, 'the file differs from the one the manifest records');
  let raw: Buffer;
  try {
    // In 8 MB pieces: with the default 16 KB, unzipping the images took 480 hops between threads and longer than in this one.
    raw = await gunzipOnPool(gz, { chunkSize: 1 << 23 });
  } catch {
    throw new InputError(path, '', 'gzip data', 'something else');
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (raw.byteLength < 4 + 4 * rank || view.getUint32(0) !== magic) {
    throw new InputError(path, 'header', `IDX magic ${magic}`, describeValue(raw.byteLength >= 4 ? view.getUint32(0) : raw.byteLength));
  }
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const start = 4 + 4 * rank;
  const size = dims.reduce((a, b) => a * b, 1);
  if (raw.byteLength !== start + size) throw new InputError(path, '', `${start + size} bytes`, `${raw.byteLength}`);
  return { file, dims, data: new Uint8Array(raw.buffer, raw.byteOffset + start, size) };
}
