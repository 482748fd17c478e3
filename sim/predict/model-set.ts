/**
 * A model set (models/<name>/): the deployed model, its parity models and the backup model,
 * loaded and checked up front, plus the test split they are scored on.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { allInOrder } from './in-order.js';
import { InputError } from '../errors.js';
import { loadTestSplit, type TestSplit } from './dataset.js';
import { toUnitPixels } from './unit-pixels.js';
import { argmax } from './decoder.js';
import { IMAGE_SIZE, type EncoderName } from './encoders/index.js';
import { readJson } from '../input/read-json.js';
import { parseManifest, type ModelEntry, type SetManifest } from './manifest.js';
import { dataDir, modelsRoot } from './models-root.js';
import { CLASSES, OnnxModel } from './onnx-model.js';

export interface LoadedModel {
  entry: ModelEntry;
  model: OnnxModel;
}

export class ModelSet {
  private deployedOutputs: Promise<Float32Array> | null = null;
  private deployedPredictions: Promise<Uint8Array> | null = null;
  private backupPredictions: Promise<Uint8Array> | null = null;
  private unitPixels: Float32Array | null = null;

  constructor(
    readonly name: string,
    readonly dir: string,
    readonly manifest: SetManifest,
    readonly data: TestSplit,
    readonly deployed: LoadedModel,
    readonly parityModels: readonly LoadedModel[],
    readonly backup: LoadedModel | null,
    /** Collage classifiers: the concatenation encoding of k images in, 10 logits per tile out. */
    readonly collages: readonly LoadedModel[] = [],
  ) {}

  hasCollage(k: number): boolean {
    return this.collages.some((c) => c.entry.k === k);
  }

  /** The collage classifier for k, or an InputError naming what the set has. */
  collage(k: number): LoadedModel {
    const found = this.collages.find((c) => c.entry.k === k);
    if (!found) throw new InputError(join(this.dir, 'manifest.json'), 'models', `a collage classifier for k=${k}`, this.collages.map((c) => `k=${c.entry.k}`).join(', ') || 'none');
    return found;
  }

  get defaultClass(): number {
    return this.manifest.defaultClass;
  }

  hasParity(k: number, encoder: EncoderName): boolean {
    return this.parityModels.some((p) => p.entry.k === k && p.entry.encoder === encoder);
  }

  hasBackup(): boolean {
    return this.backup !== null;
  }

  /** The parity model for (k, encoder), or an InputError naming what the set has. */
  parity(k: number, encoder: EncoderName): LoadedModel {
    const found = this.parityModels.find((p) => p.entry.k === k && p.entry.encoder === encoder);
    if (!found) {
      const have = this.parityModels.map((p) => `${p.entry.encoder} k=${p.entry.k}`).join(', ') || 'none';
      throw new InputError(join(this.dir, 'manifest.json'), 'models', `a parity model for ${encoder} k=${k}`, have);
    }
    return found;
  }

  /** Every test image as float32 [0,1] pixels (the deployed and backup models' input), made on first use: 31 MB. */
  pixels(): Float32Array {
    this.unitPixels ??= toUnitPixels(this.data.images);
    return this.unitPixels;
  }

  /** The deployed model's logits for every test sample (count * 10), computed once. */
  deployedLogits(): Promise<Float32Array> {
    this.deployedOutputs ??= this.logitsOfEveryImage(this.deployed.model);
    return this.deployedOutputs;
  }

  /** The deployed model's predicted class for every test sample, computed once. */
  deployedClasses(): Promise<Uint8Array> {
    this.deployedPredictions ??= this.deployedLogits().then((logits) => classesOf(logits, this.data.count));
    return this.deployedPredictions;
  }

  /** The backup model's predicted class for every test sample, computed once. */
  backupClasses(): Promise<Uint8Array> {
    const backup = this.backup;
    if (!backup) throw new InputError(join(this.dir, 'manifest.json'), 'models', 'a model with role "backup"', 'none');
    this.backupPredictions ??= this.logitsOfEveryImage(backup.model).then((logits) => classesOf(logits, this.data.count));
    return this.backupPredictions;
  }

  /** `model`'s logits for every test sample, each image converted where the model runs (no 31 MB copy of the split). */
  private logitsOfEveryImage(model: OnnxModel): Promise<Float32Array> {
    return model.runEveryImage(this.data.images, this.data.count);
  }

  async close(): Promise<void> {
    for (const m of [this.deployed, ...this.parityModels, ...(this.backup ? [this.backup] : []), ...this.collages]) await m.model.release();
  }
}

export function classesOf(logits: Float32Array, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = argmax(logits, i * CLASSES, CLASSES);
  return out;
}

/**
 * Loads models/<name>/ and the test split; every model file is read and its sha256 checked before
 * anything runs (sessions open on first use, or on `open()`; in the inference thread unless
 * `inThisThread`).
 */
export async function loadModelSet(name: string, root = modelsRoot(), options: { inThisThread?: boolean } = {}): Promise<ModelSet> {
  const dir = join(root, name);
  const manifestPath = join(dir, 'manifest.json');
  if (!(await isDirectory(dir))) {
    const known = await listModelSets(root);
    throw new InputError(dir, '', `a model set (${known.length > 0 ? `one of: ${known.join(', ')}` : `none found under ${root}`})`, 'no such folder', 'say where the sets are with --models DIR or PARM_SIM_MODELS=DIR');
  }
  const manifest = parseManifest(await readJson(manifestPath), manifestPath);
  // The split (unzipped on libuv's thread pool) and the model files are read and checked at once;
  // a failure is reported as if they were read one after another: the split's, then the first model's.
  const split = loadTestSplit(dataDir(root));
  const models = allInOrder(manifest.models.map(async (entry, i): Promise<LoadedModel> => {
    const outputs = entry.role === 'collage' ? CLASSES * entry.k! : CLASSES;
    return { entry, model: await OnnxModel.load(join(dir, entry.file), entry.sha256, manifestPath, `models[${i}].file`, outputs, options) };
  }));
  models.catch(() => {});
  const data = await split;
  if (data.count !== manifest.groupPopulation) {
    throw new InputError(manifestPath, 'groups.population', `the test split's ${data.count} samples`, String(manifest.groupPopulation));
  }
  const loaded = await models;
  const deployed = loaded.find((m) => m.entry.role === 'deployed')!;
  return new ModelSet(
    manifest.name,
    dir,
    manifest,
    data,
    deployed,
    loaded.filter((m) => m.entry.role === 'parity'),
    loaded.find((m) => m.entry.role === 'backup') ?? null,
    loaded.filter((m) => m.entry.role === 'collage'),
  );
}

/** Names of the folders under `root` that hold a manifest.json, sorted. */
export async function listModelSets(root = modelsRoot()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  const sets: string[] = [];
  for (const n of names.sort()) {
    if (await isFile(join(root, n, 'manifest.json'))) {
      if (n !== 'data') sets.push(n);
    }
  }
  return sets;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

export { IMAGE_SIZE };
