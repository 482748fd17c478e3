/**
 * A tagged union: objects whose variant is named by one key (`kind: parm`, `dist: lognormal`,
 * `process: mmpp`), each variant with its own keys, plus keys common to all. A variant may
 * also be written as a scalar shorthand (`- none` for `{kind: none}`, `8ms` for a constant).
 */
import { childPath, fail, isRecord, Node, type JsonSchema, type ParseContext, type SchemaContext, type Step } from './core.js';
import { ObjectNode, type Fields, type ObjectOut } from './composites.js';
import { ChoiceNode } from './scalars.js';

export interface Shorthand {
  /** Validates the scalar form (its message is the one a user of the shorthand needs). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  node: Node<any>;
  /** Which raw values are written in the shorthand. */
  accepts: (raw: unknown) => boolean;
  /** The object form the shorthand stands for. */
  toObject: (raw: unknown) => Record<string, unknown>;
}

export interface TaggedOptions<C extends Fields> {
  /** How messages name the whole union, e.g. "a strategy". */
  noun: string;
  /** Keys every variant has. */
  common: C;
  /** The variant used when the tag is left out. */
  defaultTag?: string;
  shorthand?: Shorthand;
  /** What a value looks like, for messages; defaults to "an object with <tag>: …". */
  expected?: string;
  /** Help per variant, for editors. */
  descriptions?: Readonly<Record<string, string>>;
}

export type TaggedOut<Tag extends string, B extends Record<string, Fields>, C extends Fields> = {
  [K in keyof B & string]: { [P in Tag]: K } & ObjectOut<B[K]> & ObjectOut<C>;
}[keyof B & string];

export class TaggedNode<Tag extends string, B extends Record<string, Fields>, C extends Fields> extends Node<TaggedOut<Tag, B, C>> {
  private readonly variants: ReadonlyMap<string, ObjectNode<Fields>>;
  private readonly tagNode: ChoiceNode<string>;

  constructor(
    readonly tag: Tag,
    branches: B,
    private readonly options: TaggedOptions<C>,
  ) {
    super();
    const names = Object.keys(branches);
    this.tagNode = new ChoiceNode(names);
    const owners = new Map<string, string[]>();
    for (const [name, fields] of Object.entries(branches)) {
      for (const key of Object.keys(fields)) owners.set(key, [...(owners.get(key) ?? []), name]);
    }
    const variants = new Map<string, ObjectNode<Fields>>();
    for (const [name, fields] of Object.entries(branches)) {
      const elsewhere: Record<string, string> = {};
      for (const [key, kinds] of owners) if (!(key in fields)) elsewhere[key] = `${tag} ${kinds.join(', ')}`;
      const tagField = { node: new ChoiceNode([name]), presence: options.defaultTag === name ? 'default' : 'required', default: name, description: `The ${tag}: ${names.join(' | ')}.` } as const;
      const all: Fields = { [tag]: tagField, ...fields, ...options.common };
      variants.set(name, new ObjectNode(all, `${tag} ${name}`, elsewhere));
    }
    this.variants = variants;
  }

  get expected(): string {
    return this.options.expected ?? `${this.options.noun} (an object with \`${this.tag}:\` ${[...this.variants.keys()].join(' | ')})`;
  }

  parse(value: unknown, path: string, ctx: ParseContext): TaggedOut<Tag, B, C> {
    let object = value;
    if (!isRecord(value)) {
      const shorthand = this.options.shorthand;
      if (!shorthand?.accepts(value)) fail(ctx, path, this.expected, value);
      shorthand.node.parse(value, path, ctx);
      object = shorthand.toObject(value);
    }
    const record = object as Record<string, unknown>;
    const given = record[this.tag] ?? this.options.defaultTag;
    const name = this.tagNode.parse(given, childPath(path, this.tag), ctx);
    return this.variants.get(name)!.parse(record, path, ctx) as TaggedOut<Tag, B, C>;
  }

  toSchema(ctx: SchemaContext): JsonSchema {
    const variants = [...this.variants].map(([name, node]) => {
      const schema = node.toSchema(ctx, { tag: this.tag, tagRequired: name !== this.options.defaultTag });
      const description = this.options.descriptions?.[name];
      return description ? { description, ...schema } : schema;
    });
    const shorthand = this.options.shorthand ? [this.shorthandSchema(this.options.shorthand, ctx)] : [];
    return { oneOf: [...shorthand, ...variants] };
  }

  /**
   * A shorthand naming a variant (`- parm`) stands alone only where that variant needs no key
   * but the tag: the validator refuses `- parm` for its missing `k`, so the schema leaves it out.
   */
  private shorthandSchema(shorthand: Shorthand, ctx: SchemaContext): JsonSchema {
    if (!(shorthand.node instanceof ChoiceNode)) return shorthand.node.toSchema(ctx);
    const alone = (shorthand.node.values as readonly string[]).filter((name) => this.variants.get(name)?.requiredKeys.every((key) => key === this.tag) ?? true);
    return new ChoiceNode(alone).toSchema();
  }

  override children(): ReadonlyArray<readonly [Step, Node<unknown>]> {
    return [...this.variants.values()].flatMap((v) => v.children());
  }

  override objectForm(raw: unknown): Record<string, unknown> | undefined {
    return this.options.shorthand?.accepts(raw) ? this.options.shorthand.toObject(raw) : undefined;
  }

  /** The variant names, in the order written in the description. */
  get tags(): string[] {
    return [...this.variants.keys()];
  }
}

export function tagged<const Tag extends string, B extends Record<string, Fields>, C extends Fields>(
  tag: Tag,
  branches: B,
  options: TaggedOptions<C>,
): TaggedNode<Tag, B, C> {
  return new TaggedNode(tag, branches, options);
}
