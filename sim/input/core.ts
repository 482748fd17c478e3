/**
 * The one way this project reads structured input: scenarios, CI baselines, model manifests and
 * results folders are each described once as a tree of nodes. Every node can (1) parse a raw
 * value at a path into its typed form, throwing one InputError (file, field path, expected,
 * found) on the first problem; (2) describe itself as JSON Schema; (3) tell which nodes a path
 * step leads to, so the scenario's --set and sweep paths are checked against the same
 * description. Because the validator and the published schema walk the same nodes, they cannot
 * disagree.
 */
import { describeValue, InputError } from '../errors.js';
import { CsvReader } from './csv-files.js';

export type JsonSchema = { [key: string]: unknown };

/** What parsing needs besides the value: the file for messages, and CSV files it points at. */
export interface ParseContext {
  file: string;
  csv: CsvReader;
}

/**
 * Parses a document read from `file` (or the part of it at `path`). `hint`, where given, is added
 * to every message: what to do about a file this project wrote (a baseline: "rebuild it with
 * --update").
 */
export function parseInput<T>(node: Node<T>, document: unknown, file: string, hint?: string, path = ''): T {
  try {
    return node.parse(document, path, { file, csv: new CsvReader(file) });
  } catch (err) {
    if (!(err instanceof InputError) || hint === undefined) throw err;
    throw new InputError(err.file, err.field, err.expected, err.found, [err.hint, hint].filter(Boolean).join('; '));
  }
}

/** Shared definitions collected while a schema is generated ($defs). */
export interface SchemaContext {
  defs: Record<string, JsonSchema>;
}

/** A path step into a list item, as opposed to an object key. */
export const ITEM = Symbol('item');
export type Step = string | typeof ITEM;

export abstract class Node<T> {
  /** A short noun phrase for messages: "an integer ≥ 2", "a duration such as 8ms". */
  abstract readonly expected: string;
  abstract parse(value: unknown, path: string, ctx: ParseContext): T;
  abstract toSchema(ctx: SchemaContext): JsonSchema;

  /** The nodes a path step can lead to (several where the node is a union); [] when unknown. */
  children(): ReadonlyArray<readonly [Step, Node<unknown>]> {
    return [];
  }

  /** Whether null is a value here; elsewhere an object's key set to null counts as left out. */
  get admitsNull(): boolean {
    return false;
  }

  /** Whether the value is written as a list (a --set list on such a path is a value, not a sweep). */
  get isList(): boolean {
    return false;
  }

  /**
   * The object form of a shorthand scalar (`parm` → `{kind: parm}`, `8ms` → `{dist: constant,
   * value: 8ms}`), so a path can reach into it; undefined where there is none.
   */
  objectForm(_raw: unknown): Record<string, unknown> | undefined {
    return undefined;
  }
}

/** Joins a parent path and a key: '' + 'cluster' → 'cluster', 'cluster' + 'batch' → 'cluster.batch'. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export function fail(ctx: ParseContext, path: string, expected: string, found: unknown, hint?: string): never {
  throw new InputError(ctx.file, path, expected, describeValue(found), hint);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The type a node parses to. */
export type Out<N> = N extends Node<infer T> ? T : never;

/**
 * A node that stands for another one: everything but parsing (and, for Named, the schema) is the
 * wrapped node's.
 */
abstract class Wrapper<Inner, T> extends Node<T> {
  protected abstract get wrapped(): Node<Inner>;
  get expected(): string {
    return this.wrapped.expected;
  }
  toSchema(ctx: SchemaContext): JsonSchema {
    return this.wrapped.toSchema(ctx);
  }
  override children(): ReadonlyArray<readonly [Step, Node<unknown>]> {
    return this.wrapped.children();
  }
  override get isList(): boolean {
    return this.wrapped.isList;
  }
  override get admitsNull(): boolean {
    return this.wrapped.admitsNull;
  }
  override objectForm(raw: unknown): Record<string, unknown> | undefined {
    return this.wrapped.objectForm(raw);
  }
}

/** A node that turns another node's output into something else (e.g. parsed fields into a DistSpec). */
class Mapped<A, B> extends Wrapper<A, B> {
  constructor(
    private readonly inner: Node<A>,
    private readonly convert: (value: A, path: string, ctx: ParseContext) => B,
  ) {
    super();
  }
  protected get wrapped(): Node<A> {
    return this.inner;
  }
  parse(value: unknown, path: string, ctx: ParseContext): B {
    return this.convert(this.inner.parse(value, path, ctx), path, ctx);
  }
}

export function mapped<A, B>(inner: Node<A>, convert: (value: A, path: string, ctx: ParseContext) => B): Node<B> {
  return new Mapped(inner, convert);
}

/**
 * A node published once under $defs and referenced elsewhere; built lazily so that
 * recursive definitions (a mixture of distributions) can refer to themselves.
 */
class Named<T> extends Wrapper<T, T> {
  private resolved: Node<T> | undefined;
  constructor(
    readonly name: string,
    private readonly build: () => Node<T>,
  ) {
    super();
  }
  protected get wrapped(): Node<T> {
    this.resolved ??= this.build();
    return this.resolved;
  }
  parse(value: unknown, path: string, ctx: ParseContext): T {
    return this.wrapped.parse(value, path, ctx);
  }
  override toSchema(ctx: SchemaContext): JsonSchema {
    if (!(this.name in ctx.defs)) {
      ctx.defs[this.name] = {}; // reserve first: the definition may refer to itself
      ctx.defs[this.name] = this.wrapped.toSchema(ctx);
    }
    return { $ref: `#/$defs/${this.name}` };
  }
}

export function named<T>(name: string, build: () => Node<T>): Node<T> {
  return new Named(name, build);
}

/** What a constrained node adds: a rule on the parsed value, and the same rule in JSON Schema. */
export interface Rule<T> {
  check: (value: T, path: string, ctx: ParseContext) => void;
  schema: (ctx: SchemaContext) => JsonSchema;
}

/**
 * A node with one more rule that JSON Schema can state as well (no repeats, at least one
 * positive): the rule and its schema keywords sit side by side, so editors see what the
 * validator enforces.
 */
class Constrained<T> extends Wrapper<T, T> {
  constructor(
    private readonly inner: Node<T>,
    private readonly rule: Rule<T>,
  ) {
    super();
  }
  protected get wrapped(): Node<T> {
    return this.inner;
  }
  parse(value: unknown, path: string, ctx: ParseContext): T {
    const parsed = this.inner.parse(value, path, ctx);
    this.rule.check(parsed, path, ctx);
    return parsed;
  }
  override toSchema(ctx: SchemaContext): JsonSchema {
    return { ...this.inner.toSchema(ctx), ...this.rule.schema(ctx) };
  }
}

export function constrained<T>(inner: Node<T>, rule: Rule<T>): Node<T> {
  return new Constrained(inner, rule);
}

/** A value or null (a baseline's mean when a seed had none). */
class Nullable<T> extends Wrapper<T, T | null> {
  constructor(private readonly inner: Node<T>) {
    super();
  }
  protected get wrapped(): Node<T> {
    return this.inner;
  }
  override get expected(): string {
    return `${this.inner.expected} or null`;
  }
  parse(value: unknown, path: string, ctx: ParseContext): T | null {
    if (value === null) return null;
    try {
      return this.inner.parse(value, path, ctx);
    } catch (err) {
      // A value of the wrong kind: the message says null would do too. A problem deeper inside stays as it is.
      if (!(err instanceof InputError) || err.field !== path || err.file !== ctx.file) throw err;
      throw new InputError(err.file, err.field, this.expected, err.found, err.hint);
    }
  }
  override toSchema(ctx: SchemaContext): JsonSchema {
    return { anyOf: [this.inner.toSchema(ctx), { type: 'null' }] };
  }
  override get admitsNull(): boolean {
    return true;
  }
}

export function nullable<T>(inner: Node<T>): Node<T | null> {
  return new Nullable(inner);
}
