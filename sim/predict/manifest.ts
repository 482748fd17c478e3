/**
 * A model set's manifest.json (written by models/pipeline/build.py), read and checked field by
 * field so that a hand-edited or truncated manifest fails with the path of the bad field.
 */
import { InputError, describeValue } from '../errors.js';
import { isEncoderName, encoderNames, type EncoderName } from './encoders/index.js';
import {
  optionalNumber,
  requireArray,
  requireInteger,
  requireNumber,
  requireObject,
  requireString,
} from './json-fields.js';

export type ModelRole = 'deployed' | 'parity' | 'backup';

export interface ModelFigures {
  availableAccuracy: number | null;
  degradedAccuracy: number | null;
  reconstructionAccuracy: number | null;
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

const roles: readonly ModelRole[] = ['deployed', 'parity', 'backup'];

export function parseManifest(raw: unknown, file: string): SetManifest {
  const m = requireObject(raw, file, '');
  const groups = requireObject(m['groups'], file, 'groups');
  const models = requireArray(m['models'], file, 'models').map((entry, i) => parseEntry(entry, file, `models[${i}]`));
  const deployed = models.filter((e) => e.role === 'deployed');
  if (deployed.length !== 1) throw new InputError(file, 'models', 'exactly one model with role "deployed"', `${deployed.length}`);
  return {
    name: requireString(m['name'], file, 'name'),
    defaultClass: requireInteger(m['default_class'], file, 'default_class', 0, 9),
    groupSeed: requireInteger(groups['seed'], file, 'groups.seed', 0, 0xffffffff),
    groupPopulation: requireInteger(groups['population'], file, 'groups.population', 1, 1e9),
    models,
    recipeTrials: Array.isArray(m['recipe_trials']) ? m['recipe_trials'] : [],
  };
}

function parseEntry(raw: unknown, file: string, at: string): ModelEntry {
  const e = requireObject(raw, file, at);
  const role = e['role'];
  if (typeof role !== 'string' || !(roles as readonly string[]).includes(role)) {
    throw new InputError(file, `${at}.role`, `one of ${roles.join(', ')}`, describeValue(role));
  }
  const figures = requireObject(e['figures'], file, `${at}.figures`);
  const entry: ModelEntry = {
    id: requireString(e['id'], file, `${at}.id`),
    role: role as ModelRole,
    file: requireString(e['file'], file, `${at}.file`),
    sha256: requireString(e['sha256'], file, `${at}.sha256`),
    architecture: requireString(e['architecture'], file, `${at}.architecture`),
    encoder: null,
    k: null,
    training: e['training'] === undefined ? {} : requireObject(e['training'], file, `${at}.training`),
    figures: {
      availableAccuracy: optionalNumber(figures['available_accuracy'], file, `${at}.figures.available_accuracy`),
      degradedAccuracy: optionalNumber(figures['degraded_accuracy'], file, `${at}.figures.degraded_accuracy`),
      reconstructionAccuracy: optionalNumber(figures['reconstruction_accuracy'], file, `${at}.figures.reconstruction_accuracy`),
    },
  };
  if (entry.role === 'parity') {
    const encoder = e['encoder'];
    if (!isEncoderName(encoder)) throw new InputError(file, `${at}.encoder`, `one of ${encoderNames.join(', ')}`, describeValue(encoder));
    entry.encoder = encoder;
    entry.k = requireInteger(e['k'], file, `${at}.k`, 2, 16);
    if (entry.figures.degradedAccuracy === null) requireNumber(undefined, file, `${at}.figures.degraded_accuracy`);
  }
  return entry;
}
