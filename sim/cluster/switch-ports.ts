/**
 * The switch's output port toward each endpoint: a FIFO queue of `buffer` bytes drained at the
 * link's rate, which the shuffles sent into the endpoint and the query traffic share.
 *
 * How full it is depends on how fast the shuffles arrive, their offered rate: the sum, over the
 * flows into the endpoint, of what each sender's NIC lets it send.
 * - **Paced** (offered ≤ the port's rate): every sender's own NIC is the flows' bottleneck, as
 *   for a single shuffle between two hosts with NICs of the same speed. The flows then pass the
 *   port without queueing, but leave it only the rest of its rate: query messages sent into the
 *   endpoint queue up whenever they arrive faster than that rest, and with one full-rate shuffle
 *   the rest is nothing, so every request into the host adds its size to a queue that does not
 *   drain until the shuffle ends. Once the queue is full, the port drops what arrives, the
 *   shuffles' segments and the queries' alike; a shuffle's sender backs off, but it is limited by
 *   its own NIC and keeps a queue of its own, so the port stays full. This queue is tracked
 *   exactly, as a fluid, from the query bytes that reach the port.
 * - **Overloaded** (offered > the port's rate: shuffles from several senders into one host): the
 *   port is the flows' bottleneck, and their congestion windows fill it until it overflows, they
 *   lose a segment and back off, and grow again. The queue follows that sawtooth: full for about
 *   one round trip after each overflow (the time the senders need to hear of the loss), then
 *   drained by the back-off to a fraction β of the path's capacity, then refilled by additive
 *   growth — modelled in closed form rather than by simulating the shuffles' packets (10^4–10^5
 *   of them a shuffle), which keeps the background timeline free of query traffic. Growth per
 *   round trip is CUBIC's TCP-friendly rate, α = 3(1 − β)/(1 + β) segments per flow: at a data
 *   centre's round trips CUBIC's own cubic curve is slower than that, so the friendly rate sets
 *   the sawtooth.
 *
 * - **Paced, into a host that is busy itself**: how often a paced port at its limit is really
 *   full depends on what the hosts at its two ends are doing besides this shuffle, because that
 *   decides how soon its sender learns of a drop and how far its window then falls short of the
 *   path and the port. Round 13 split the emulated cluster's stalls by situation and found three
 *   regimes a single duty cannot serve: a port into an idle host from an idle sender is full most
 *   of the time (`duty.idle`); one whose sender is itself receiving a shuffle (`duty.chained`:
 *   that sender's acknowledgements come back through its own full port, so it backs off further)
 *   far less; one into a host that is sending a shuffle of its own (`duty.sending`: the
 *   acknowledgements it returns wait behind its standing transmit queue) stalls requests as often
 *   as an idle one, or more. Round 8 had modelled the last as a sawtooth with the
 *   acknowledgements' wait in each round trip; that sawtooth is full one overflow in a cycle of
 *   ~400 ms (4%) and stalled 8–22x too few queries, so each regime is now the same paced port
 *   with a duty of its own, calibrated per situation rather than derived: which packets the real
 *   port loses there has not been traced (docs/validation.md, "Round 14").
 *
 * While the port is full, every slot its output frees goes to whichever packet arrives first: a
 * query's segment, arriving at its sender's rate s, against the shuffles' arriving at their
 * offered rate I. It is therefore dropped with probability I / (I + s): one half for a request
 * from a NIC as fast as the shuffle's. A paced port at its limit is full only part of the time
 * (`fullDuty`: the shuffles' senders cut their windows at its drops), in spells: whether it is
 * full when a segment arrives depends on whether it was full when the message's previous segment
 * (or probe) arrived, as FullSpells tracks.
 */

/** What the hosts at a paced port's two ends do besides its shuffle (see above): an index into PortConfig.duty. */
export const PacedRegime = { idle: 0, chained: 1, sending: 2 } as const;
export type PacedRegime = (typeof PacedRegime)[keyof typeof PacedRegime];

/** CUBIC's multiplicative decrease (Linux: beta 717/1024). */
export const CUBIC_BETA = 0.7;
/** Segments a flow's window grows by per round trip in CUBIC's TCP-friendly region. */
const FRIENDLY_GROWTH = (3 * (1 - CUBIC_BETA)) / (1 + CUBIC_BETA);

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
   * Share of the time a paced port at its limit is really full, per PacedRegime. Each drop makes
   * a shuffle's sender cut its window, which opens room in the port until the window and the
   * query traffic fill it again; how long that takes depends on the sender's own queue, on how
   * late its acknowledgements come back and on TCP's timers, so it is calibrated against real TCP
   * rather than derived (docs/validation.md).
   */
  duty: readonly [idle: number, chained: number, sending: number];
  /**
   * Correlation time (ms) of whether such a port is full: its full and open spells last
   * spellMs / (1 − duty) and spellMs / duty on average. A message's segments and its
   * tail-loss probe, a few milliseconds apart, meet the same spell; a retransmission timeout
   * later meets a fresh one. Calibrated against real TCP with fullDuty.
   */
  spellMs: number;
  /** Bytes a shuffle's sender may release at once above its rate (its shaper's burst): the paced queue's floor. */
  burst: number;
  /** Unacknowledged bytes one shuffle may have in flight: what caps an overloaded port's queue below its limit. */
  flowWindow: number;
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
  /** When each port's sawtooth began, and how long its first fill from empty takes (ms). */
  private readonly sawSince: Float64Array;
  private readonly fillMs: Float64Array;
  /** The paced regime's queue of query bytes (bytes), as of `queueAt`. */
  private readonly queue: Float64Array;
  private readonly queueAt: Float64Array;
  /** The overloaded sawtooth with prompt acknowledgements, and with a sending receiver's delayed ones. */
  private readonly prompt: SawtoothShape;
  private readonly delayed: SawtoothShape;
  private readonly buffer: number;
  private readonly rate: number;
  /** What query bytes a paced port holds before it is full: its limit less the shuffles' burst. */
  private readonly pacedLimit: number;

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
    this.buffer = config.buffer;
    this.rate = config.bandwidth;
    this.prompt = sawtoothShape(config, config.baseRtt);
    this.delayed = sawtoothShape(config, config.baseRtt + config.senderQueueMs);
    this.pacedLimit = config.buffer - config.burst;
  }

  /**
   * The shuffles into endpoint e now offer `rate` bytes/ms in `flows` flows, until `until` at the
   * latest; `regime`: what the hosts at the port's two ends are doing besides (PacedRegime).
   */
  setOffered(e: number, rate: number, flows: number, until: number, now: number, regime: PacedRegime): void {
    this.offeredUntil[e] = until;
    if (rate === this.offered[e] && flows === this.flows[e] && regime === this.regime[e]) return;
    this.drain(e, now);
    const wasSawing = this.saws[e] === 1;
    const level = wasSawing ? this.sawtooth(e, now) : 0;
    this.offered[e] = rate;
    this.flows[e] = flows;
    this.regime[e] = regime;
    const sawing = this.overloaded(e);
    this.saws[e] = sawing ? 1 : 0;
    this.rise[e] = this.regrowMs(e);
    if (sawing && !wasSawing) {
      // Filled from empty at the excess of what the shuffles offer over the port's rate.
      this.sawSince[e] = now;
      this.fillMs[e] = this.buffer / (rate - this.rate);
    } else if (wasSawing && !sawing) {
      // What the sawtooth left in the port stays: a paced flow leaves no spare rate to drain it,
      // but no more than the flows left can keep in flight beyond the path (their windows).
      const held = flows > 0 ? Math.min(level, Math.max(0, this.overloadCap(e))) : level;
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
    this.drain(e, t);
    return this.queue[e]!;
  }

  /**
   * A whole message of `bytes` whose segments reach port e from `first` to `last`: whether the
   * port takes all of it without a drop being possible (it then joins the queue). The common case,
   * checked at once so that a message costs no work per segment unless the port is full.
   */
  admitsWhole(e: number, first: number, last: number, bytes: number): boolean {
    if (this.saws[e] === 1) return !this.overflowing(e, first) && !this.overflowing(e, last);
    return this.admits(e, first, bytes);
  }

  /**
   * A query segment of `bytes` reaches port e at time t: whether it finds room (and joins the
   * queue). When it does not, the caller draws whether it loses the race for a freed slot
   * (dropChance); without shuffles competing it just waits.
   */
  admits(e: number, t: number, bytes: number): boolean {
    if (this.saws[e] === 1) return !this.overflowing(e, t);
    this.drain(e, t);
    if (this.queue[e]! + bytes > this.pacedLimit) return false;
    this.queue[e]! += bytes;
    return true;
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
   * The full and open spells one message meets at port e. A sawing port's drops start in an
   * overflow (the sawtooth says when); a retransmission a timeout later meets a phase unrelated to
   * it — real cycles jitter, as each back-off depends on which flow lost what, and a strictly
   * periodic sawtooth would make a timeout of a few cycles meet the same phase again — so its
   * later packets meet a two-state process with the sawtooth's share of time full and its
   * overflows' length.
   */
  spells(e: number): FullSpells {
    if (this.saws[e] === 0) return new FullSpells(this.config.duty[this.regime[e]!]!, this.config.spellMs);
    const overflowMs = this.shape(e).overflowMs;
    const duty = overflowMs / (overflowMs + this.rise[e]!);
    return new FullSpells(duty, overflowMs * (1 - duty), 1);
  }

  /** How long a sawtooth of port e takes to regrow from its low queue to its limit, with its flows sharing it. */
  private regrowMs(e: number): number {
    const shape = this.shape(e);
    const regrowRtts = ((1 - CUBIC_BETA) * shape.windowSegments) / (FRIENDLY_GROWTH * Math.max(1, this.flows[e]!));
    return regrowRtts * shape.meanRtt;
  }

  /**
   * Where port e's sawtooth is at time t: negative while its first fill is under way (−1 at its
   * start), else the time since the last overflow began (0 ≤ phase < one cycle: overflow, regrowth).
   */
  private phase(e: number, t: number): number {
    const fill = this.fillMs[e]!;
    const elapsed = t - this.sawSince[e]! - fill;
    if (elapsed < 0) return elapsed / fill;
    return elapsed % (this.shape(e).overflowMs + this.rise[e]!);
  }

  /** The most an overloaded port can hold: its limit, or what the flows' windows put in flight beyond the path, if less. */
  private overloadCap(e: number): number {
    return Math.min(this.buffer, this.flows[e]! * this.config.flowWindow - this.rate * this.config.baseRtt);
  }

  private sawtooth(e: number, t: number): number {
    const cap = this.overloadCap(e);
    if (cap < this.buffer) return Math.max(0, Math.min(cap, (t - this.sawSince[e]!) * Math.max(0, this.offered[e]! - this.rate)));
    const phase = this.phase(e, t);
    if (phase < 0) return this.buffer * (1 + phase);
    const shape = this.shape(e);
    if (phase < shape.overflowMs) return this.buffer;
    return shape.low + ((this.buffer - shape.low) * (phase - shape.overflowMs)) / this.rise[e]!;
  }

  /** Whether a sawing port e is full (dropping arrivals) at time t. */
  private overflowing(e: number, t: number): boolean {
    if (this.overloadCap(e) < this.buffer) return false;
    const phase = this.phase(e, t);
    return phase >= 0 && phase < this.shape(e).overflowMs;
  }

  /**
   * Whether port e would still be at its limit at a later time t, for a retransmission (the
   * message's spells then say whether it is full): the shuffles are taken to keep their rate
   * until the first of them ends, after which the port drains.
   */
  fullAt(e: number, t: number): boolean {
    const until = this.offeredUntil[e]!;
    if (this.saws[e] === 1) return t < until && this.overloadCap(e) >= this.buffer;
    const spare = Math.max(0, this.rate - this.offered[e]!);
    const from = this.queueAt[e]!;
    const drained = spare * Math.max(0, Math.min(t, until) - from) + this.rate * Math.max(0, t - Math.max(until, from));
    return this.queue[e]! - drained + this.config.mss > this.pacedLimit;
  }
}

/**
 * Whether a paced port at its limit is full, as one message's segments and retransmissions meet
 * it: a two-state (full/open) Markov process in continuous time, full a share `duty` of the time,
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
