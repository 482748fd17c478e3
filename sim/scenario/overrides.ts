/**
 * Command-line overrides, applied to the raw document before validation: `--set path=value`
 * (the value read as YAML, so `300/s`, `3`, `[1, 0.5]` and `{kind: parm, k: 3}` all work), and
 * --seed / --seeds / --queries. With `sweepFromSet`, a list set on a path that does not hold a list
 * becomes a sweep over those values (`sweep --set 'arrivals.rate=[150/s,270/s]'`). A value set on
 * a path the scenario sweeps (or on a part or a whole of one) takes that axis out of the sweep:
 * otherwise every sweep point would overwrite what the command line asked for.
 */
import YAML from 'yaml';
import { InputError } from '../errors.js';
import { scenarioFormat } from './format/scenario.js';
import { isRecord } from '../input/core.js';
import { checkPath, formatPath, nodesAt, parsePath, setPath, type Segment } from './paths.js';

export interface OverrideOptions {
  /** `path=value` assignments, applied in order. */
  set?: readonly string[];
  /** Replaces `seed`. */
  seed?: number;
  /** Replaces `seeds`. */
  seeds?: number;
  /** Replaces `queries`. */
  queries?: number;
  /** Treat a list set on a non-list path as a sweep over its values. */
  sweepFromSet?: boolean;
}

const COMMAND_LINE = 'command line';

/** Returns a copy of `raw` with the overrides applied, and which paths they touched. */
export function applyOverrides(raw: Record<string, unknown>, options: OverrideOptions): { doc: Record<string, unknown>; overridden: Map<string, string> } {
  const doc = structuredClone(raw);
  const overridden = new Map<string, string>();
  for (const assignment of options.set ?? []) {
    const where = { file: COMMAND_LINE, field: `--set ${assignment}` };
    const { path, value } = splitAssignment(assignment, where);
    const segments = checkPath(scenarioFormat, path, where);
    const canonical = formatPath(segments);
    const becomesAxis = options.sweepFromSet === true && Array.isArray(value) && !nodesAt(scenarioFormat, segments).some((n) => n.isList);
    unsweep(doc, segments, becomesAxis ? canonical : null, assignment, overridden);
    if (becomesAxis) {
      if (doc.sweep === undefined || doc.sweep === null) doc.sweep = {};
      if (isRecord(doc.sweep)) {
        doc.sweep[canonical] = value;
        overridden.set(`sweep.${canonical}`, `--set ${assignment}`);
        continue;
      }
    }
    setPath(scenarioFormat, doc, segments, value, where);
    overridden.set(canonical, `--set ${assignment}`);
  }
  for (const key of ['seed', 'seeds', 'queries'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    // Both --seed 7 and --set seed=5: one of them would be dropped without a word.
    const set = overridden.get(key);
    if (set !== undefined) throw new InputError(COMMAND_LINE, `--${key} ${value}`, `--${key} or ${set}, not both`, 'both');
    doc[key] = value;
    overridden.set(key, `--${key} ${value}`);
  }
  return { doc, overridden };
}

/**
 * Removes the sweep axes that overlap `segments` (one path a prefix of the other), except `keep`,
 * the axis the assignment itself sets (its values are replaced where the axis stands).
 */
function unsweep(doc: Record<string, unknown>, segments: readonly Segment[], keep: string | null, assignment: string, overridden: Map<string, string>): void {
  if (!isRecord(doc.sweep)) return;
  for (const key of Object.keys(doc.sweep)) {
    const axis = parsePath(key);
    if (axis === undefined || key === keep) continue; // not a path: checkSweep names it later
    const shared = Math.min(axis.length, segments.length);
    if (axis.slice(0, shared).every((s, i) => s === segments[i])) {
      delete doc.sweep[key];
      overridden.set(`sweep.${key}`, `--set ${assignment}`);
    }
  }
  if (Object.keys(doc.sweep).length === 0) delete doc.sweep;
}

function splitAssignment(assignment: string, where: { file: string; field: string }): { path: string; value: unknown } {
  const equals = assignment.indexOf('=');
  if (equals < 0) throw new InputError(where.file, where.field, 'path=value, e.g. arrivals.rate=300/s', `"${assignment}"`);
  const path = assignment.slice(0, equals).trim();
  const text = assignment.slice(equals + 1);
  try {
    return { path, value: YAML.parse(text) as unknown };
  } catch (err) {
    const why = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    throw new InputError(where.file, where.field, 'a value written as in YAML, e.g. 300/s, 3 or [150/s, 270/s]', `"${text}"`, why);
  }
}
