/**
 * The CI gate, end to end:
 *
 *   loadScenario + parseClaims   every scenario and its `expect` claims, before anything runs
 *   readBaseline                 the committed baseline, and an entry for every scenario (unless --update)
 *   runExperiment                each scenario, all strategies × sweep points × seeds
 *   recordResults                → the metrics a baseline keeps
 *   compareScenario              → a verdict per scenario × strategy × sweep point × metric
 *   evaluateClaims               → the claims, true or false (computed by runExperiment)
 *   writeBaseline                with --update, when every claim holds
 *
 * Scenario files, claims and the baseline are all checked before the first simulation: a typo in
 * the last scenario's claims must not cost the first scenario's run. (A scenario's model set is
 * checked by runExperiment before that scenario simulates anything.)
 */
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { parseClaims } from '../scenario/claims.js';
import { overloadWarnings } from '../experiment/capacity.js';
import { expandScenario } from '../scenario/expand.js';
import { GENERATOR, runExperiment } from '../experiment/experiment.js';
import type { ClaimResult } from '../metrics/types.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { BASELINE_VERSION, pointKey, readBaseline, recordResults, writeBaseline, type Baseline, type ScenarioRecord } from './baseline.js';
import { compareScenario, FAILING, markUnstable, type Comparison } from './compare.js';
import type { Tolerances } from './tolerance.js';

export interface CheckOptions {
  scenarios: readonly string[];
  baseline: string;
  update: boolean;
  tolerances: Tolerances;
  /** Overrides for every scenario, as for `run`. */
  set?: string[];
  seed?: number;
  seeds?: number;
  queries?: number;
  workers?: number;
  /** Where model sets live. */
  modelsRoot?: string;
  memoryLimit?: number;
  /** Called once, before anything runs, with a line per overloaded strategy (offered load ≥ 1). */
  onWarning?: (line: string) => void;
  /** Called when a scenario starts, and with its progress. */
  onScenario?: (name: string) => { update(done: number, total: number): void; end(): void };
}

export interface ScenarioCheck {
  name: string;
  file: string | null;
  comparisons: Comparison[];
  claims: ClaimResult[];
  /** Things a reader should know, e.g. a baseline made with another number of queries. */
  notes: string[];
}

export interface CheckReport {
  scenarios: ScenarioCheck[];
  tolerances: Tolerances;
  update: boolean;
  /** With --update: whether the baseline was written (not when a claim fails). */
  written: boolean;
  baselineFile: string;
  notes: string[];
}

export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const scenarios = options.scenarios.map((file) => loadOne(file, options));
  const seen = new Map<string, string>();
  for (const s of scenarios) {
    const other = seen.get(s.name);
    if (other !== undefined) throw new InputError(s.file ?? 'scenario', 'name', `a name no other checked scenario has (the baseline is keyed by name)`, `${JSON.stringify(s.name)}, also the name of ${other}`);
    seen.set(s.name, s.file ?? 'scenario');
  }
  const notes: string[] = [];
  const previous = options.update ? previousBaseline(options.baseline, notes) : readBaseline(options.baseline);
  if (!options.update) {
    for (const s of scenarios) {
      if (!previous?.scenarios[s.name]) {
        throw new InputError(options.baseline, `scenarios.${s.name}`, `a baseline entry for scenario ${JSON.stringify(s.name)} (${s.file})`, 'none', `run the check with --update to add it, and commit ${options.baseline}`);
      }
    }
  }

  for (const s of scenarios) for (const line of overloadWarnings(expandScenario(s))) options.onWarning?.(`${s.name}: ${line}`);
  const checks: ScenarioCheck[] = [];
  const records: Record<string, ScenarioRecord> = {};
  for (const scenario of scenarios) {
    const progress = options.onScenario?.(scenario.name);
    const { results } = await runExperiment(scenario, { workers: options.workers, modelsRoot: options.modelsRoot, memoryLimit: options.memoryLimit, onProgress: progress?.update });
    progress?.end();
    const now = recordResults(results);
    const before = previous?.scenarios[scenario.name];
    records[scenario.name] = now;
    const scenarioNotes: string[] = [];
    if (before && before.queries !== now.queries) {
      scenarioNotes.push(`the baseline was made with ${before.queries} queries per run, this check ran ${now.queries}: percentiles of runs of different lengths are not strictly comparable`);
    }
    const unstable = new Set(results.runs.filter((r) => r.unstable).map((r) => `${r.strategy}|${pointKey(r.sweep)}`));
    const compared = before ? compareScenario(scenario.name, before, now, options.tolerances) : [];
    checks.push({ name: scenario.name, file: scenario.file, comparisons: markUnstable(compared, scenario.name, now, unstable, options.tolerances), claims: results.expect, notes: scenarioNotes });
  }

  let written = false;
  if (options.update && checks.every((c) => c.claims.every((claim) => claim.holds) && c.comparisons.every((x) => x.verdict !== 'unstable'))) {
    const merged = { ...(previous?.scenarios ?? {}), ...records };
    const sorted = Object.fromEntries(Object.keys(merged).sort().map((name) => [name, merged[name]!]));
    const baseline: Baseline = { version: BASELINE_VERSION, generator: GENERATOR, scenarios: sorted };
    writeBaseline(options.baseline, baseline);
    written = true;
  }
  return { scenarios: checks, tolerances: options.tolerances, update: options.update, written, baselineFile: options.baseline, notes };
}

/** Whether the check passes: no failing verdict (unless updating) and no failed claim. */
export function passed(report: CheckReport): boolean {
  return report.scenarios.every((s) => s.claims.every((c) => c.holds) && s.comparisons.every((c) => (report.update ? c.verdict !== 'unstable' : !FAILING.includes(c.verdict))));
}

function loadOne(file: string, options: CheckOptions): Scenario {
  const scenario = loadScenario(file, { set: options.set, seed: options.seed, seeds: options.seeds, queries: options.queries });
  parseClaims(scenario);
  return scenario;
}

/**
 * With --update the old baseline is only a source of other scenarios' entries and of the
 * changes to show: a missing one is created, and an unreadable one replaced (with a note), since
 * rewriting it is what was asked for.
 */
function previousBaseline(file: string, notes: string[]): Baseline | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return readBaseline(file);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    notes.push(`the previous baseline could not be read and is replaced (${err.message})`);
    return undefined;
  }
}
