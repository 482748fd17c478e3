/**
 * A binary min-heap of (time, value) pairs in two typed arrays, for bookkeeping that only asks
 * which entries are due: unlike EventQueue, entries with equal times come out in no defined
 * order, so it keeps no insertion numbers and no slots, and each operation moves two numbers a
 * level. Use it only where the order among simultaneous entries cannot matter (counting what has
 * ended, say), never to order events.
 */
export class TimeHeap {
  private time: Float64Array;
  private value: Int32Array;
  private n = 0;

  constructor(capacity = 64) {
    this.time = new Float64Array(capacity);
    this.value = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** The earliest time; Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.time[0]! : Infinity;
  }

  /** The value of the earliest entry (size > 0). */
  peekValue(): number {
    return this.value[0]!;
  }

  push(time: number, value: number): void {
    if (this.n === this.time.length) this.grow();
    const T = this.time, V = this.value;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (T[p]! <= time) break;
      T[i] = T[p]!;
      V[i] = V[p]!;
      i = p;
    }
    T[i] = time;
    V[i] = value;
  }

  /** Removes the earliest entry (size > 0). */
  pop(): void {
    const T = this.time, V = this.value;
    const last = --this.n;
    if (last === 0) return;
    const t = T[last]!, v = V[last]!;
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      if (c + 1 < last && T[c + 1]! < T[c]!) c++;
      if (t <= T[c]!) break;
      T[i] = T[c]!;
      V[i] = V[c]!;
      i = c;
    }
    T[i] = t;
    V[i] = v;
  }

  private grow(): void {
    const time = new Float64Array(this.time.length * 2);
    const value = new Int32Array(this.value.length * 2);
    time.set(this.time);
    value.set(this.value);
    this.time = time;
    this.value = value;
  }
}
