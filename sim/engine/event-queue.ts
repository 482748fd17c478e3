/**
 * A binary min-heap of events ordered by (time, insertion order), kept in typed arrays so that
 * scheduling and popping allocate nothing (the arrays double when full, which is rare).
 * Ties in time break by insertion order: two events scheduled for the same instant run in the
 * order they were scheduled, on every run, which is what makes the simulation deterministic.
 *
 * An event is (time, kind, a, b): `kind` selects the handler, `a` and `b` are two integers the
 * handler interprets (an index and a version token, typically).
 *
 * The heap itself holds only each event's time and a slot number; the rest of the event (its
 * insertion number, kind and arguments) stays in its slot while the heap reorders. Sifting then
 * moves two numbers a level instead of five, and the insertion number is read only on a tie.
 * A slot's kind and arguments sit side by side in one array (`meta`, four entries a slot), so
 * scheduling writes and handling reads them through one array rather than three.
 */
export class EventQueue {
  // The heap: time and slot of each entry.
  private heapTime: Float64Array;
  private heapSlot: Int32Array;
  // The slots, and a stack of free ones.
  private seq: Float64Array;
  /** Per slot, at `slot << 2`: kind, a, b (the fourth entry is unused). Read by Simulation.run after take(). */
  meta: Int32Array;
  private free: Int32Array;
  private freeCount = 0;
  private n = 0;
  private nextSeq = 0;

  /** Fields of the event most recently taken by pop(). */
  poppedTime = 0;
  poppedKind = 0;
  poppedA = 0;
  poppedB = 0;

  constructor(capacity = 1024) {
    this.heapTime = new Float64Array(capacity);
    this.heapSlot = new Int32Array(capacity);
    this.seq = new Float64Array(capacity);
    this.meta = new Int32Array(capacity << 2);
    this.free = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.free[i] = capacity - 1 - i;
    this.freeCount = capacity;
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.heapTime[0]! : Infinity;
  }

  push(time: number, kind: number, a: number, b: number): void {
    if (this.freeCount === 0) this.grow();
    const slot = this.free[--this.freeCount]!;
    const S = this.seq;
    const seq = this.nextSeq++;
    S[slot] = seq;
    const M = this.meta, m = slot << 2;
    M[m] = kind;
    M[m + 1] = a;
    M[m + 2] = b;
    // Sift up with a hole: move parents down until the new event's place is found.
    const T = this.heapTime, H = this.heapSlot;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = T[p]!;
      if (pt < time || (pt === time && S[H[p]!]! < seq)) break;
      T[i] = pt;
      H[i] = H[p]!;
      i = p;
    }
    T[i] = time;
    H[i] = slot;
  }

  /** Removes the earliest event into the popped* fields. Returns false when empty. */
  pop(): boolean {
    if (this.n === 0) return false;
    this.poppedTime = this.heapTime[0]!;
    const m = this.take() << 2, M = this.meta;
    this.poppedKind = M[m]!;
    this.poppedA = M[m + 1]!;
    this.poppedB = M[m + 2]!;
    return true;
  }

  /**
   * Removes the earliest event, which must exist (size > 0), and returns its slot: its time was
   * peekTime(), and its kind and arguments stay at `meta[slot << 2 ...]` until the next push.
   */
  take(): number {
    const T = this.heapTime, H = this.heapSlot, S = this.seq;
    const top = H[0]!;
    this.free[this.freeCount++] = top;
    const last = --this.n;
    if (last === 0) return top;
    const t = T[last]!, slot = H[last]!;
    // Sift down with a hole, starting from the root.
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      const r = c + 1;
      let ct = T[c]!;
      if (r < last) {
        const rt = T[r]!;
        if (rt < ct || (rt === ct && S[H[r]!]! < S[H[c]!]!)) {
          c = r;
          ct = rt;
        }
      }
      if (t < ct || (t === ct && S[slot]! < S[H[c]!]!)) break;
      T[i] = ct;
      H[i] = H[c]!;
      i = c;
    }
    T[i] = t;
    H[i] = slot;
    return top;
  }

  /** Doubles every array; the new slots join the free stack. */
  private grow(): void {
    const old = this.heapTime.length;
    const cap = old * 2;
    const grow = <T extends Float64Array | Int32Array>(array: T, make: (n: number) => T): T => {
      const next = make(array.length * 2);
      next.set(array);
      return next;
    };
    this.heapTime = grow(this.heapTime, (n) => new Float64Array(n));
    this.heapSlot = grow(this.heapSlot, (n) => new Int32Array(n));
    this.seq = grow(this.seq, (n) => new Float64Array(n));
    this.meta = grow(this.meta, (n) => new Int32Array(n));
    this.free = new Int32Array(cap);
    // Every old slot is in use (that is why we grow): the free ones are old..cap-1.
    for (let i = 0; i < cap - old; i++) this.free[i] = cap - 1 - i;
    this.freeCount = cap - old;
  }
}
