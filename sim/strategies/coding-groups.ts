import type { Serving } from '../cluster/serving.js';

/**
 * Groups batches in dispatch order into coding groups of k, as ParM's frontend does: returns
 * `add(b)`, to call with each new batch. A group is formed when its k-th batch arrives, or, when
 * `timeout` is finite, once its first batch has waited that long (a partial group); then
 * `onGroup(g)` runs.
 */
export function codingGroupFormer(s: Serving, k: number, timeout: number, onGroup: (group: number) => void): (batch: number) => void {
  let first = -1;
  let count = 0;
  const close = () => {
    const g = s.formGroup(first, count);
    first = -1;
    count = 0;
    onGroup(g);
  };
  const timedOut = s.timer((startedBy) => {
    if (first === startedBy) close();
  });
  return (b) => {
    if (first < 0) {
      first = b;
      if (timeout < Infinity && k > 1) s.after(timeout, timedOut, b);
    }
    if (++count === k) close();
  };
}
