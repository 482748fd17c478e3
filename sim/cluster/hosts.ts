/** What the host layer tells whoever runs work on the hosts. */
export interface HostListener {
  onSpeedChange(host: number): void;
  onFail(host: number): void;
  onRecover(host: number): void;
}

/**
 * The physical machines and their condition: nominal speed, and everything the straggler and
 * fault processes do to them. Effective speed = nominal / slowdown factors / (1 + background jobs),
 * where a host sharing its processor with n background jobs gets 1/(n+1) of it.
 */
export class Hosts {
  readonly nominal: Float64Array;
  readonly episodeFactor: Float64Array;
  readonly scriptedFactor: Float64Array;
  readonly backgroundJobs: Int32Array;
  /** Background network flows touching the host (their packet processing slows it when configured). */
  readonly flows: Int32Array;
  readonly up: Uint8Array;
  /** When recording: (time, host, speed, up) for every change of condition, in order. */
  readonly timeline: number[] | null;
  private listener: HostListener | null = null;
  /** Processes that run beside the strategy's work and progress at the host's speed (background jobs). */
  private readonly speedWatchers: ((host: number) => void)[] = [];
  private clock: () => number = () => 0;

  constructor(readonly count: number, speeds: readonly number[], private readonly flowSlowdown: number, record = false) {
    this.timeline = record ? [] : null;
    this.nominal = new Float64Array(count).fill(1);
    speeds.slice(0, count).forEach((s, i) => (this.nominal[i] = s));
    this.episodeFactor = new Float64Array(count).fill(1);
    this.scriptedFactor = new Float64Array(count).fill(1);
    this.backgroundJobs = new Int32Array(count);
    this.flows = new Int32Array(count);
    this.up = new Uint8Array(count).fill(1);
  }

  listen(listener: HostListener, clock: () => number): void {
    this.listener = listener;
    this.clock = clock;
  }

  /**
   * A second hook on speed changes, for what runs on the hosts besides the runner's tasks
   * (background jobs): called after the runner's listener, in the order watchers were added.
   */
  watchSpeed(watcher: (host: number) => void): void {
    this.speedWatchers.push(watcher);
  }

  private log(h: number): void {
    this.timeline?.push(this.clock(), h, this.speed(h), this.up[h]!);
  }

  speed(h: number): number {
    const flowFactor = this.flows[h]! > 0 ? this.flowSlowdown : 1;
    return this.nominal[h]! / (this.episodeFactor[h]! * this.scriptedFactor[h]! * flowFactor * (1 + this.backgroundJobs[h]!));
  }

  /** Call after changing any of the speed components of host h. */
  changed(h: number): void {
    this.log(h);
    this.listener?.onSpeedChange(h);
    for (const watcher of this.speedWatchers) watcher(h);
  }

  fail(h: number): void {
    if (!this.up[h]) return;
    this.up[h] = 0;
    this.log(h);
    this.listener?.onFail(h);
  }

  recover(h: number): void {
    if (this.up[h]) return;
    this.up[h] = 1;
    this.log(h);
    this.listener?.onRecover(h);
  }
}
