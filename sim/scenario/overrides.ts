/**
 * Command-line overrides, applied to the raw document before validation: `--set path=value`
 * (the value read as YAML, so `300/s`, `3`, `[1, 0.5]` and `{kind: parm, k: 3}` all work), and
 * --seed / --seeds / --queries. With `sweepFromSet`, a list set on a path that does not hold a list
 * becomes a sweep over those values (`sweep --set 'arrivals.rate=[150/s,270/s]'`).
 */
import YAML from 'yaml';
import { InputError } from '../errors.js';
import { scenarioFormat } from './format/scenario.js';
import { isRecord } from '../input/core.js';
import { checkPath, formatPath, nodesAt, setPath } from './paths.js';

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
    if (options.sweepFromSet && Array.isArray(value) && !nodesAt(scenarioFormat, segments).some((n) => n.isList)) {
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
  if (options.seed !== undefined) {
    doc.seed = options.seed;
    overridden.set('seed', `--seed ${options.seed}`);
  }
  if (options.seeds !== undefined) {
    doc.seeds = options.seeds;
    overridden.set('seeds', `--seeds ${options.seeds}`);
  }
  if (options.queries !== undefined) {
    doc.queries = options.queries;
    overridden.set('queries', `--queries ${options.queries}`);
  }
  return { doc, overridden };
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
