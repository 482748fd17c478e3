/**
 * A loaded scenario remembers the raw document it came from (after --set, before the sweep),
 * because a sweep is applied to the raw document and re-validated per point: that way any path
 * the format knows can be swept, and a bad value fails naming its path. The Scenario type stays
 * plain data; the document hangs off it in a WeakMap.
 */
import { InputError } from '../errors.js';
import { CsvReader } from '../input/csv-files.js';
import { scenarioFormat } from './format/scenario.js';
import { normalise } from './normalise.js';
import type { StrategySpec } from '../strategies/spec.js';
import type { Scenario } from './types.js';

export interface Source {
  file: string;
  /** The document after overrides, sweep included. */
  doc: Record<string, unknown>;
  /** Shared across sweep points so each CSV file is read once. */
  csv: CsvReader;
  /** Paths set from the command line → how they were set, to say so in messages. */
  overridden: ReadonlyMap<string, string>;
  /** The strategies of the scenario before any sweep point, whose labels points keep. */
  base?: readonly StrategySpec[];
}

const sources = new WeakMap<Scenario, Source>();

export function remember(scenario: Scenario, source: Source): Scenario {
  sources.set(scenario, source);
  return scenario;
}

export function sourceOf(scenario: Scenario): Source | undefined {
  return sources.get(scenario);
}

/** Validates and normalises `doc` (the source's document, or a sweep point's variant of it). */
export function build(source: Source, doc: Record<string, unknown>): Scenario {
  try {
    const parsed = scenarioFormat.parse(doc, '', { file: source.file, csv: source.csv });
    return normalise(parsed, doc, source.file, source.base);
  } catch (err) {
    throw err instanceof InputError ? blameOverride(err, source.overridden) : err;
  }
}

/** A value the command line put there should say so: the file alone would mislead. */
export function blameOverride(err: InputError, overridden: ReadonlyMap<string, string>): InputError {
  for (const [path, how] of overridden) {
    const already = err.hint?.includes('set by ') ?? false;
    if (!already && (err.field === path || err.field.startsWith(`${path}.`) || err.field.startsWith(`${path}[`))) {
      return new InputError(err.file, err.field, err.expected, err.found, [err.hint, `set by ${how}`].filter(Boolean).join('; '));
    }
  }
  return err;
}
