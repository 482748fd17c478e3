/**
 * Waits for every promise and returns their values in order, or throws the error of the first
 * in the list that failed: the same error on every run, where Promise.all would throw whichever
 * failed first in time (two damaged files could then be named in either order).
 */
export async function allInOrder<T extends readonly unknown[]>(promises: readonly [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const settled = await Promise.allSettled(promises);
  return settled.map((s) => {
    if (s.status === 'rejected') throw s.reason;
    return s.value;
  }) as unknown as T;
}
