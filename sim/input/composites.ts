/** Nodes made of other nodes: lists, pairs, objects with known keys, tagged unions, alternatives. */
import { InputError } from '../errors.js';
import { suggest } from './suggest.js';
import { anything } from './scalars.js';
import { childPath, fail, isRecord, ITEM, Node, type JsonSchema, type ParseContext, type SchemaContext, type Step } from './core.js';

export class ListNode<T> extends Node<T[]> {
  constructor(
    readonly item: Node<T>,
    private readonly minItems: number,
    private readonly noun?: string,
  ) {
    super();
  }
  get expected(): string {
    if (this.noun) return this.minItems > 0 ? `a non-empty list of ${this.noun}` : `a list of ${this.noun}`;
    const items = this.item.expected.replace(/^an? /, '');
    return this.minItems > 0 ? `a non-empty list of ${items}` : `a list of ${items}`;
  }
  parse(value: unknown, path: string, ctx: ParseContext): T[] {
    if (!Array.isArray(value) || value.length < this.minItems) fail(ctx, path, this.expected, value);
    return value.map((item, i) => this.item.parse(item, childPath(path, i), ctx));
  }
  toSchema(ctx: SchemaContext): JsonSchema {
    const schema: JsonSchema = { type: 'array', items: this.item.toSchema(ctx) };
    if (this.minItems > 0) schema.minItems = this.minItems;
    return schema;
  }
  override children(): ReadonlyArray<readonly [Step, Node<unknown>]> {
    return [[ITEM, this.item]];
  }
  override get isList(): boolean {
    return true;
  }
}

/** `noun` names the items in messages ("strategies") where the item's own phrase reads badly. */
export function list<T>(item: Node<T>, minItems = 0, noun?: string): ListNode<T> {
  return new ListNode(item, minItems, noun);
}

/** Exactly two values, e.g. a [low, high] range or the two states of an MMPP. */
export class PairNode<T> extends Node<[T, T]> {
  constructor(
    readonly item: Node<T>,
    private readonly meaning: string,
  ) {
    super();
  }
  get expected(): string {
    return `a pair [${this.meaning}] of ${this.item.expected.replace(/^an? /, '')}s`;
  }
  parse(value: unknown, path: string, ctx: ParseContext): [T, T] {
    if (!Array.isArray(value) || value.length !== 2) fail(ctx, path, this.expected, value);
    return [this.item.parse(value[0], childPath(path, 0), ctx), this.item.parse(value[1], childPath(path, 1), ctx)];
  }
  toSchema(ctx: SchemaContext): JsonSchema {
    const item = this.item.toSchema(ctx);
    return { type: 'array', prefixItems: [item, item], minItems: 2, maxItems: 2 };
  }
  override children(): ReadonlyArray<readonly [Step, Node<unknown>]> {
    return [[ITEM, this.item]];
  }
  override get isList(): boolean {
    return true;
  }
}

export function pair<T>(item: Node<T>, meaning: string): PairNode<T> {
  return new PairNode(item, meaning);
}

/** A key of an object: its node, whether it may be left out, its default (as written), and help. */
export interface Field<T, P extends Presence = Presence> {
  node: Node<T>;
  presence: P;
  /** The default as a user would write it (parsed through `node`); published in the schema. */
  default?: unknown;
  description: string;
}
export type Presence = 'required' | 'optional' | 'default';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Fields = Record<string, Field<any>>;

export function required<T>(node: Node<T>, description: string): Field<T, 'required'> {
  return { node, presence: 'required', description };
}
export function optional<T>(node: Node<T>, description: string): Field<T, 'optional'> {
  return { node, presence: 'optional', description };
}
export function withDefault<T>(node: Node<T>, rawDefault: unknown, description: string): Field<T, 'default'> {
  return { node, presence: 'default', default: rawDefault, description };
}

/** Optional keys parse to `T | undefined`; required and defaulted ones to `T`. */
export type ObjectOut<F extends Fields> = {
  [K in keyof F]: F[K] extends Field<infer T, infer P> ? (P extends 'optional' ? T | undefined : T) : never;
};

/**
 * An object with known keys. Unknown keys are errors (a typo must never be silently ignored)
 * with the nearest known key suggested, unless the object is open: a file another program
 * writes (a model manifest, a results folder) may carry keys this reader has no use for. Null
 * counts as absent where the key's node takes no null, so `faults:` with nothing under it means
 * the default.
 */
export class ObjectNode<F extends Fields> extends Node<ObjectOut<F>> {
  constructor(
    readonly fields: F,
    /** How messages name this object, e.g. "cluster" or "a parm strategy". */
    private readonly noun: string,
    /** Keys that belong to sibling variants, for "belongs to kind parm" hints. */
    private readonly elsewhere: Readonly<Record<string, string>> = {},
    /** Whether keys not in `fields` are passed over rather than refused. */
    private readonly open = false,
  ) {
    super();
  }
  get expected(): string {
    return `an object (${this.noun})`;
  }
  parse(value: unknown, path: string, ctx: ParseContext): ObjectOut<F> {
    if (!isRecord(value)) fail(ctx, path, this.expected, value);
    const known = Object.keys(this.fields);
    for (const key of this.open ? [] : Object.keys(value)) {
      if (Object.hasOwn(this.fields, key)) continue;
      const near = suggest(key, known);
      // hasOwn: a key such as `constructor` must not find Object.prototype's.
      const other = Object.hasOwn(this.elsewhere, key) ? this.elsewhere[key] : undefined;
      const hint = [near && `did you mean \`${near}\`?`, other && `\`${key}\` belongs to ${other}`].filter(Boolean).join(' ') || undefined;
      throw new InputError(ctx.file, childPath(path, key), `a key of ${this.noun} (${known.join(', ')})`, `unknown key "${key}"`, hint);
    }
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(this.fields)) {
      const given = value[key];
      const at = childPath(path, key);
      const absent = given === undefined || (given === null && !field.node.admitsNull);
      if (!absent) out[key] = field.node.parse(given, at, ctx);
      else if (field.presence === 'default') out[key] = field.node.parse(field.default, at, ctx);
      else if (field.presence === 'required') fail(ctx, at, field.node.expected, given, `\`${key}\` is required in ${this.noun}`);
      else out[key] = undefined;
    }
    return out as ObjectOut<F>;
  }
  /** `tag`: the key naming a tagged union's variant; required unless the variant is the default. */
  toSchema(ctx: SchemaContext, extra: { tag?: string; tagRequired?: boolean } = {}): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const requiredKeys: string[] = [];
    for (const [key, field] of Object.entries(this.fields)) {
      const schema: JsonSchema = { ...field.node.toSchema(ctx), description: field.description };
      if (field.presence === 'default') schema.default = field.default;
      properties[key] = schema;
      if (field.presence === 'required' || (key === extra.tag && extra.tagRequired)) requiredKeys.push(key);
    }
    const schema: JsonSchema = { type: 'object', properties };
    if (!this.open) schema.additionalProperties = false;
    if (requiredKeys.length > 0) schema.required = requiredKeys;
    return schema;
  }

  /** The keys a value must give (a tagged variant's tag among them). */
  get requiredKeys(): string[] {
    return Object.entries(this.fields).filter(([, field]) => field.presence === 'required').map(([key]) => key);
  }
  override children(): ReadonlyArray<readonly [Step, Node<unknown>]> {
    return Object.entries(this.fields).map(([key, field]) => [key, field.node] as const);
  }
}

export function object<F extends Fields>(fields: F, noun: string): ObjectNode<F> {
  return new ObjectNode(fields, noun);
}

/** An object of which only `fields` are read; other keys pass unread (see ObjectNode). */
export function openObject<F extends Fields>(fields: F, noun: string): ObjectNode<F> {
  return new ObjectNode(fields, noun, {}, true);
}

/** A value chosen by what it looks like: `all`, a count or a list of hosts; `none` or a duration. */
export interface Alternative {
  when: (value: unknown) => boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  node: Node<any>;
}

export class EitherNode<T> extends Node<T> {
  constructor(
    readonly expected: string,
    private readonly alternatives: readonly Alternative[],
  ) {
    super();
  }
  parse(value: unknown, path: string, ctx: ParseContext): T {
    const alternative = this.alternatives.find((a) => a.when(value));
    if (!alternative) fail(ctx, path, this.expected, value);
    return alternative.node.parse(value, path, ctx) as T;
  }
  toSchema(ctx: SchemaContext): JsonSchema {
    return { anyOf: this.alternatives.map((a) => a.node.toSchema(ctx)) };
  }
  override children(): ReadonlyArray<readonly [Step, Node<unknown>]> {
    return this.alternatives.flatMap((a) => a.node.children());
  }
  override get isList(): boolean {
    return this.alternatives.some((a) => a.node.isList);
  }
  override objectForm(raw: unknown): Record<string, unknown> | undefined {
    return this.alternatives.find((a) => a.when(raw))?.node.objectForm(raw);
  }
}

export function either<T>(expected: string, alternatives: readonly Alternative[]): EitherNode<T> {
  return new EitherNode<T>(expected, alternatives);
}

/** A map from free-form keys to values of one node (the sweep: path → values), the keys optionally from a fixed set. */
export class RecordNode<T> extends Node<Record<string, T>> {
  constructor(
    private readonly value: Node<T>,
    readonly expected: string,
    private readonly keys?: Node<string>,
  ) {
    super();
  }
  parse(value: unknown, path: string, ctx: ParseContext): Record<string, T> {
    if (!isRecord(value)) fail(ctx, path, this.expected, value);
    const out: Record<string, T> = {};
    for (const [key, item] of Object.entries(value)) {
      const at = childPath(path, key);
      this.keys?.parse(key, at, ctx);
      out[key] = this.value.parse(item, at, ctx);
    }
    return out;
  }
  toSchema(ctx: SchemaContext): JsonSchema {
    const schema: JsonSchema = { type: 'object', additionalProperties: this.value.toSchema(ctx) };
    if (this.keys) schema.propertyNames = this.keys.toSchema(ctx);
    return schema;
  }
}

export function record<T>(value: Node<T>, expected: string, keys?: Node<string>): RecordNode<T> {
  return new RecordNode(value, expected, keys);
}

/** An object whose keys and values the reader passes on unread (a sweep point, training details). */
export function anyObject(): RecordNode<unknown> {
  return record(anything(), 'an object');
}
