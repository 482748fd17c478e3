import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { InputError } from '../../errors.js';
import { MODELS_ENV, modelsRootOption, modelsRoot } from './options.js';
import type { ModelEntry, SetManifest } from '../../predict/manifest.js';
import { listing } from './listing.js';

interface ModelsArgs {
  json: boolean;
  trials: boolean;
  models?: string;
}

/** `parm-sim models`: what model sets exist and what their manifests claim (reads manifests only). */
export const modelsCommand: CommandModule<object, ModelsArgs> = {
  ...listing.models,
  builder: (yargs: Argv<object>) =>
    yargs
      .option('json', { type: 'boolean', default: false, describe: 'print the sets as JSON' })
      .option('trials', { type: 'boolean', default: false, describe: 'also list every training recipe the pipeline tried' })
      .option('models', modelsRootOption)
      .example('$0 models', 'a table per set: available, degraded-mode and reconstruction accuracy')
      .example('$0 models --json', 'the same as JSON, for scripts')
      .example('$0 models --trials', 'with the recipe comparison: validation and test degraded accuracy per recipe'),
  handler: async (args) => {
    const root = modelsRoot(args.models);
    const [{ readJson }, { parseManifest }, { listModelSets }] = await Promise.all([
      import('../../input/read-json.js'),
      import('../../predict/manifest.js'),
      import('../../predict/model-set.js'),
    ]);
    const sets: SetManifest[] = [];
    for (const name of await listModelSets(root)) {
      const path = join(root, name, 'manifest.json');
      sets.push(parseManifest(await readJson(path), path));
    }
    if (sets.length === 0) {
      throw new InputError(root, '', 'a folder of model sets (each a folder with a manifest.json)', 'none there', `give the folder with --models DIR or $${MODELS_ENV}`);
    }
    if (args.json) {
      process.stdout.write(`${JSON.stringify(sets.map(asJson), null, 2)}\n`);
      return;
    }
    for (const set of sets) process.stdout.write(`${renderSet(set)}\n${args.trials ? renderTrials(set) : ''}`);
  },
};

function asJson(set: SetManifest): object {
  return {
    trials: set.recipeTrials,
    name: set.name,
    defaultClass: set.defaultClass,
    groupSeed: set.groupSeed,
    models: set.models.map((m) => ({
      id: m.id,
      role: m.role,
      architecture: m.architecture,
      encoder: m.encoder,
      k: m.k,
      recipe: m.training['recipe'] ?? null,
      ...m.figures,
    })),
  };
}

function renderSet(set: SetManifest): string {
  const lines = [`${set.name}  (default answer: class ${set.defaultClass}; groups seed ${set.groupSeed})`];
  for (const m of set.models) lines.push(`  ${describeModel(m)}`);
  return lines.join('\n');
}

function describeModel(m: ModelEntry): string {
  const pct = (v: number | null): string => (v === null ? '-' : (100 * v).toFixed(1).padStart(5));
  const what = m.role === 'parity' || m.role === 'collage' ? `${m.role} ${m.encoder} k=${m.k}` : m.role;
  const figures =
    m.role === 'parity'
      ? `degraded ${pct(m.figures.degradedAccuracy)}%  reconstruction ${pct(m.figures.reconstructionAccuracy)}%`
      : m.role === 'collage'
        ? `tile accuracy ${pct(m.figures.tileAccuracy)}%`
        : `available ${pct(m.figures.availableAccuracy)}%`;
  const recipe = m.role === 'parity' && typeof m.training['recipe'] === 'string' ? `  [recipe ${m.training['recipe']}]` : '';
  return `${what.padEnd(24)} ${figures.padEnd(46)} ${m.architecture}${recipe}`;
}

/** The pipeline's recipe comparison, as recorded: one line per (encoder, k, recipe). */
function renderTrials(set: SetManifest): string {
  if (set.recipeTrials.length === 0) return '';
  const pct = (v: unknown): string => (typeof v === 'number' ? (100 * v).toFixed(1).padStart(5) : '    -');
  const lines = ['  recipe trials (degraded accuracy %: validation / test; the best on validation is committed)'];
  const trials = set.recipeTrials.map((raw) => (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>);
  const recipeOf = (t: Record<string, unknown>) => `${String(t['recipe'])} (${String(t['epochs'])} epochs)`;
  // The recipe column is as wide as the longest recipe, so the figures line up.
  const width = Math.max(...trials.map((t) => recipeOf(t).length));
  for (const t of trials) {
    const what = `${String(t['encoder'])} k=${String(t['k'])}`.padEnd(17);
    lines.push(`    ${what} ${recipeOf(t).padEnd(width)} ${pct(t['validation_degraded_accuracy'])} / ${pct(t['test_degraded_accuracy'])}`);
  }
  return `${lines.join('\n')}\n`;
}
