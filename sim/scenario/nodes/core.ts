/**
 * The building blocks of the scenario format's one declarative description. Every node can
 * (1) parse a raw value at a path into its typed, unit-normalised form, throwing one InputError
 * on the first problem; (2) describe itself as JSON Schema; (3) tell which nodes a path step
 * leads to, so --set and sweep paths are checked against the same description. Because the
 * validator and the published schema walk the same nodes, they cannot disagree.
 */
import { describeValue, InputError } from '../../errors.js';
import type { CsvReader } from './csv.js';

export type JsonSchema = { [key: string]: unknown };

/** What parsing needs besides the value: the file for messages, and CSV files beside it. */
export interface ParseContext {
  file: string;
  csv: CsvReader;
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
