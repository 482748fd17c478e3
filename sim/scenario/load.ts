/**
 * The scenario layer's entry: file → document → overrides → validated, unit-normalised Scenario.
 *
 *   readDocument (YAML/JSON, with line and column on syntax errors)
 *   → applyOverrides (--set, --seed, --queries; lists become sweeps with sweepFromSet)
 *   → build (scenarioFormat.parse: shapes, units, ranges; normalise: cross-key defaults and checks, labels)
 *   → checkSweep (every sweep key a known path, every value valid at it)
 *   → parseClaims (every `expect:` claim readable, its labels the strategies', its metrics known)
 *
 * Every problem is one InputError naming the file, the field path, what was expected and what was found.
 */
import { describeValue, InputError } from '../errors.js';
import { CsvReader } from '../input/csv-files.js';
import { isRecord } from '../input/core.js';
import { applyOverrides, type OverrideOptions } from './overrides.js';
import { readDocument } from './read.js';
import { build, remember, type Source } from './source.js';
import { checkSweep } from './sweep.js';
import { parseClaims } from './claims.js';
import type { Scenario } from './types.js';

export type LoadOptions = OverrideOptions;

/** Reads, overrides, validates and normalises a .yaml, .yml or .json scenario file. */
export function loadScenario(file: string, options: LoadOptions = {}): Scenario {
  return parseScenario(readDocument(file), file, options);
}

/** The same for a document already in memory; `file` names it in messages and anchors relative CSV paths. */
export function parseScenario(raw: unknown, file: string, options: LoadOptions = {}): Scenario {
  if (!isRecord(raw)) {
    throw new InputError(file, '', 'a scenario (an object with name, queries, arrivals, cluster, strategies)', describeValue(raw));
  }
  const { doc, overridden } = applyOverrides(raw, options);
  const source: Source = { file, doc, csv: new CsvReader(file), overridden };
  const scenario = build(source, doc);
  source.base = scenario.strategies;
  checkSweep(source, scenario.sweep);
  parseClaims(scenario);
  return remember(scenario, source);
}
