/** Typed arrays that double when full: stores whose final size is only an estimate. */
export type TypedArray = Float64Array | Int32Array | Int16Array | Uint8Array;

export function grown<T extends TypedArray>(old: T, minLength: number): T {
  let n = Math.max(16, old.length);
  while (n < minLength) n *= 2;
  if (n === old.length) return old;
  const next = new (old.constructor as new (n: number) => T)(n);
  next.set(old);
  return next;
}
