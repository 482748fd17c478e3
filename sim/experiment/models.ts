import { InputError } from '../errors.js';
import { loadModelSet, type ModelSet } from '../predict/model-set.js';
import type { Scenario } from '../scenario/types.js';
import { modelsRoot } from '../predict/models-root.js';
import { SECOND_PARITY } from '../predict/decode.js';

/**
 * Loads the scenario's model set and checks, before anything runs, that it has a model for every
 * strategy that needs one (a parity model for each parm (k, encoder), a backup model for backup),
 * that every model file is the one its manifest records, and that its test split holds every
 * sample the queries may draw (`samples`, the largest over the run points). Opens the models the
 * strategies use, and only those: a set holds a dozen models, a scenario uses a few, and opening
 * one is most of what loading costs.
 *
 * `beside: true` (a simulated run) does not wait for the opening: it asks the inference thread to
 * open the models and then to run the deployed model over the whole test split (which scoring
 * every run needs), and returns, so that this work goes on while the runs are simulated. A model
 * onnxruntime cannot open then fails the command when the first run is scored, with the same
 * message, instead of before the first run.
 */
export async function modelsFor(scenario: Scenario, root = modelsRoot(), samples = scenario.world.samples, options: { beside?: boolean } = {}): Promise<ModelSet | undefined> {
  if (!scenario.models) return undefined;
  const set = await loadModelSet(scenario.models, root);
  if (samples > set.data.count) {
    throw new InputError(scenario.file ?? 'scenario', 'samples', `at most ${set.data.count} (the size of model set ${set.name}'s test split, which queries draw their samples from)`, String(samples));
  }
  const used = new Set([set.deployed]);
  scenario.strategies.forEach((strategy, i) => {
    const field = `strategies[${i}] (${strategy.label})`;
    if (strategy.kind === 'collage' && !set.hasCollage(strategy.k)) {
      throw new InputError(scenario.file ?? 'scenario', field, `a collage classifier in model set ${set.name} for k=${strategy.k}`, 'none');
    }
    if (strategy.kind === 'parm' && (strategy.r ?? 1) > 1 && !set.hasParity(strategy.k, SECOND_PARITY)) {
      throw new InputError(scenario.file ?? 'scenario', field, `a parity model in model set ${set.name} for the ${SECOND_PARITY} encoder with k=${strategy.k} (r = 2's second parity)`, 'none');
    }
    if (strategy.kind === 'parm' && !set.hasParity(strategy.k, strategy.encoder)) {
      throw new InputError(scenario.file ?? 'scenario', field, `a parity model in model set ${set.name} for the ${strategy.encoder} encoder with k=${strategy.k}`, 'none');
    }
    if (strategy.kind === 'backup' && !set.hasBackup()) {
      throw new InputError(scenario.file ?? 'scenario', field, `a backup model in model set ${set.name}`, 'none');
    }
    if (strategy.kind === 'collage') used.add(set.collage(strategy.k));
    if (strategy.kind === 'parm') used.add(set.parity(strategy.k, strategy.encoder));
    if (strategy.kind === 'parm' && (strategy.r ?? 1) > 1) used.add(set.parity(strategy.k, SECOND_PARITY));
    if (strategy.kind === 'backup') used.add(set.backup!);
  });
  if (!options.beside) {
    for (const m of used) await m.model.open();
    return set;
  }
  // Both are asked for now and kept: scoring awaits the same promises, and meets any failure there.
  for (const m of used) m.model.open().catch(() => {});
  set.deployedClasses().catch(() => {});
  return set;
}
