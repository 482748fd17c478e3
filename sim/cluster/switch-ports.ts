/**
 * The switch's output port toward each endpoint: a FIFO queue of `buffer` bytes drained at the
 * link's rate, which the shuffles sent into the endpoint and the query traffic share.
 *
 * How full it is depends on how fast the shuffles arrive, their offered rate: the sum, over the
 * flows into the endpoint, of what each sender's NIC lets it send.
 * - **Paced** (offered ≤ the port's rate): every sender's own NIC is the flows' bottleneck, as
 *   for a single shuffle between two hosts with NICs of the same speed. The port has two states
 *   (docs/validation.md, "Round 17", from packet captures of the emulated switch):
 *   1. *Filling.* The shuffle passes without queueing but leaves the port only the rest of its
 *      rate, so query messages into the endpoint queue up whenever they arrive faster than that
 *      rest; with one full-rate shuffle every request adds its size to a queue that does not
 *      drain (tracked exactly, as a fluid). Its sender's window meanwhile grows unchecked, since
 *      its NIC, not the window, limits it.
 *   2. *Pinned at its limit.* A full-size query segment that finds no room below the limit (less
 *      the shuffles' burst: a shorter tail still fits) races the shuffle for each freed slot;
 *      whoever loses it, the shuffle loses segments too, and its sender cuts its window by
 *      (1 − β) a `hold` later. But Linux grows a window only while the window is what limits the
 *      flow, and in slow start to at most twice what is in flight (tcp_is_cwnd_limited): a shuffle
 *      its sender's NIC paces reaches its first overflow with a window about twice what keeps the
 *      port at its limit, so one cut leaves it above that and the port stays pinned at its limit.
 *      The shuffle, arriving at exactly the port's rate, does not overflow it by itself: only the
 *      next query that overflows it costs the shuffle another loss and another cut. So the port
 *      stays pinned until the queries' overflows have cut the window below the path — for as long
 *      as the next requests take to come, often hundreds of milliseconds behind a deep port
 *      (docs/validation.md, "Round 18", from packet captures of the emulated switch). Where the
 *      sender hears of its drops late (PacedRegime chained, sending) the emulated cluster's loss
 *      grid shows no such excess: there the first cut opens the port.
 *   3. *Following the window.* Once a cut has taken the window below the path, the port opens by
 *      what the cut freed and the shuffle is limited by its window: it is clocked by its
 *      acknowledgements, so the port holds what its window puts beyond the path and query messages
 *      only pass through it. The window regrows at CUBIC's TCP-friendly rate until it fills the
 *      port again, which stays full for `hold` until the next cut — or a query message overflows
 *      it first and sets the next cut off. A sawtooth, whose depth and period follow from the
 *      buffer, β and how late the sender hears of its drops (PacedRegime); `hold`, the time from
 *      an overflow to the cut of the shuffle's window, is calibrated.
 * - **Overloaded** (offered > the port's rate: shuffles from several senders into one host): the
 *   port is the flows' bottleneck. Their first fill has two speeds: in slow start at the excess of
 *   what they offer over the port's rate, until the queueing delay they build makes them leave it
 *   (`slowStartExitMs`: Linux's HyStart leaves on a rise of the round trip of 4–16 ms), then at
 *   CUBIC's growth before its first loss, 5% of the window a round trip — which, for flows clocked
 *   by their acknowledgements through the port, raises its queue by 1/20 of its rate whatever
 *   their number and round trip (the windows sum to the rate times the round trip). Behind a deep
 *   port that takes seconds, and a shuffle often ends first: the queue grows through the episode
 *   (docs/validation.md, "Round 21"). Once the port overflows, the flows lose a segment, back off
 *   and grow again. The queue follows that sawtooth: full for about
 *   one round trip after each overflow (the time the senders need to hear of the loss), then
 *   drained by the back-off to a fraction β of the path's capacity, then refilled by additive
 *   growth — modelled in closed form rather than by simulating the shuffles' packets (10^4–10^5
 *   of them a shuffle), which keeps the background timeline free of query traffic. Growth per
 *   round trip is CUBIC's TCP-friendly rate, α = 3(1 − β)/(1 + β) segments per flow: at a data
 *   centre's round trips CUBIC's own cubic curve is slower than that, so the friendly rate sets
 *   the sawtooth. A query message arrives as a burst at its sender's rate while the shuffles,
 *   clocked by their acknowledgements, keep arriving at the port's: each of its segments adds to
 *   the queue, so a message that reaches the port within its own size of the limit overfills it
 *   and its last segments race for slots as at an overflow (docs/validation.md, "Round 19").
 *
 * While a port is full, every slot its output frees goes to whichever packet arrives first: a
 * query's segment, arriving at its sender's rate s, against the shuffles' arriving at their
 * offered rate I. It is therefore dropped with probability I / (I + s): one half for a request
 * from a NIC as fast as the shuffle's. A retransmission a timeout later meets a sawtooth whose
 * phase has drifted (each cycle depends on which flow lost what, and on the queries), so it meets
 * it full with the share of the cycle the port is full (FullSpells for an overloaded port).
 */

import { RTO_MIN_MS } from './tcp-recovery.js';

/** What the hosts at a paced port's two ends do besides its shuffle, which decides how late its sender hears of its drops. */
export const PacedRegime = { idle: 0, chained: 1, sending: 2 } as const;
export type PacedRegime = (typeof PacedRegime)[keyof typeof PacedRegime];

/** CUBIC's multiplicative decrease (Linux: beta 717/1024). */
export const CUBIC_BETA = 0.7;
/**
 * A paced shuffle's window at its port's first overflow, over what keeps the port at its limit, by
 * PacedRegime: slow start's cap, twice what is in flight, where the sender hears of its drops at
 * once; where it hears late, the loss grid's chained and sending cells say the first cut opens the
 * port (with the doubled window there they stall 0.9–7.3x as often as emulated, against 0.7–3.9x),
 * so that window is taken as what the path holds (docs/validation.md, "Round 18").
 */
const FIRST_EXCESS = [2, 1, 1] as const;
/** Segments a flow's window grows by per round trip in CUBIC's TCP-friendly region. */
export const FRIENDLY_GROWTH = (3 * (1 - CUBIC_BETA)) / (1 + CUBIC_BETA);
/**
 * How fast a window grows before the flow's first loss, as a share of it per round trip: Linux's
 * CUBIC, with no loss yet to set its curve's plateau, caps its per-acknowledgement divisor at 20
 * ("increase cwnd 5% per RTT", tcp_cubic.c).
 */
export const PRE_LOSS_GROWTH = 1 / 20;
/**
 * The most one flow keeps in flight: Linux's default largest receive buffer (tcp_rmem, 6 MB), half
 * of it advertised as window. Bounds a deep port's pre-loss growth; no testbed port reaches it.
 */
const MAX_RECEIVE_WINDOW = 3_000_000;

export interface PortConfig {
  /** Queue limit of each port (bytes). */
  buffer: number;
  /** Port rate (bytes/ms). */
  bandwidth: number;
  /** Payload bytes per segment. */
  mss: number;
  /** Round trip of an empty path (ms). */
  baseRtt: number;
  /**
   * How long after an overflow its shuffle's sender cuts its window (ms): it hears of the drop a
   * round trip later, detects it after a reordering window and reduces its rate over a round trip
   * more. Calibrated against the emulated cluster's loss grid (docs/validation.md, "Round 18").
   */
  holdMs: number;
  /** Bytes a shuffle's sender may release at once above its rate (its shaper's burst): the paced queue's floor. */
  burst: number;
  /**
   * The queueing delay (ms) the shuffles into an overloaded port build in slow start before they
   * leave it; from there their windows grow at CUBIC's pre-loss 5% a round trip. Calibrated against
   * the emulated cluster (docs/validation.md, "Round 21").
   */
  slowStartExitMs: number;
  /**
   * How long what a host sending shuffles keeps queued in its own NIC takes to leave it (ms): its
   * query messages wait that long, and so do the acknowledgements it returns for shuffles into it.
   */
  senderQueueMs: number;
}

/**
 * The shape of a sawtooth at one round trip: its queue after a back-off (`low`), how long it stays
 * full after an overflow (one round trip through the full queue), its window at overflow
 * (segments) and its mean round trip over the cycle.
 */
interface SawtoothShape {
  low: number;
  overflowMs: number;
  windowSegments: number;
  meanRtt: number;
}

function sawtoothShape(config: PortConfig, rtt: number): SawtoothShape {
  const bdp = config.bandwidth * rtt;
  const low = Math.max(0, CUBIC_BETA * (config.buffer + bdp) - bdp);
  return {
    low,
    overflowMs: rtt + config.buffer / config.bandwidth,
    windowSegments: (config.buffer + bdp) / config.mss,
    meanRtt: rtt + (low + config.buffer) / 2 / config.bandwidth,
  };
}

/**
 * A paced port's sawtooth once its shuffle follows its window, for a sender that hears of its drops
 * `ackDelay` ms late: the window that keeps the port at its limit (`span`, bytes: the port and the
 * path), how much room a cut from there opens (`cut`, bytes), how fast the window then refills it
 * (`growth`, bytes/ms), how long that takes (`rise`, ms), how long the port stays full after each
 * overflow (`hold`, ms) and the whole cycle (`rise + hold`).
 */
interface WindowSawtooth {
  span: number;
  cut: number;
  growth: number;
  rise: number;
  hold: number;
  cycle: number;
}

function windowSawtooth(config: PortConfig, limit: number, ackDelay: number): WindowSawtooth {
  // The window at an overflow spans the path (its round trip, acknowledgements' wait included) and
  // the full port; a cut frees (1 − β) of it, from the port first.
  const span = config.buffer + config.bandwidth * (config.baseRtt + ackDelay);
  const cut = (1 - CUBIC_BETA) * span;
  const low = Math.max(0, limit - cut);
  const meanRtt = config.baseRtt + ackDelay + (limit + low) / 2 / config.bandwidth;
  const growth = (FRIENDLY_GROWTH * config.mss) / meanRtt;
  const rise = cut / growth, hold = config.holdMs + ackDelay;
  return { span, cut, growth, rise, hold, cycle: rise + hold };
}

export class SwitchPorts {
  /** Offered rate (bytes/ms) of the shuffles sent into each endpoint, and how many there are. */
  private readonly offered: Float64Array;
  private readonly flows: Int32Array;
  /** Until when the shuffles into each port keep their offered rate, if nothing else starts (their earliest end). */
  private readonly offeredUntil: Float64Array;
  /** The PacedRegime of each port. */
  private readonly regime: Uint8Array;
  /**
   * Whether each port runs the sawtooth (1: overloaded), and how long its sawtooth takes to regrow
   * from its low queue to its limit (ms): both follow from what the port is offered, so setOffered works them
   * out once instead of every segment asking again.
   */
  private readonly saws: Uint8Array;
  private readonly rise: Float64Array;
  /** When each port's sawtooth began, and how long its first fill from empty takes until it overflows (ms; Infinity: never). */
  private readonly sawSince: Float64Array;
  private readonly fillMs: Float64Array;
  /** A filling paced port's queue of query bytes (bytes), as of `queueAt`. */
  private readonly queue: Float64Array;
  private readonly queueAt: Float64Array;
  /** 1 where a paced port has overflowed since its shuffles last changed: it is pinned at its limit, or follows its shuffle's window. */
  private readonly windowed: Uint8Array;
  /**
   * The shuffle's window over what keeps the port at its limit once the cut at `cutAt` has landed:
   * at 1 or more the port stays pinned at its limit; below 1 that cut opens it by `opening` bytes
   * and it follows the window's sawtooth from there.
   */
  private readonly excess: Float64Array;
  /** When the last cut set off lands (or landed), and how far the cut the sawtooth starts from opens the port (bytes). */
  private readonly cutAt: Float64Array;
  private readonly opening: Float64Array;
  /** The overloaded sawtooth with prompt acknowledgements, and with a sending receiver's delayed ones. */
  private readonly prompt: SawtoothShape;
  private readonly delayed: SawtoothShape;
  /** The paced ports' window sawtooth, by PacedRegime. */
  private readonly windowShapes: readonly WindowSawtooth[];
  private readonly buffer: number;
  private readonly rate: number;
  /** What query bytes a paced port holds before it is full: its limit less the shuffles' burst. */
  private readonly pacedLimit: number;
  /** Bytes the path itself holds at the port's rate (its round trip without queues): a window beyond it sits in the port. */
  private readonly path: number;
  /** An overloaded port's queue when its shuffles leave slow start (bytes), and how fast it grows from there (bytes/ms). */
  private readonly slowStartExit: number;
  private readonly preLossGrowth: number;

  constructor(endpoints: number, readonly config: PortConfig) {
    this.offered = new Float64Array(endpoints);
    this.flows = new Int32Array(endpoints);
    this.offeredUntil = new Float64Array(endpoints);
    this.regime = new Uint8Array(endpoints);
    this.saws = new Uint8Array(endpoints);
    this.rise = new Float64Array(endpoints);
    this.sawSince = new Float64Array(endpoints);
    this.fillMs = new Float64Array(endpoints);
    this.queue = new Float64Array(endpoints);
    this.queueAt = new Float64Array(endpoints);
    this.windowed = new Uint8Array(endpoints);
    this.excess = new Float64Array(endpoints);
    this.cutAt = new Float64Array(endpoints);
    this.opening = new Float64Array(endpoints);
    this.buffer = config.buffer;
    this.rate = config.bandwidth;
    this.prompt = sawtoothShape(config, config.baseRtt);
    this.delayed = sawtoothShape(config, config.baseRtt + config.senderQueueMs);
    this.pacedLimit = config.buffer - config.burst;
    this.path = this.rate * config.baseRtt;
    this.slowStartExit = this.rate * config.slowStartExitMs;
    this.preLossGrowth = PRE_LOSS_GROWTH * this.rate;
    // How late a paced shuffle's sender hears of its drops: at once (idle); its acknowledgements
    // come back through its own full inbound port (chained); they wait behind the receiver's own
    // transmit queue (sending).
    this.windowShapes = [0, config.buffer / config.bandwidth, config.senderQueueMs].map((ackDelay) => windowSawtooth(config, this.pacedLimit, ackDelay));
  }

  /**
   * The shuffles into endpoint e now offer `rate` bytes/ms in `flows` flows, until `until` at the
   * latest; `regime`: what the hosts at the port's two ends are doing besides (PacedRegime).
   */
  setOffered(e: number, rate: number, flows: number, until: number, now: number, regime: PacedRegime): void {
    this.offeredUntil[e] = until;
    if (rate === this.offered[e] && flows === this.flows[e] && regime === this.regime[e]) return;
    this.drain(e, now);
    if (this.windowed[e] === 1) {
      // The new shuffles start from what the window held; the port fills again from there.
      this.queue[e] = this.windowLevel(e, now);
      this.windowed[e] = 0;
    }
    const wasSawing = this.saws[e] === 1;
    const level = wasSawing ? this.sawtooth(e, now) : 0;
    const flowsBefore = this.flows[e]!;
    this.offered[e] = rate;
    this.flows[e] = flows;
    this.regime[e] = regime;
    const sawing = this.overloaded(e);
    this.saws[e] = sawing ? 1 : 0;
    this.rise[e] = this.regrowMs(e);
    if (sawing && !wasSawing) {
      // Filled from empty: in slow start, then at the pre-loss growth (firstFill).
      this.sawSince[e] = now;
      this.fillMs[e] = this.overflowAfter(e);
    } else if (wasSawing && !sawing) {
      // What the sawtooth left in the port stays: a paced flow leaves no spare rate to drain it,
      // but no more than the flows left keep in flight beyond the path.
      const held = flows > 0 ? Math.min(level, this.windowsShare(level, flows, flowsBefore)) : level;
      this.queue[e] = rate >= this.rate * (1 - 1e-9) ? Math.min(held, this.pacedLimit) : held;
      this.queueAt[e] = now;
    }
  }

  /** Whether the shuffles into e offer more than the port can carry. */
  private overloaded(e: number): boolean {
    return this.offered[e]! > this.rate * (1 + 1e-9);
  }

  private shape(e: number): SawtoothShape {
    return this.regime[e] === PacedRegime.sending ? this.delayed : this.prompt;
  }

  /** Brings the paced queue of port e to time t: it drains at what the shuffles leave of the rate. */
  private drain(e: number, t: number): void {
    const dt = t - this.queueAt[e]!;
    if (dt <= 0) return;
    const spare = Math.max(0, this.rate - this.offered[e]!);
    this.queue[e] = Math.max(0, this.queue[e]! - spare * dt);
    this.queueAt[e] = t;
  }

  /** Bytes queued ahead of a packet reaching port e at time t (t not before the last arrival). */
  queued(e: number, t: number): number {
    if (this.saws[e] === 1) return this.sawtooth(e, t);
    if (this.windowed[e] === 1) return this.windowLevel(e, t);
    this.drain(e, t);
    return this.queue[e]!;
  }

  /**
   * A whole message of `bytes` whose segments reach port e from `first` to `last`: whether the
   * port takes all of it without a drop being possible (a filling port then queues it). The
   * common case, checked at once so that a message costs no work per segment unless the port is full.
   */
  admitsWhole(e: number, first: number, last: number, bytes: number): boolean {
    if (this.saws[e] === 1) return !this.shufflesFull(e, first) && this.sawtooth(e, last) + bytes <= this.buffer;
    if (this.windowed[e] === 1) return this.windowLevel(e, first) + bytes <= this.pacedLimit;
    return this.admits(e, first, bytes);
  }

  /**
   * A message's segment of `bytes`, the message's first `ahead` bytes before it, reaches port e at
   * time t: whether it finds room (a filling port then queues it; a port that follows its window,
   * or saws, only passes it on, the message's earlier segments still ahead of it). When it does
   * not, a full-size segment races for a freed slot (raceLoss) and the shuffle loses one too
   * (overflow).
   */
  admits(e: number, t: number, bytes: number, ahead = 0): boolean {
    if (this.saws[e] === 1) return this.sawtooth(e, t) + ahead + bytes <= this.buffer;
    if (this.windowed[e] === 1) return this.windowLevel(e, t) + ahead + bytes <= this.pacedLimit;
    this.drain(e, t);
    if (this.queue[e]! + bytes > this.pacedLimit) return false;
    this.queue[e]! += bytes;
    return true;
  }

  /** Whether port e is paced: segments shorter than a frame fit in its burst's room, and its overflows cut its shuffle's window. */
  paced(e: number): boolean {
    return this.saws[e] === 0;
  }

  /**
   * A query segment met paced port e full at t: the shuffle loses a slot too, and its sender cuts
   * its window `hold` later — unless a cut is already on its way. While the window stays above what
   * the path holds the port stays pinned; the cut that takes it below opens the port.
   */
  overflow(e: number, t: number): void {
    if (this.offered[e]! <= 0) return;
    const shape = this.windowShapes[this.regime[e]!]!;
    if (this.windowed[e] === 0) {
      this.windowed[e] = 1;
      this.cutWindow(e, FIRST_EXCESS[this.regime[e]!]!, t + shape.hold, shape);
    } else if (this.excess[e]! >= 1) {
      // Pinned: this overflow costs the shuffle another loss, unless the last cut is still on its way.
      if (t >= this.cutAt[e]!) this.cutWindow(e, this.excess[e]!, t + shape.hold, shape);
    } else if (this.windowLevel(e, t) < this.pacedLimit) {
      // The window regrows below the limit and a query fills the rest: the next cut comes early.
      this.cutAt[e] = t + shape.hold;
      this.opening[e] = shape.cut;
    }
  }

  /** The shuffle's window, `excess` times what holds the port at its limit, is cut by (1 − β) at `at`. */
  private cutWindow(e: number, excess: number, at: number, shape: WindowSawtooth): void {
    const after = excess * CUBIC_BETA;
    this.excess[e] = after;
    this.cutAt[e] = at;
    if (after < 1) this.opening[e] = (1 - after) * shape.span;
  }

  /**
   * What a paced port that has overflowed holds at t: its limit until a cut takes its shuffle's
   * window below what the path holds, then the window's sawtooth — opened by that cut, regrowing,
   * full for `hold`, cut by (1 − β) of the window, and so on.
   */
  private windowLevel(e: number, t: number): number {
    const since = t - this.cutAt[e]!;
    if (since < 0 || this.excess[e]! >= 1) return this.pacedLimit;
    const { cut, growth, rise, hold, cycle } = this.windowShapes[this.regime[e]!]!;
    const opening = this.opening[e]!;
    const first = opening / growth;
    if (since < first) return Math.max(0, this.pacedLimit - opening + growth * since);
    const later = since - first - hold;
    if (later < 0) return this.pacedLimit;
    const phase = later % cycle;
    return phase < rise ? Math.max(0, this.pacedLimit - cut + growth * phase) : this.pacedLimit;
  }

  /**
   * The chance that a retransmission reaching paced port e at t, from a message whose last segment
   * reached it at `sent`, finds it too full for a segment: known for a pinned port (it stays pinned
   * until a later overflow, which the retransmission cannot know of) and for a fast retransmission
   * within the window's cycle; for a later one, the share of the cycle the port is that full. A
   * port that has not overflowed since its shuffles last changed keeps its queue.
   */
  fullChance(e: number, t: number, sent: number): number {
    if (t >= this.offeredUntil[e]!) return 0;
    const mss = this.config.mss;
    if (this.windowed[e] === 0) return this.projectedQueue(e, t) + mss > this.pacedLimit ? 1 : 0;
    const { growth, rise, hold, cycle } = this.windowShapes[this.regime[e]!]!;
    // A retransmission the timer sends (RTO_min or more after the loss) meets a sawtooth that has drifted:
    // each cycle depends on which request overflowed the port when, and a strictly periodic sawtooth
    // would make a timeout meet the same phase again.
    if (this.excess[e]! >= 1 || t < this.cutAt[e]! || t - sent < Math.min(cycle, RTO_MIN_MS)) return this.windowLevel(e, t) + mss > this.pacedLimit ? 1 : 0;
    return (hold + Math.min(rise, mss / growth)) / cycle;
  }

  /**
   * Chance that a query segment loses the race for a slot of port e while it is full: its
   * shuffles' offered rate against the segment's sender, which sends query messages at the full
   * rate (network.ts).
   */
  raceLoss(e: number): number {
    const offered = this.offered[e]!;
    return offered / (offered + this.rate);
  }

  /**
   * The full and open spells one message meets at a sawing port e. Its drops start in an overflow
   * (the sawtooth says when); a retransmission a timeout later meets a phase unrelated to it — real
   * cycles jitter, as each back-off depends on which flow lost what, and a strictly periodic
   * sawtooth would make a timeout of a few cycles meet the same phase again — so its later packets
   * meet a two-state process with the sawtooth's share of time full and its overflows' length.
   * `atOverflow`: the message met the sawtooth's overflow (its first packet there finds the port
   * full); else its losses were its own overfill, and the process starts from its share of time full.
   */
  spells(e: number, atOverflow: boolean): FullSpells {
    const overflowMs = this.shape(e).overflowMs;
    const duty = overflowMs / (overflowMs + this.rise[e]!);
    return new FullSpells(duty, overflowMs * (1 - duty), atOverflow ? 1 : duty);
  }

  /** The room one flow's cut opens in sawing port e (bytes): (1 − β) of its share of the window. */
  cutRoom(e: number): number {
    return ((1 - CUBIC_BETA) * this.shape(e).windowSegments * this.config.mss) / Math.max(1, this.flows[e]!);
  }

  /** How long a sawtooth of port e takes to regrow from its low queue to its limit, with its flows sharing it. */
  private regrowMs(e: number): number {
    const shape = this.shape(e);
    const regrowRtts = ((1 - CUBIC_BETA) * shape.windowSegments) / (FRIENDLY_GROWTH * Math.max(1, this.flows[e]!));
    return regrowRtts * shape.meanRtt;
  }

  /**
   * Where port e's sawtooth is at time t: negative while its first fill is under way, else the
   * time since the last overflow began (0 ≤ phase < one cycle: overflow, regrowth).
   */
  private phase(e: number, t: number): number {
    const elapsed = t - this.sawSince[e]! - this.fillMs[e]!;
    if (elapsed < 0) return elapsed;
    return elapsed % (this.shape(e).overflowMs + this.rise[e]!);
  }

  /**
   * What `flows` of the `before` flows that held `level` in a port keep in it when the others end:
   * their windows' share of what all of them had beyond the path and in it, less the path.
   */
  private windowsShare(level: number, flows: number, before: number): number {
    return Math.max(0, ((level + this.path) * flows) / Math.max(flows, before) - this.path);
  }

  /** The most overloaded port e's flows can keep in flight beyond the path (their receive windows). */
  private windowCap(e: number): number {
    return this.flows[e]! * MAX_RECEIVE_WINDOW - this.path;
  }

  /**
   * Overloaded port e's queue `s` ms into its first fill (before any overflow): in slow start at
   * the excess of what its shuffles offer over its rate, up to the queue of `slowStartExitMs`; from
   * there at the pre-loss growth, PRE_LOSS_GROWTH of the port's rate (the flows' windows, which sum
   * to the rate times their round trip, each grow by that share a round trip); within the flows'
   * windows and the port's limit.
   */
  private firstFill(e: number, s: number): number {
    const excess = Math.max(0, this.offered[e]! - this.rate);
    const exit = this.slowStartExit;
    const exitAt = exit / excess;
    const queue = s < exitAt ? excess * s : exit + this.preLossGrowth * (s - exitAt);
    return Math.max(0, Math.min(queue, this.windowCap(e), this.buffer));
  }

  /** How long overloaded port e's first fill takes to reach its limit (ms; Infinity when the flows' windows stop it below). */
  private overflowAfter(e: number): number {
    if (this.windowCap(e) < this.buffer) return Infinity;
    const excess = this.offered[e]! - this.rate;
    const exit = this.slowStartExit;
    if (exit >= this.buffer) return this.buffer / excess;
    return exit / excess + (this.buffer - exit) / this.preLossGrowth;
  }

  private sawtooth(e: number, t: number): number {
    const phase = this.phase(e, t);
    if (phase < 0) return this.firstFill(e, t - this.sawSince[e]!);
    const shape = this.shape(e);
    if (phase < shape.overflowMs) return this.buffer;
    return shape.low + ((this.buffer - shape.low) * (phase - shape.overflowMs)) / this.rise[e]!;
  }

  /** Whether sawing port e's shuffles alone hold it full at t, dropping whatever arrives (its sawtooth's overflow). */
  shufflesFull(e: number, t: number): boolean {
    const phase = this.phase(e, t);
    return phase >= 0 && phase < this.shape(e).overflowMs;
  }

  /**
   * Whether a sawing port e would be overloaded and past its first fill at a later time t, for a
   * retransmission (its spells then say whether it is full): the shuffles are taken to keep their
   * rate until the first of them ends.
   */
  fullAt(e: number, t: number): boolean {
    return t < this.offeredUntil[e]! && t >= this.sawSince[e]! + this.fillMs[e]!;
  }

  /** A filling paced port's queue at a later time t: it drains at what the shuffles leave of the rate until the first of them ends, then at the full rate. */
  private projectedQueue(e: number, t: number): number {
    const until = this.offeredUntil[e]!;
    const spare = Math.max(0, this.rate - this.offered[e]!);
    const from = this.queueAt[e]!;
    const drained = spare * Math.max(0, Math.min(t, until) - from) + this.rate * Math.max(0, t - Math.max(until, from));
    return Math.max(0, this.queue[e]! - drained);
  }
}

/**
 * Whether a sawing port is full, as one message's segments and retransmissions meet it: a
 * two-state (full/open) Markov process in continuous time, full a share `duty` of the time,
 * whose state decorrelates over `spellMs` — the Gilbert–Elliott model of bursty loss. The state
 * is tracked per message, not per port, which keeps a transfer's luck its own and the same in
 * every strategy that makes it.
 */
export class FullSpells {
  private at = 0;
  /** -1: nothing known yet; 0: open; 1: full, at `at`. */
  private state = -1;

  /** `first`: the chance that the port is full when the message's first packet meets it at its limit (by default, `duty`). */
  constructor(private readonly duty: number, private readonly spellMs: number, private readonly first = duty) {}

  /** Whether the port is full for a packet reaching it at t; u is its draw. */
  full(t: number, u: number): boolean {
    return u < this.step(t, u);
  }

  /**
   * Whether a packet reaching the port at t, losing a race for a slot with chance `race`, is
   * dropped; u is its draw, split three ways (full and lost, full and kept, open), so that a
   * retransmission takes one draw.
   */
  dropped(t: number, u: number, race: number): boolean {
    return u < this.step(t, u) * race;
  }

  /** The chance that the port is full at t, given what the message met last; the state moves to what draw u says. */
  private step(t: number, u: number): number {
    const duty = this.duty;
    const full = this.state < 0 ? this.first : this.spellMs <= 0 ? duty : duty + (this.state - duty) * Math.exp(-(t - this.at) / this.spellMs);
    this.at = t;
    this.state = u < full ? 1 : 0;
    return full;
  }
}
