import type { Serving } from '../cluster/serving.js';

/**
 * When a degraded answer (a reconstruction) may be given: at once (`answer: first`, wait 0), or,
 * preferring the original, not before its batch has waited `wait` ms since it was dispatched —
 * the original answers it exactly if it comes first. Returns `offer(b)`: call it when batch b's
 * degraded answer is ready; `give(b)` runs when it is to be given (batch still unanswered).
 */
export function degradedAnswerPolicy(s: Serving, wait: number, give: (batch: number) => void): (batch: number) => void {
  const release = s.timer((b) => {
    if (!s.isAnswered(b)) give(b);
  });
  // `answer: first` (the usual case) gives at once: nothing to look up or schedule.
  if (wait <= 0) {
    return (b) => {
      if (!s.isAnswered(b)) give(b);
    };
  }
  return (b) => {
    if (s.isAnswered(b)) return;
    const at = s.closedAt(b) + wait;
    if (s.now >= at) give(b);
    else s.at(at, release, b);
  };
}
