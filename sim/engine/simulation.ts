import { EventQueue } from './event-queue.js';

/** Handles one kind of event; `a` and `b` are the integers it was scheduled with. */
export type Handler = (a: number, b: number) => void;

/**
 * The discrete-event kernel: a clock, an event queue and a table of handlers. Components
 * register a handler once per kind of event (`on`) and then schedule events of that kind with
 * two integer arguments, so the hot path allocates nothing. Time is in milliseconds.
 *
 * Cancellation is left to components: they keep a version token per object and ignore an event
 * whose token is stale, which is cheaper than removing it from the heap.
 */
export class Simulation {
  now = 0;
  /** Events handled so far. */
  events = 0;
  private readonly queue = new EventQueue();
  private readonly handlers: Handler[] = [];
  private halted = false;

  /** Registers a handler and returns the event kind to schedule it with. */
  on(handler: Handler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  /** Schedules an event `delay` ms from now (delay ≥ 0). */
  schedule(delay: number, kind: number, a = 0, b = 0): void {
    this.queue.push(this.now + delay, kind, a, b);
  }

  /** Schedules an event at absolute time `time` (not before now). */
  at(time: number, kind: number, a = 0, b = 0): void {
    this.queue.push(time < this.now ? this.now : time, kind, a, b);
  }

  /** Ends run() after the current event. */
  stop(): void {
    this.halted = true;
  }

  get pending(): number {
    return this.queue.size;
  }

  get stopped(): boolean {
    return this.halted;
  }

  /** Handles events in order until the queue is empty, stop() is called, or the next event is after `until`. */
  run(until = Infinity): void {
    const q = this.queue;
    const handlers = this.handlers;
    this.halted = false;
    while (!this.halted && q.size > 0) {
      const time = q.peekTime();
      if (time > until) break;
      const m = q.take() << 2, M = q.meta;
      this.now = time;
      this.events++;
      handlers[M[m]!]!(M[m + 1]!, M[m + 2]!);
    }
  }

  /**
   * Real time: handles every event that is due by `clock()`, each at the clock's time when it is
   * handled (never before its own time, perhaps a little after: that lateness is real). Returns
   * the time of the next event (Infinity when none), or NaN once stop() was called.
   */
  runDue(clock: () => number): number {
    const q = this.queue;
    const handlers = this.handlers;
    while (!this.halted && q.size > 0) {
      const wall = clock();
      if (q.peekTime() > wall) break;
      const m = q.take() << 2, M = q.meta;
      this.now = wall;
      this.events++;
      handlers[M[m]!]!(M[m + 1]!, M[m + 2]!);
    }
    if (this.halted) return NaN;
    return q.size > 0 ? q.peekTime() : Infinity;
  }

  /** Real time: handles an event that came from outside (an output on a socket) at the clock's time `wall`. */
  inject(wall: number, kind: number, a = 0, b = 0): void {
    if (this.halted) return;
    this.now = Math.max(this.now, wall);
    this.events++;
    this.handlers[kind]!(a, b);
  }
}
