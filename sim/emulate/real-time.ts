import type { Simulation } from '../engine/simulation.js';

/**
 * Drives a Simulation by the wall clock: handles what is due, then sleeps until the next event
 * while sockets deliver outputs (which the runner injects as they come). Node's timers fire a
 * millisecond or so late, so the last stretch before an event is spent yielding to I/O with
 * setImmediate instead of sleeping; how late events were handled is measured and reported.
 */
export function runInRealTime(sim: Simulation, clock: () => number, wallLimitMs: number): Promise<{ wallLimitHit: boolean; lateness: [number, number, number] }> {
  const lateness: number[] = [];
  return new Promise((resolve) => {
    let target = 0;
    const finish = (wallLimitHit: boolean) => {
      lateness.sort((a, b) => a - b);
      const at = (q: number) => lateness[Math.min(lateness.length - 1, Math.floor(q * lateness.length))] ?? 0;
      resolve({ wallLimitHit, lateness: [at(0.5), at(0.99), lateness[lateness.length - 1] ?? 0] });
    };
    const loop = () => {
      const now = clock();
      if (target > 0 && now >= target) lateness.push(now - target);
      const next = sim.runDue(clock);
      if (Number.isNaN(next)) return finish(false);
      if (clock() >= wallLimitMs) return finish(true);
      target = Number.isFinite(next) ? next : 0;
      const wait = Math.min(next, wallLimitMs) - clock();
      // Waking at least every millisecond also catches events scheduled by injected outputs.
      if (wait > 1.5) setTimeout(loop, Math.min(wait - 1, 1));
      else setImmediate(loop);
    };
    loop();
  });
}
