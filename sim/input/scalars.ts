/** Leaf nodes: numbers, texts, names from a fixed set, true/false. */
import { suggest } from './suggest.js';
import { fail, Node, type JsonSchema, type ParseContext } from './core.js';

export class IntNode extends Node<number> {
  constructor(
    private readonly min?: number,
    private readonly max?: number,
  ) {
    super();
  }
  get expected(): string {
    if (this.min !== undefined && this.max !== undefined) return `an integer from ${this.min} to ${this.max}`;
    return this.min !== undefined ? `an integer ≥ ${this.min}` : 'an integer';
  }
  parse(value: unknown, path: string, ctx: ParseContext): number {
    const { min, max } = this;
    if (typeof value !== 'number' || !Number.isInteger(value) || (min !== undefined && value < min) || (max !== undefined && value > max)) {
      const hint = typeof value !== 'string' ? undefined
        : /^\s*\d+\s*$/.test(value) ? 'write the number without quotes'
        : /^\d[\d_]*$/.test(value) ? 'write the number without _ separators'
        : undefined;
      fail(ctx, path, this.expected, value, hint);
    }
    return value;
  }
  toSchema(): JsonSchema {
    const schema: JsonSchema = { type: 'integer' };
    if (this.min !== undefined) schema.minimum = this.min;
    if (this.max !== undefined) schema.maximum = this.max;
    return schema;
  }
}

/** An integer, at least `min` and at most `max` where given. */
export function int(min?: number, max?: number): IntNode {
  return new IntNode(min, max);
}

export interface NumberBounds {
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound (for "positive"). */
  above?: number;
  /** Inclusive upper bound (for a probability). */
  max?: number;
}

export class NumberNode extends Node<number> {
  constructor(private readonly bounds: NumberBounds) {
    super();
  }
  get expected(): string {
    if (this.bounds.min !== undefined && this.bounds.max !== undefined) return `a number from ${this.bounds.min} to ${this.bounds.max}`;
    if (this.bounds.above === 0) return 'a positive number';
    if (this.bounds.above !== undefined) return `a number > ${this.bounds.above}`;
    if (this.bounds.min !== undefined) return `a number ≥ ${this.bounds.min}`;
    return 'a number';
  }
  parse(value: unknown, path: string, ctx: ParseContext): number {
    const { min, above, max } = this.bounds;
    if (typeof value !== 'number' || !Number.isFinite(value) || (min !== undefined && value < min) || (above !== undefined && value <= above) || (max !== undefined && value > max)) {
      fail(ctx, path, this.expected, value);
    }
    return value;
  }
  toSchema(): JsonSchema {
    const schema: JsonSchema = { type: 'number' };
    if (this.bounds.min !== undefined) schema.minimum = this.bounds.min;
    if (this.bounds.above !== undefined) schema.exclusiveMinimum = this.bounds.above;
    if (this.bounds.max !== undefined) schema.maximum = this.bounds.max;
    return schema;
  }
}

export function num(bounds: NumberBounds = {}): NumberNode {
  return new NumberNode(bounds);
}

export interface TextRule {
  /** A regular expression the whole text must match. */
  regex?: string;
  /** What the text is, for messages ("a name of lower-case letters…"); default "a text". */
  meaning?: string;
  /** Whether "" is refused (a file name, a checksum). */
  nonEmpty?: boolean;
}

export class StringNode extends Node<string> {
  constructor(private readonly rule: TextRule = {}) {
    super();
  }
  get expected(): string {
    return this.rule.meaning ?? (this.rule.nonEmpty ? 'a non-empty text' : 'a text');
  }
  parse(value: unknown, path: string, ctx: ParseContext): string {
    const { regex, nonEmpty } = this.rule;
    if (typeof value !== 'string' || (nonEmpty && value === '') || (regex !== undefined && !new RegExp(regex).test(value))) {
      fail(ctx, path, this.expected, value);
    }
    return value;
  }
  toSchema(): JsonSchema {
    const schema: JsonSchema = { type: 'string' };
    if (this.rule.nonEmpty) schema.minLength = 1;
    if (this.rule.regex !== undefined) schema.pattern = this.rule.regex;
    return schema;
  }
}

export function str(rule?: TextRule): StringNode {
  return new StringNode(rule);
}

/** One of a fixed set of words; a near miss gets a suggestion. `noun` names the set in messages ("a metric"). */
export class ChoiceNode<T extends string> extends Node<T> {
  constructor(
    readonly values: readonly T[],
    private readonly noun?: string,
  ) {
    super();
  }
  get expected(): string {
    if (this.noun) return `${this.noun} (${this.values.join(', ')})`;
    return this.values.length === 1 ? `\`${this.values[0]}\`` : `one of ${this.values.join(', ')}`;
  }
  parse(value: unknown, path: string, ctx: ParseContext): T {
    if (typeof value === 'string' && (this.values as readonly string[]).includes(value)) return value as T;
    const near = typeof value === 'string' ? suggest(value, this.values) : undefined;
    fail(ctx, path, this.expected, value, near ? `did you mean \`${near}\`?` : undefined);
  }
  toSchema(): JsonSchema {
    return this.values.length === 1 ? { const: this.values[0] } : { enum: [...this.values] };
  }
}

export function choice<const T extends string>(...values: T[]): ChoiceNode<T> {
  return new ChoiceNode(values);
}

/** A word from `values`, named `noun` in messages: "expected a metric (p50, p99, …)". */
export function namedChoice<const T extends string>(noun: string, values: readonly T[]): ChoiceNode<T> {
  return new ChoiceNode(values, noun);
}

export class BooleanNode extends Node<boolean> {
  readonly expected = 'true or false';
  parse(value: unknown, path: string, ctx: ParseContext): boolean {
    if (typeof value !== 'boolean') fail(ctx, path, this.expected, value);
    return value;
  }
  toSchema(): JsonSchema {
    return { type: 'boolean' };
  }
}

export function bool(): BooleanNode {
  return new BooleanNode();
}

/** The version of a file format this build reads: any other is another format, not a mistake to guess at. */
export class FormatVersionNode extends Node<number> {
  constructor(
    private readonly accepted: readonly number[],
    readonly expected: string,
    private readonly hint?: string,
  ) {
    super();
  }
  parse(value: unknown, path: string, ctx: ParseContext): number {
    if (typeof value !== 'number' || !this.accepted.includes(value)) fail(ctx, path, this.expected, value, this.hint);
    return value;
  }
  toSchema(): JsonSchema {
    return { enum: [...this.accepted] };
  }
}

/** `expected` names the versions ("1 (the baseline format this parm-sim reads)"); `hint` what to do about another. */
export function formatVersion(accepted: readonly number[], expected: string, hint?: string): FormatVersionNode {
  return new FormatVersionNode(accepted, expected, hint);
}

/** Any value at all: a part of a file the reader passes on without looking into it. */
export class AnyNode extends Node<unknown> {
  readonly expected = 'any value';
  parse(value: unknown): unknown {
    return value;
  }
  toSchema(): JsonSchema {
    return {};
  }
  override get admitsNull(): boolean {
    return true;
  }
}

export function anything(): AnyNode {
  return new AnyNode();
}
