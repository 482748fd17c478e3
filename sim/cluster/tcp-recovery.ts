/**
 * How long TCP takes to deliver a message some of whose segments a port dropped, by the cause of
 * the loss (Linux's RACK-TLP loss detection, RFC 8985, and its retransmission timer):
 * - a segment lost inside the message is detected when a later one is acknowledged, and resent
 *   about one round trip after the last segment, once RACK's reordering timer has run (round 18's
 *   packet captures: the resend follows the receiver's duplicate acknowledgement by about 5 ms);
 * - a lost tail (nothing after it to reveal the loss) waits for the tail-loss probe, sent a probe
 *   timeout after the last segment: 2 SRTT, plus the 200 ms delayed-ack allowance when it is the
 *   only segment in flight — unless an inner segment was lost too: its retransmission, sent after
 *   the tail, is delivered a round trip later, and RACK then marks the tail lost and resends it
 *   without a probe, two round trips after the tail (round 14: the probes counted against the
 *   emulated cluster's kernel, docs/validation.md);
 * - a retransmission meets the port again and may be dropped again (round 16's packet captures:
 *   6–40% of resent inner segments were): with nothing sent after it, only the retransmission
 *   timeout finds that loss, SRTT + 200 ms (Linux's RTO_min), doubling on every further loss; after
 *   a timeout the window restarts at one segment, so the rest of the message takes a round trip
 *   per doubling.
 */

/**
 * How the losses of a run were recovered, counted as Linux's TCP counters count them on the sender
 * (`nstat`: TcpExtTCPLossProbes, TcpTimeouts, TcpExtTCPSackRecovery), so the emulated cluster's
 * (`emulation.tcp` in summary.json) can be set beside them: probes sent, retransmission timeouts
 * fired (every doubling counted), and messages recovered from an inner loss a round trip later.
 */
export interface RecoveryCounts {
  lossProbes: number;
  timeouts: number;
  fastRecoveries: number;
}

/** Counts of nothing recovered yet. */
export const noRecoveries = (): RecoveryCounts => ({ lossProbes: 0, timeouts: 0, fastRecoveries: 0 });

/** A run's recovery counts by the side that sent the messages: the frontend's requests, the instances' responses. */
export interface Recoveries {
  frontend: RecoveryCounts;
  instances: RecoveryCounts;
}

/** Linux's minimum retransmission timeout (ms), also the delayed-ack allowance of a lone segment's probe. */
export const RTO_MIN_MS = 200;
/** Linux adds this to 2 SRTT for a probe with more than one segment in flight (TCP_TIMEOUT_MIN, 2 jiffies). */
const PROBE_SLACK_MS = 2;
/**
 * How long after the acknowledgement that reveals a lost segment the sender resends it (ms): RACK
 * marks it lost when its reordering window has passed, on a timer of at least two jiffies (8 ms at
 * HZ 250, the emulated cluster's kernel). Measured, not fitted: the median wait from
 * the instance's duplicate acknowledgement to the frontend's resend in the captures of round 18 is
 * 4.2–5.5 ms (0 to 8 ms; docs/validation/port-pinned-round18.txt).
 */
export const RACK_REORDER_MS = 5;
/** Retransmissions before a connection gives up (Linux's tcp_retries2 is 15). */
const MAX_RETRIES = 15;

/**
 * Extra delay, over a loss-free delivery, of a message of `segments` segments the port dropped
 * some of (`lost.inside`: one before the last; `lost.tail`: the last), the last of which reached
 * the port at `lastAt`. `lostLater(t, i)` says whether the i-th retransmitted packet reaching the
 * port at t is dropped too; the probes, timeouts and recoveries it took are added to `counts`.
 * `resendRtt`: what a resend of a lost segment adds after the acknowledgement that reveals the
 * loss — a round trip through the port as the message met it (`srtt`), unless the port has drained
 * since (an overloaded port the message overfilled, network.ts).
 */
export function recoveryDelay(lost: { inside: boolean; tail: boolean }, lastAt: number, segments: number, srtt: number, lostLater: (t: number, i: number) => boolean, counts: RecoveryCounts, resendRtt = srtt): number {
  if (!lost.inside && !lost.tail) return 0;
  const rto = srtt + RTO_MIN_MS;
  let at: number;
  if (!lost.tail) {
    // The inner segment is resent a round trip and RACK's reordering wait after the tail, and is all the message still lacks.
    counts.fastRecoveries++;
    at = lastAt + resendRtt + RACK_REORDER_MS;
    return timedOut(at, segments, rto, lostLater, counts) - lastAt;
  }
  if (lost.inside) {
    // RACK: the inner segment, resent a round trip later, is delivered after the tail was sent,
    // which marks the tail lost too; it is resent a round trip after that, with no probe.
    counts.fastRecoveries++;
    at = lastAt + 2 * resendRtt + RACK_REORDER_MS;
  } else {
    // The probe resends the tail; a probe timeout the size of the retransmission timeout is the timeout itself.
    const probeTimeout = Math.min(rto, 2 * srtt + (segments === 1 ? RTO_MIN_MS : PROBE_SLACK_MS));
    if (probeTimeout < rto) counts.lossProbes++;
    else counts.timeouts++;
    at = lastAt + probeTimeout;
  }
  const delivered = timedOut(at, segments, rto, lostLater, counts);
  // After a timeout the window restarts at one segment: the rest of the message takes a round trip per doubling.
  return delivered - lastAt + (delivered > at ? Math.ceil(Math.log2(segments)) * srtt : 0);
}

/**
 * When a retransmission first sent at `at` gets through: at once, or after the retransmission
 * timeout `rto`, doubling on every further loss (each counted). Retransmissions are numbered for
 * lostLater from `packet` on (a message's own segments take 0 … segments − 1).
 */
function timedOut(at: number, packet: number, rto: number, lostLater: (t: number, i: number) => boolean, counts: RecoveryCounts): number {
  if (!lostLater(at, packet++)) return at;
  let timeout = rto;
  at += timeout;
  counts.timeouts++;
  for (let retry = 1; retry < MAX_RETRIES && lostLater(at, packet++); retry++) {
    timeout *= 2;
    at += timeout;
    counts.timeouts++;
  }
  return at;
}
