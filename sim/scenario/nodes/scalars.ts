/** Leaf nodes: numbers, strings, names from a fixed set, and quantities with units. */
import { describeQuantity, quantityPatterns, readQuantity, unitNames, type QuantityKind } from './units.js';
import { suggest } from './suggest.js';
import { fail, Node, type JsonSchema, type ParseContext, type SchemaContext } from './core.js';

export class IntNode extends Node<number> {
  constructor(private readonly min: number) {
    super();
  }
  get expected(): string {
    return `an integer ≥ ${this.min}`;
  }
  parse(value: unknown, path: string, ctx: ParseContext): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < this.min) {
      const hint = typeof value !== 'string' ? undefined
        : /^\s*\d+\s*$/.test(value) ? 'write the number without quotes'
        : /^\d[\d_]*$/.test(value) ? 'write the number without _ separators'
        : undefined;
      fail(ctx, path, this.expected, value, hint);
    }
    return value;
  }
  toSchema(): JsonSchema {
    return { type: 'integer', minimum: this.min };
  }
}

export function int(min: number): IntNode {
  return new IntNode(min);
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

export class StringNode extends Node<string> {
  constructor(
    private readonly pattern?: { regex: string; meaning: string },
  ) {
    super();
  }
  get expected(): string {
    return this.pattern ? this.pattern.meaning : 'a text';
  }
  parse(value: unknown, path: string, ctx: ParseContext): string {
    if (typeof value !== 'string' || (this.pattern && !new RegExp(this.pattern.regex).test(value))) {
      fail(ctx, path, this.expected, value);
    }
    return value;
  }
  toSchema(): JsonSchema {
    return this.pattern ? { type: 'string', pattern: this.pattern.regex } : { type: 'string' };
  }
}

export function str(pattern?: { regex: string; meaning: string }): StringNode {
  return new StringNode(pattern);
}

/** One of a fixed set of words; a near miss gets a suggestion. */
export class ChoiceNode<T extends string> extends Node<T> {
  constructor(readonly values: readonly T[]) {
    super();
  }
  get expected(): string {
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

export type QuantityBound = 'any' | 'non-negative' | 'positive';

/** A quantity with a unit, normalised (ms, bytes, 1/ms, bytes/ms). */
export class QuantityNode extends Node<number> {
  constructor(
    readonly kind: QuantityKind,
    private readonly bound: QuantityBound,
  ) {
    super();
  }
  get expected(): string {
    const qualifier = this.bound === 'positive' ? 'positive ' : this.bound === 'non-negative' ? 'non-negative ' : '';
    return describeQuantity(this.kind).replace(/^a /, `a ${qualifier}`);
  }
  parse(value: unknown, path: string, ctx: ParseContext): number {
    const reading = readQuantity(this.kind, value);
    if (!('value' in reading)) fail(ctx, path, this.expected, value, reading.hint);
    if ((this.bound === 'positive' && !(reading.value > 0)) || (this.bound === 'non-negative' && reading.value < 0)) {
      fail(ctx, path, this.expected, value);
    }
    return reading.value;
  }
  /** One definition per kind; the bound is the validator's (a pattern cannot say "positive"). */
  toSchema(ctx: SchemaContext): JsonSchema {
    ctx.defs[this.kind] ??= {
      type: 'string',
      pattern: quantityPatterns[this.kind],
      description: `${describeQuantity(this.kind)}; units: ${unitNames[this.kind].join(', ')}`,
    };
    return { $ref: `#/$defs/${this.kind}` };
  }
}

export function quantity(kind: QuantityKind, bound: QuantityBound): QuantityNode {
  return new QuantityNode(kind, bound);
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
