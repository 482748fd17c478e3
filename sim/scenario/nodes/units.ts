/**
 * Quantities with units, as scenario files write them ("8ms", "150KB", "270/s", "10Gbps"),
 * normalised to the simulator's units: milliseconds, bytes, events per millisecond and bytes
 * per millisecond. A bare number is never accepted where a quantity is expected: "8" could mean
 * 8 ms or 8 s, and guessing wrong silently changes every result.
 */
import { describeValue, InputError } from '../../errors.js';
import { suggest } from '../../input/suggest.js';

export type QuantityKind = 'duration' | 'size' | 'rate' | 'bandwidth';

/** Milliseconds per unit. Both the micro sign and the Greek mu are accepted for µs. */
export const durationUnits: Readonly<Record<string, number>> = {
  ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, min: 60_000, h: 3_600_000,
};

/** Bytes per unit: KB, MB, GB are decimal (1000-based), KiB, MiB, GiB binary (1024-based). */
export const sizeUnits: Readonly<Record<string, number>> = {
  B: 1, KB: 1e3, kB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3,
};

/** Bytes per millisecond per unit: network units are bits per second, the others bytes per second. */
export const bandwidthUnits: Readonly<Record<string, number>> = {
  bps: 1 / 8 / 1000, Kbps: 1e3 / 8 / 1000, kbps: 1e3 / 8 / 1000, Mbps: 1e6 / 8 / 1000, Gbps: 1e9 / 8 / 1000,
  ...Object.fromEntries(Object.entries(sizeUnits).map(([unit, bytes]) => [`${unit}/s`, bytes / 1000])),
};

/** What each kind looks like, for messages and the JSON schema. */
export const quantityExamples: Readonly<Record<QuantityKind, string>> = {
  duration: '8ms', size: '150KB', rate: '270/s', bandwidth: '10Gbps',
};

/** The units to list in help texts (aliases left out). */
export const unitNames: Readonly<Record<QuantityKind, readonly string[]>> = {
  duration: ['ns', 'us', 'µs', 'ms', 's', 'min', 'h'],
  size: ['B', 'KB', 'MB', 'GB', 'KiB', 'MiB', 'GiB'],
  rate: ['/ns', '/us', '/ms', '/s', '/min', '/h'],
  bandwidth: ['bps', 'Kbps', 'Mbps', 'Gbps', 'B/s', 'KB/s', 'MB/s', 'GB/s', 'KiB/s', 'MiB/s', 'GiB/s'],
};

const DIGITS = String.raw`(?:\d+(?:\.\d*)?|\.\d+)`;
const EXPONENT = String.raw`(?:[eE][+-]?\d+)?`;
const NUMBER = `[+-]?${DIGITS}${EXPONENT}`;
const QUANTITY = new RegExp(`^\\s*(${NUMBER})\\s*(\\S+?)\\s*$`);
const RATE = new RegExp(`^\\s*(${NUMBER})\\s*/\\s*(\\S+?)\\s*$`);

/** Whether a quantity may be zero (a delay) or must be above it (a rate, a mean). */
export type QuantityBound = 'non-negative' | 'positive';

/**
 * The numbers each bound admits, as the schema writes them: a sign is independent of the unit,
 * so a pattern can say it. A zero may carry a minus sign (-0 is not below 0); a positive number
 * has a non-zero digit. Only amounts beyond double precision (1e-400, 1e400) are left to the
 * validator, which sees them become 0 or Infinity.
 */
const BOUNDED_NUMBER: Readonly<Record<QuantityBound, string>> = {
  'non-negative': `(?:\\+?${DIGITS}|-(?:0+(?:\\.0*)?|\\.0+))${EXPONENT}`,
  positive: String.raw`\+?(?:\d*[1-9]\d*(?:\.\d*)?|\d*\.\d*[1-9]\d*)` + EXPONENT,
};

const UNIT_PATTERNS: Readonly<Record<QuantityKind, string>> = {
  duration: '\\s*(ns|us|µs|μs|ms|s|min|h)',
  size: '\\s*(B|KB|kB|MB|GB|KiB|MiB|GiB)',
  rate: '\\s*/\\s*(ns|us|µs|μs|ms|s|min|h)',
  bandwidth: '\\s*(bps|Kbps|kbps|Mbps|Gbps|(B|KB|kB|MB|GB|KiB|MiB|GiB)/s)',
};

/** The regular expression for the JSON schema: the shape and the sign; ranges between fields are the validator's. */
export function quantityPattern(kind: QuantityKind, bound: QuantityBound): string {
  return `^\\s*${BOUNDED_NUMBER[bound]}${UNIT_PATTERNS[kind]}\\s*$`;
}

export function describeQuantity(kind: QuantityKind): string {
  return `a ${kind} such as ${quantityExamples[kind]}`;
}

/** The outcome of reading a quantity: its value in simulator units, or why it is not one. */
export type QuantityReading = { value: number } | { problem: string; hint?: string };

export function readQuantity(kind: QuantityKind, raw: unknown): QuantityReading {
  const found = describeValue(raw);
  if (typeof raw === 'number') {
    return { problem: found, hint: `add a unit: ${unitNames[kind].join(', ')}; e.g. ${quantityExamples[kind]}` };
  }
  if (typeof raw !== 'string') return { problem: found };
  const match = (kind === 'rate' ? RATE : QUANTITY).exec(raw);
  if (!match) {
    if (kind === 'rate' && QUANTITY.test(raw)) {
      return { problem: found, hint: `a rate is a count per time, e.g. ${quantityExamples.rate} or 0.27/ms` };
    }
    return { problem: found, hint: /^\s*[+-]?[\d.]/.test(raw) ? undefined : `write a number then a unit, e.g. ${quantityExamples[kind]}` };
  }
  const amount = Number(match[1]);
  const unit = match[2] ?? '';
  const factor = unitFactor(kind, unit);
  if (factor === undefined) {
    const known = kind === 'rate' ? Object.keys(durationUnits) : Object.keys(unitTable(kind));
    const near = suggest(unit, known);
    const listed = unitNames[kind].join(', ');
    return { problem: found, hint: `unknown unit \`${unit}\`${near ? `; did you mean \`${kind === 'rate' ? '/' : ''}${near}\`?` : ''} units: ${listed}` };
  }
  const value = amount * factor;
  if (!Number.isFinite(value)) return { problem: found, hint: 'too large' };
  return { value };
}

function unitTable(kind: Exclude<QuantityKind, 'rate'>): Readonly<Record<string, number>> {
  return kind === 'duration' ? durationUnits : kind === 'size' ? sizeUnits : bandwidthUnits;
}

function unitFactor(kind: QuantityKind, unit: string): number | undefined {
  if (kind === 'rate') {
    const per = durationUnits[unit];
    return per === undefined ? undefined : 1 / per;
  }
  return Object.hasOwn(unitTable(kind), unit) ? unitTable(kind)[unit] : undefined;
}

/** A normalised quantity in the simulator's own unit, for messages about values already parsed. */
export function showQuantity(kind: QuantityKind, value: number): string {
  const unit = { duration: 'ms', size: 'B', rate: '/ms', bandwidth: 'B/ms' }[kind];
  return `${Number(value.toPrecision(12))}${unit}`;
}

/** Where a value came from, for the error it may raise. */
export interface Where { file: string; field: string }

function parseQuantity(kind: QuantityKind, raw: unknown, where: Where): number {
  const reading = readQuantity(kind, raw);
  if ('value' in reading) return reading.value;
  throw new InputError(where.file, where.field, describeQuantity(kind), reading.problem, reading.hint);
}

/** A duration such as "8ms" or "1.5 s", in milliseconds. */
export function parseDuration(raw: unknown, where: Where = { file: 'input', field: '' }): number {
  return parseQuantity('duration', raw, where);
}

/** A size such as "150KB" (1000-based) or "2MiB" (1024-based), in bytes. */
export function parseSize(raw: unknown, where: Where = { file: 'input', field: '' }): number {
  return parseQuantity('size', raw, where);
}

/** A rate such as "270/s", "0.27/ms" or "100/min", in events per millisecond. */
export function parseRate(raw: unknown, where: Where = { file: 'input', field: '' }): number {
  return parseQuantity('rate', raw, where);
}

/** A bandwidth such as "10Gbps" (bits per second) or "100MB/s" (bytes per second), in bytes per millisecond. */
export function parseBandwidth(raw: unknown, where: Where = { file: 'input', field: '' }): number {
  return parseQuantity('bandwidth', raw, where);
}
