/**
 * A model set's manifest.json (written by models/pipeline/build.py), read and checked field by
 * field so that a hand-edited or truncated manifest fails with the path of the bad field.
 */
import { childPath, fail, mapped, parseInput } from '../input/core.js';
import { anyObject, list, openObject, optional, required } from '../input/composites.js';
import { anything, choice, int, num, str } from '../input/scalars.js';
import { encoderNames, type EncoderName } from './encoders/index.js';

/**
 * 'collage': a classifier of the `concatenation` encoding of k images (logits [N, 10 k], 10 per
 * tile in group order); listed with its figures, not loaded or run by the simulator.
 */
export type ModelRole = 'deployed' | 'parity' | 'backup' | 'collage';

export interface ModelFigures {
  availableAccuracy: number | null;
  degradedAccuracy: number | null;
  reconstructionAccuracy: number | null;
  /** Collage classifiers: share of tiles classified right. */
  tileAccuracy: number | null;
}

export interface ModelEntry {
  id: string;
  role: ModelRole;
  file: string;
  sha256: string;
  architecture: string;
  encoder: EncoderName | null;
  k: number | null;
  /** Training details as the pipeline recorded them (recipe, epochs, validation figures). */
  training: Record<string, unknown>;
  figures: ModelFigures;
}

export interface SetManifest {
  name: string;
  defaultClass: number;
  groupSeed: number;
  /** Sample count the groups were drawn from (the test split). */
  groupPopulation: number;
  models: ModelEntry[];
  /** Recipe comparisons the pipeline ran, as recorded (for listing only). */
  recipeTrials: unknown[];
}

const roles: readonly ModelRole[] = ['deployed', 'parity', 'backup', 'collage'];

const text = str({ nonEmpty: true });

const figures = openObject({
  available_accuracy: optional(num(), 'Accuracy of the model on the test split.'),
  degraded_accuracy: optional(num(), 'Accuracy of reconstructions over every erased position (parity models).'),
  reconstruction_accuracy: optional(num(), 'Agreement of reconstructions with the deployed model.'),
  tile_accuracy: optional(num(), 'Share of tiles classified right (collage classifiers).'),
}, 'model figures');

/** One model: the keys every role has, then those a parity model needs (its encoder, k, degraded accuracy). */
const entry = mapped(openObject({
  role: required(choice(...roles), 'What the model does.'),
  id: required(text, 'Its name in the set.'),
  file: required(text, 'The ONNX file, relative to the manifest.'),
  sha256: required(text, 'Checksum of the file.'),
  architecture: required(text, 'The network.'),
  encoder: optional(anything(), 'How queries are encoded (parity models).'),
  k: optional(anything(), 'Queries per coding group (parity models).'),
  training: optional(anyObject(), 'Training details as the pipeline recorded them.'),
  figures: required(figures, 'Measured figures.'),
}, 'a model entry'), (e, path, ctx): ModelEntry => {
  const model: ModelEntry = {
    id: e.id,
    role: e.role,
    file: e.file,
    sha256: e.sha256,
    architecture: e.architecture,
    encoder: null,
    k: null,
    training: e.training ?? {},
    figures: {
      availableAccuracy: e.figures.available_accuracy ?? null,
      degradedAccuracy: e.figures.degraded_accuracy ?? null,
      reconstructionAccuracy: e.figures.reconstruction_accuracy ?? null,
      tileAccuracy: e.figures.tile_accuracy ?? null,
    },
  };
  if (model.role === 'parity') {
    model.encoder = choice(...encoderNames).parse(e.encoder, childPath(path, 'encoder'), ctx);
    model.k = int(2, 16).parse(e.k, childPath(path, 'k'), ctx);
    if (model.figures.degradedAccuracy === null) fail(ctx, childPath(childPath(path, 'figures'), 'degraded_accuracy'), 'a number', undefined, 'a parity model\'s figures give it');
  }
  if (model.role === 'collage') {
    model.encoder = choice(...encoderNames).parse(e.encoder, childPath(path, 'encoder'), ctx);
    model.k = int(2, 16).parse(e.k, childPath(path, 'k'), ctx);
  }
  return model;
});

/** The whole manifest; exactly one model is deployed, the one the others stand in for. */
const manifest = mapped(openObject({
  name: required(text, 'The set\'s name.'),
  default_class: required(int(0, 9), 'The class answered for a query with no output.'),
  groups: required(openObject({
    seed: required(int(0, 0xffffffff), 'Seed of the coding groups\' sampling.'),
    population: required(int(1, 1e9), 'Samples the groups were drawn from (the test split).'),
  }, 'groups'), 'How the evaluation groups were drawn.'),
  models: required(list(entry), 'The deployed model, its parity models and backups.'),
  recipe_trials: optional(anything(), 'Recipe comparisons the pipeline ran.'),
}, 'a model set manifest'), (m, path, ctx): SetManifest => {
  const deployed = m.models.filter((e) => e.role === 'deployed');
  if (deployed.length !== 1) fail(ctx, childPath(path, 'models'), 'exactly one model with role "deployed"', deployed.length);
  return {
    name: m.name,
    defaultClass: m.default_class,
    groupSeed: m.groups.seed,
    groupPopulation: m.groups.population,
    models: m.models,
    recipeTrials: Array.isArray(m.recipe_trials) ? m.recipe_trials : [],
  };
});

export function parseManifest(raw: unknown, file: string): SetManifest {
  return parseInput(manifest, raw, file);
}
