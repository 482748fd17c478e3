import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The environment variable that says where model sets live, when the caller does not. */
export const MODELS_ENV = 'PARM_SIM_MODELS';

/**
 * Where model sets live: the folder given, else $PARM_SIM_MODELS, else the models/ folder of the
 * installed package — so a run from any folder, from another repository or through the library
 * API finds the committed sets, never whatever models/ the working directory happens to hold.
 */
export function modelsRoot(given?: string): string {
  if (given !== undefined && given !== '') return given;
  const env = process.env[MODELS_ENV];
  if (env !== undefined && env !== '') return env;
  // This file is dist/sim/predict/models-root.js in the installed package.
  return fileURLToPath(new URL('../../../models', import.meta.url));
}

/** The test split the model sets under `root` share. */
export function dataDir(root = modelsRoot()): string {
  return join(root, 'data');
}
