/**
 * A binary min-heap of events ordered by (time, insertion order), kept in parallel typed arrays
 * so that scheduling and popping allocate nothing (the arrays double when full, which is rare).
 * Ties in time break by insertion order: two events scheduled for the same instant run in the
 * order they were scheduled, on every run, which is what makes the simulation deterministic.
 *
 * An event is (time, kind, a, b): `kind` selects the handler, `a` and `b` are two integers the
 * handler interprets (an index and a version token, typically).
 */
export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private argA: Int32Array;
  private argB: Int32Array;
  private n = 0;
  private nextSeq = 0;

  /** Fields of the event most recently taken by pop(). */
  poppedTime = 0;
  poppedKind = 0;
  poppedA = 0;
  poppedB = 0;

  constructor(capacity = 1024) {
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.kind = new Int32Array(capacity);
    this.argA = new Int32Array(capacity);
    this.argB = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.time[0]! : Infinity;
  }

  push(time: number, kind: number, a: number, b: number): void {
    if (this.n === this.time.length) this.grow();
    const seq = this.nextSeq++;
    // Sift up with a hole: move parents down until the new event's place is found.
    let i = this.n++;
    const T = this.time, S = this.seq, K = this.kind, A = this.argA, B = this.argB;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = T[p]!;
      if (pt < time || (pt === time && S[p]! < seq)) break;
      T[i] = pt; S[i] = S[p]!; K[i] = K[p]!; A[i] = A[p]!; B[i] = B[p]!;
      i = p;
    }
    T[i] = time; S[i] = seq; K[i] = kind; A[i] = a; B[i] = b;
  }

  /** Removes the earliest event into the popped* fields. Returns false when empty. */
  pop(): boolean {
    if (this.n === 0) return false;
    const T = this.time, S = this.seq, K = this.kind, A = this.argA, B = this.argB;
    this.poppedTime = T[0]!; this.poppedKind = K[0]!; this.poppedA = A[0]!; this.poppedB = B[0]!;
    const last = --this.n;
    if (last === 0) return true;
    const t = T[last]!, s = S[last]!, k = K[last]!, a = A[last]!, b = B[last]!;
    // Sift down with a hole, starting from the root.
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      const r = c + 1;
      if (r < last && (T[r]! < T[c]! || (T[r] === T[c] && S[r]! < S[c]!))) c = r;
      const ct = T[c]!;
      if (t < ct || (t === ct && s < S[c]!)) break;
      T[i] = ct; S[i] = S[c]!; K[i] = K[c]!; A[i] = A[c]!; B[i] = B[c]!;
      i = c;
    }
    T[i] = t; S[i] = s; K[i] = k; A[i] = a; B[i] = b;
    return true;
  }

  private grow(): void {
    const cap = this.time.length * 2;
    const grow = <T extends Float64Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(cap);
      next.set(old);
      return next;
    };
    this.time = grow(this.time, (n) => new Float64Array(n));
    this.seq = grow(this.seq, (n) => new Float64Array(n));
    this.kind = grow(this.kind, (n) => new Int32Array(n));
    this.argA = grow(this.argA, (n) => new Int32Array(n));
    this.argB = grow(this.argB, (n) => new Int32Array(n));
  }
}
