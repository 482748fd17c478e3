import { CUBIC_BETA, FRIENDLY_GROWTH } from './switch-ports.js';

/** Linux's initial congestion window (segments, RFC 6928). */
export const INITIAL_WINDOW = 10;

/**
 * Each connection's congestion window (segments), as Linux keeps it on a connection that carries
 * one query message at a time (docs/validation.md, "Round 20", from packet captures of the
 * emulated switch). A message larger than the window leaves in rounds: as many segments as the
 * window allows, the rest a round trip later, when their acknowledgements have come back. The window
 * grows only while it limits what is sent (Linux grows it only then: tcp_is_cwnd_limited) — by
 * each acknowledged segment in slow start, by CUBIC's TCP-friendly rate after it — and every loss
 * cuts it: to β of itself after a recovery, to one segment and slow start after a retransmission
 * timeout. A connection that lost segments therefore sends its next messages in two round trips
 * until the window has regrown: behind a port that queues for 10 ms, 10 ms more for each.
 *
 * The windows follow the connection's messages in the order they are sent; two messages in
 * flight on one connection at once (a prefetching instance's) each meet the window as it is.
 * Not modelled: Linux also halves a window above the initial one for every retransmission timeout
 * a connection stays idle (tcp_slow_start_after_idle), which costs a round trip to a message larger
 * than the initial window on a connection idle that long — under a millisecond at the paper
 * scenarios' 10 Gbit/s, and nothing to the testbed's requests, which fit the initial window.
 */
export class CongestionWindows {
  private readonly window: Float64Array;
  private readonly threshold: Float64Array;

  constructor(connections: number) {
    this.window = new Float64Array(connections).fill(INITIAL_WINDOW);
    this.threshold = new Float64Array(connections).fill(Infinity);
  }

  /**
   * Sends a message of `segments` on connection c: returns the round trips it takes beyond the
   * first (0 when the window holds it), growing the window by its acknowledgements when the window
   * is what limited it.
   */
  send(c: number, segments: number): number {
    let window = this.window[c]!;
    if (segments < Math.floor(window)) return 0;
    const threshold = this.threshold[c]!;
    let left = segments, rounds = -1;
    while (left > 0) {
      const burst = Math.min(left, Math.max(1, Math.floor(window)));
      left -= burst;
      window = window < threshold ? Math.min(threshold, window + burst) : window + (FRIENDLY_GROWTH * burst) / window;
      rounds++;
    }
    this.window[c] = window;
    return rounds;
  }

  /**
   * The message of `segments` just sent on connection c lost some and TCP recovered them, by a
   * retransmission timeout if `timedOut`: the window is cut by β (never below two segments); after a
   * timeout it restarts at one segment and regrows in slow start as the message's segments are
   * acknowledged, up to the cut.
   */
  lost(c: number, segments: number, timedOut: boolean): void {
    const cut = Math.max(2, CUBIC_BETA * this.window[c]!);
    this.threshold[c] = cut;
    this.window[c] = timedOut ? Math.min(cut, 1 + segments) : cut;
  }
}
