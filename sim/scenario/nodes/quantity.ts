/** The scenario format's one leaf of its own: a quantity with a unit ("8ms", "150KB", "270/s", "10Gbps"). */
import { fail, Node, type JsonSchema, type ParseContext, type SchemaContext } from '../../input/core.js';
import { describeQuantity, quantityPattern, readQuantity, unitNames, type QuantityBound, type QuantityKind } from './units.js';

/** A quantity with a unit, normalised (ms, bytes, 1/ms, bytes/ms). */
export class QuantityNode extends Node<number> {
  constructor(
    readonly kind: QuantityKind,
    private readonly bound: QuantityBound,
  ) {
    super();
  }
  get expected(): string {
    return describeQuantity(this.kind).replace(/^a /, `a ${this.bound} `);
  }
  parse(value: unknown, path: string, ctx: ParseContext): number {
    const reading = readQuantity(this.kind, value);
    if (!('value' in reading)) fail(ctx, path, this.expected, value, reading.hint);
    if ((this.bound === 'positive' && !(reading.value > 0)) || (this.bound === 'non-negative' && reading.value < 0)) {
      fail(ctx, path, this.expected, value);
    }
    return reading.value;
  }
  /** One definition per kind and bound, shared by every key that takes such a quantity. */
  toSchema(ctx: SchemaContext): JsonSchema {
    const name = `${this.bound}-${this.kind}`;
    ctx.defs[name] ??= {
      type: 'string',
      pattern: quantityPattern(this.kind, this.bound),
      description: `${this.expected}; units: ${unitNames[this.kind].join(', ')}`,
    };
    return { $ref: `#/$defs/${name}` };
  }
}

export function quantity(kind: QuantityKind, bound: QuantityBound): QuantityNode {
  return new QuantityNode(kind, bound);
}
