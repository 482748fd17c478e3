/**
 * Paths into a scenario document (`arrivals.rate`, `strategies[1].k`), as --set and sweep
 * write them: parsed, checked against the format's description, and used to replace a value in
 * a raw document before it is validated.
 */
import { describeValue, InputError } from '../errors.js';
import { isRecord, ITEM, type Node } from '../input/core.js';
import { nearest } from '../input/suggest.js';

export type Segment = string | number;

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_-]*)((?:\[\d+\])*)$/;

/** `a.b[1].c` → ['a', 'b', 1, 'c']; undefined if it is not a path. */
export function parsePath(text: string): Segment[] | undefined {
  if (text.trim() === '') return undefined;
  const segments: Segment[] = [];
  for (const part of text.trim().split('.')) {
    const match = SEGMENT.exec(part);
    if (!match) return undefined;
    segments.push(match[1]!);
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

export function formatPath(segments: readonly Segment[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** The nodes a path can lead to in the format (several through unions); [] if it leads nowhere. */
export function nodesAt(root: Node<unknown>, segments: readonly Segment[]): Node<unknown>[] {
  let current: Node<unknown>[] = [root];
  for (const segment of segments) {
    const step = typeof segment === 'number' ? ITEM : segment;
    current = current.flatMap((node) => node.children().filter(([key]) => key === step).map(([, child]) => child));
    if (current.length === 0) return [];
  }
  return current;
}

/** Every path the format knows, with `[]` for list items (for "did you mean" on paths). */
export function knownPaths(root: Node<unknown>): string[] {
  const paths = new Set<string>();
  const visit = (node: Node<unknown>, prefix: string, onPath: ReadonlySet<Node<unknown>>) => {
    if (onPath.has(node)) return; // recursive definitions (mixtures) would go on forever
    const next = new Set(onPath).add(node);
    for (const [step, child] of node.children()) {
      const path = step === ITEM ? `${prefix}[]` : prefix ? `${prefix}.${step}` : step;
      paths.add(path);
      visit(child, path, next);
    }
  };
  visit(root, '', new Set());
  return [...paths];
}

/**
 * Checks that `text` is a path the format knows; returns its segments. `where` names what
 * wrote the path (`--set` or `sweep`), for the message.
 */
export function checkPath(root: Node<unknown>, text: string, where: { file: string; field: string }): Segment[] {
  const segments = parsePath(text);
  if (segments && nodesAt(root, segments).length > 0) return segments;
  const template = text.replace(/\[\d+\]/g, '[]');
  const near = nearest(template, knownPaths(root));
  const indices = [...text.matchAll(/\[(\d+)\]/g)].map((m) => m[0]);
  const suggestion = near?.replace(/\[\]/g, () => indices.shift() ?? '[0]');
  throw new InputError(where.file, where.field, 'a path the scenario format knows, such as arrivals.rate or strategies[1].k', `"${text}"`, suggestion ? `did you mean ${suggestion}?` : undefined);
}

/**
 * Replaces the value at `segments` in the raw document `doc` (changed in place). Missing
 * objects on the way are created; a shorthand on the way (`parm`, `8ms`) is first written out
 * in its object form, so `strategies[1].k=3` works on `- parm`.
 */
export function setPath(root: Node<unknown>, doc: Record<string, unknown>, segments: readonly Segment[], value: unknown, where: { file: string; field: string }): void {
  let container: Record<string, unknown> | unknown[] = doc;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const here = formatPath(segments.slice(0, i + 1));
    const cannot = (why: string): never => {
      throw new InputError(where.file, where.field, `a path into the scenario (${why})`, `"${formatPath(segments)}"`);
    };
    if (typeof segment === 'number') {
      if (!Array.isArray(container)) return cannot(`${formatPath(segments.slice(0, i))} is not a list`);
      if (segment > container.length) return cannot(`${formatPath(segments.slice(0, i))} has ${container.length} items`);
    } else if (!isRecord(container)) {
      return cannot(`${formatPath(segments.slice(0, i))} is not an object`);
    }
    const slot = container as Record<string | number, unknown>;
    if (i === segments.length - 1) {
      slot[segment] = value;
      return;
    }
    let next = slot[segment];
    if (next === undefined || next === null) {
      next = typeof segments[i + 1] === 'number' ? [] : {};
    } else if (!isRecord(next) && !Array.isArray(next)) {
      const expanded = nodesAt(root, segments.slice(0, i + 1)).map((node) => node.objectForm(next)).find((form) => form !== undefined);
      if (!expanded) return cannot(`${here} is ${describeValue(next)}, which has no keys`);
      next = expanded;
    }
    slot[segment] = next;
    container = next as Record<string, unknown> | unknown[];
  }
}
