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
 */
export class EventQueue {
  // The heap: time and slot of each entry.
  private heapTime: Float64Array;
  private heapSlot: Int32Array;
  // The slots, and a stack of free ones.
  private seq: Float64Array;
  private kind: Int32Array;
  private argA: Int32Array;
  private argB: Int32Array;
  private free: Int32Array;
  private freeCount: number;
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
    this.kind = new Int32Array(capacity);
    this.argA = new Int32Array(capacity);
    this.argB = new Int32Array(capacity);
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
    this.kind[slot] = kind;
    this.argA[slot] = a;
    this.argB[slot] = b;
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
    const T = this.heapTime, H = this.heapSlot, S = this.seq;
    const top = H[0]!;
    this.poppedTime = T[0]!;
    this.poppedKind = this.kind[top]!;
    this.poppedA = this.argA[top]!;
    this.poppedB = this.argB[top]!;
    this.free[this.freeCount++] = top;
    const last = --this.n;
    if (last === 0) return true;
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
    return true;
  }

  /** Doubles every array; the new slots join the free stack. */
  private grow(): void {
    const old = this.heapTime.length;
    const cap = old * 2;
    const grow = <T extends Float64Array | Int32Array>(array: T, make: (n: number) => T): T => {
      const next = make(cap);
      next.set(array);
      return next;
    };
    this.heapTime = grow(this.heapTime, (n) => new Float64Array(n));
    this.heapSlot = grow(this.heapSlot, (n) => new Int32Array(n));
    this.seq = grow(this.seq, (n) => new Float64Array(n));
    this.kind = grow(this.kind, (n) => new Int32Array(n));
    this.argA = grow(this.argA, (n) => new Int32Array(n));
    this.argB = grow(this.argB, (n) => new Int32Array(n));
    this.free = new Int32Array(cap);
    // Every old slot is in use (that is why we grow): the free ones are old..cap-1.
    for (let i = 0; i < cap - old; i++) this.free[i] = cap - 1 - i;
    this.freeCount = cap - old;
  }
}
