import { InputError, describeValue } from '../errors.js';

/** Reads an integer option of at least `min` (undefined when not given); InputError otherwise. */
export function integerOption(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min) throw new InputError('command line', flag, `an integer ≥ ${min}`, describeValue(value));
  return n;
}
