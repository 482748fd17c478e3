/**
 * Sweeps: each key a path the format knows, each value applied to the raw document and the
 * whole re-validated, so a value that is wrong at its path fails like a wrong value in the file,
 * naming the sweep entry.
 */
import type { SweepPoint } from '../metrics/types.js';
import { InputError } from '../errors.js';
import { scenarioFormat } from './format/scenario.js';
import { checkPath, type Segment, setPath } from './paths.js';
import { blameOverride, build, type Source } from './source.js';
import type { Scenario } from './types.js';

/** Keys that describe the run rather than the system, so sweeping them means nothing. */
const UNSWEEPABLE = ['name', 'seed', 'seeds', 'sweep', 'expect'];

export interface SweepAxis {
  path: string;
  segments: Segment[];
  values: (string | number | boolean)[];
}

/** Checks every sweep key, and every value on its own against the base document. */
export function checkSweep(source: Source, sweep: Scenario['sweep']): SweepAxis[] {
  const axes = sweepAxes(source, sweep);
  for (const axis of axes) {
    axis.values.forEach((_, i) => pointScenario(source, [[axis, i]]));
  }
  return axes;
}

/** The sweep's paths, checked against the format, in the order written. */
export function sweepAxes(source: Source, sweep: Scenario['sweep']): SweepAxis[] {
  return Object.entries(sweep).map(([path, values]): SweepAxis => {
    const where = { file: source.file, field: `sweep.${path}` };
    const segments = checkPath(scenarioFormat, path, where);
    if (typeof segments[0] === 'string' && UNSWEEPABLE.includes(segments[0])) {
      throw new InputError(source.file, where.field, 'a path into the simulated system', `"${path}"`, `${segments[0]} cannot be swept${segments[0] === 'seed' ? '; use seeds for replications' : ''}`);
    }
    return { path, segments, values };
  });
}

/** Every combination of one value per axis, the first axis varying slowest. */
export function sweepPoints(axes: readonly SweepAxis[]): [SweepAxis, number][][] {
  let points: [SweepAxis, number][][] = [[]];
  for (const axis of axes) points = points.flatMap((point) => axis.values.map((_, i) => [...point, [axis, i] as [SweepAxis, number]]));
  return points;
}

export function pointOf(choice: readonly [SweepAxis, number][]): SweepPoint {
  return Object.fromEntries(choice.map(([axis, i]) => [axis.path, axis.values[i]!]));
}

/** The scenario with each chosen axis set to its chosen value; its own sweep is emptied. */
export function pointScenario(source: Source, choice: readonly [SweepAxis, number][]): Scenario {
  const doc = structuredClone(source.doc);
  delete doc.sweep;
  for (const [axis, i] of choice) {
    setPath(scenarioFormat, doc, axis.segments, axis.values[i], { file: source.file, field: `sweep.${axis.path}` });
  }
  try {
    return build(source, doc);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw blameOverride(blameAxis(err, choice), source.overridden);
  }
}

function blameAxis(err: InputError, choice: readonly [SweepAxis, number][]): InputError {
  const under = (path: string) => err.field === path || err.field.startsWith(`${path}.`) || err.field.startsWith(`${path}[`);
  const culprit = choice.find(([axis]) => under(axis.path));
  if (culprit) {
    const [axis, i] = culprit;
    const deeper = err.field === axis.path ? undefined : `at ${err.field}`;
    return new InputError(err.file, `sweep.${axis.path}[${i}]`, err.expected, err.found, [deeper, err.hint].filter(Boolean).join('; ') || undefined);
  }
  const setting = choice.map(([axis, i]) => `${axis.path}=${JSON.stringify(axis.values[i])}`).join(', ');
  return new InputError(err.file, err.field, err.expected, err.found, [err.hint, `with sweep ${setting}`].filter(Boolean).join('; '));
}
