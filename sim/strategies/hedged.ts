import { Answer, Role } from '../cluster/outcomes.js';
import type { StrategySpec } from './spec.js';
import { PerBatch, type Planner } from './plan.js';
import { select } from '../metrics/select.js';

/** Samples needed before a percentile-based hedging delay is trusted; until then nothing is hedged. */
const MIN_SAMPLES = 20;

/**
 * Hedged requests: if a batch has no answer `after` ms after dispatch (a fixed delay, or a
 * percentile of recent batch latencies), a second copy goes to another instance; the first
 * output answers and the other copy is cancelled, running or not.
 */
export const planHedged: Planner<Extract<StrategySpec, { kind: 'hedged' }>> = (spec, world) => {
  const instances = spec.instances ?? world.cluster.instances;
  return {
    hosts: instances,
    // A percentile hedge sends a second copy for about the share of batches beyond it; a fixed one, for an unknown share (counted as none).
    pools: [{ name: 'data', instances, tasksPerBatch: 'fixed' in spec.after ? 1 : 2 - spec.after.percentile }],
    build(s) {
      const data = s.pool('data', Role.data, instances);
      const original = new PerBatch();
      const hedge = new PerBatch();
      const delay = hedgingDelay(spec.after);
      const sendHedge = s.timer((b) => {
        if (!s.isAnswered(b)) hedge.set(b, s.send(data, b, Role.replica, 1, original.get(b)));
      });
      return {
        onBatch(b) {
          original.set(b, s.send(data, b, Role.data, 0));
          const d = delay.current();
          if (d < Infinity) s.after(d, sendHedge, b);
        },
        onResult(t) {
          const b = s.batchOf(t);
          if (s.isAnswered(b)) return;
          const first = s.copyOf(t) === 0;
          s.answer(b, first ? Answer.original : Answer.replica, t);
          delay.observe(s.now - s.closedAt(b));
          s.cancel(first ? hedge.get(b) : original.get(b), 'abort');
        },
      };
    },
  };
};

/** The hedging delay: fixed, or a percentile of a sliding window of recent batch latencies. */
function hedgingDelay(after: Extract<StrategySpec, { kind: 'hedged' }>['after']) {
  if ('fixed' in after) return { current: () => after.fixed, observe: (_latency: number) => {} };
  const window = new Float64Array(after.window);
  const sorted = new Float64Array(after.window);
  let filled = 0, next = 0, sinceUpdate = 0, threshold = Infinity;
  // Selecting the percentile costs O(w); doing it every w/10 answers keeps it O(10) per answer
  // while the delay still follows the latency distribution closely.
  const every = Math.max(1, Math.floor(after.window / 10));
  return {
    current: () => threshold,
    observe(latency: number) {
      window[next] = latency;
      next = (next + 1) % window.length;
      if (filled < window.length) filled++;
      if (filled < MIN_SAMPLES || ++sinceUpdate < every) return;
      sinceUpdate = 0;
      const view = sorted.subarray(0, filled);
      view.set(window.subarray(0, filled));
      threshold = select(view, Math.min(filled - 1, Math.floor(after.percentile * filled)));
    },
  };
}
