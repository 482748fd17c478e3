import { answerNames } from '../cluster/outcomes.js';
import { measuredSorted } from '../metrics/percentiles.js';
import { STALL_MS, stalledShare } from '../metrics/stalls.js';
import { stallsBySituation } from '../metrics/stall-situations.js';
import type { EmulationDetails } from '../metrics/types.js';
import type { ConductedRun } from './conductor.js';
import type { Cell } from '../report/csv-format.js';

/** What only a real run has, per run: stalls by where they happened, TCP's own counts, freezes, lateness. */
export function emulationDetails(run: ConductedRun, freezes: readonly [number, number][]): EmulationDetails {
  const { outcomes: o, taskTimes, origin } = run.result;
  const [sent, landed, start, end, received, lateness] = taskTimes as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  let stalledRequests = 0, stalledResponses = 0, frozen = 0;
  for (let q = o.warmup; q < o.count; q++) {
    const t = o.answerTask[q]!;
    if (t >= 0) {
      if (landed[t]! - sent[t]! > STALL_MS) stalledRequests++;
      if (received[t]! - end[t]! > STALL_MS) stalledResponses++;
    }
    if (overlapsFreeze(o.arrival[q]! + origin, o.arrival[q]! + origin + Math.min(o.latency[q]!, 1e9), freezes)) frozen++;
  }
  const measured = o.count - o.warmup;
  const pads: number[] = [];
  for (let t = 0; t < lateness.length; t++) if (Number.isFinite(lateness[t]!) && end[t]! > start[t]!) pads.push(Math.max(0, lateness[t]!));
  pads.sort((a, b) => a - b);
  const q = (p: number) => pads[Math.min(pads.length - 1, Math.floor(p * pads.length))] ?? 0;
  const counts = (c: Record<string, number>) => ({
    retransmitted_segments: c.RetransSegs ?? 0,
    timeouts: c.TCPTimeouts ?? 0,
    loss_probes: c.TCPLossProbes ?? 0,
    sack_recoveries: c.TCPSackRecovery ?? 0,
    fast_retransmits: c.TCPFastRetrans ?? 0,
  });
  return {
    stalled: stalledShare(measuredSorted(o.latency, o.warmup)),
    stalled_requests: stalledRequests / measured,
    stalled_responses: stalledResponses / measured,
    frozen_queries: frozen,
    tcp: counts(run.tcp.frontend),
    tcp_instances: counts(run.tcp.instances),
    pad_lateness_ms: { p50: q(0.5), p99: q(0.99), max: pads[pads.length - 1] ?? 0 },
    frontend_lateness_ms: { p50: run.result.loopLateness[0], p99: run.result.loopLateness[1], max: run.result.loopLateness[2] },
    shuffle_flows: run.flows,
    links: { bandwidth_mbit: (run.links.bandwidth * 8) / 1000, buffer_bytes: run.links.buffer, mtu: run.links.mtu },
    qdisc_drops: { host_ends: run.drops.hostEnds, switch_ports: run.drops.switchPorts },
    cut_at_wall_limit: run.result.wallLimitHit,
    stalls_by_host: stallsBySituation(o),
  };
}

function overlapsFreeze(from: number, to: number, freezes: readonly [number, number][]): boolean {
  for (const [a, b] of freezes) if (a < to && b > from) return true;
  return false;
}

/** One row per measured query: when each step of its answer happened (ms since the run began). */
export function timelineRows(run: ConductedRun, strategy: string, seed: number, sweep: string, freezes: readonly [number, number][]): Cell[][] {
  const { outcomes: o, taskTimes, origin } = run.result;
  const [sent, landed, start, end, received] = taskTimes as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const rows: Cell[][] = [];
  const ms = (x: number | undefined) => (x === undefined ? null : Math.round(x * 1000) / 1000);
  for (let q = o.warmup; q < o.count; q++) {
    const t = o.answerTask[q]!;
    const answeredAt = o.arrival[q]! + o.latency[q]!;
    const frozen = overlapsFreeze(o.arrival[q]! + origin, answeredAt + origin, freezes);
    rows.push([strategy, seed, sweep, q, ms(o.arrival[q]), ms(sent[t]), ms(landed[t]), ms(start[t]), ms(end[t]), ms(received[t]), ms(answeredAt), answerNames[o.answer[q]!] ?? '', t >= 0 ? o.host[q]! : null, frozen ? 1 : 0]);
  }
  return rows;
}

export const TIMELINE_COLUMNS = ['strategy', 'seed', 'sweep', 'query', 'arrival_ms', 'dispatch_ms', 'request_landed_ms', 'service_start_ms', 'service_end_ms', 'response_landed_ms', 'answer_ms', 'answer', 'host', 'during_freeze'];

/**
 * shuffles.csv's rows of one run: every shuffle leg (its flow slot, the hosts it went from and to,
 * and when it started and finished on the run's clock; no end for a leg still running when the
 * run ended), so a stall in timeline.csv can be set beside the shuffles its host was in.
 */
export function shuffleRows(run: ConductedRun, strategy: string, seed: number, sweep: string): Cell[][] {
  const legs = run.result.outcomes.shuffleLegs ?? [];
  const ms = (x: number) => (Number.isNaN(x) ? null : Math.round(x * 1000) / 1000);
  const rows: Cell[][] = [];
  for (let i = 0; i < legs.length; i += 5) rows.push([strategy, seed, sweep, legs[i]!, legs[i + 1]!, legs[i + 2]!, ms(legs[i + 3]!), ms(legs[i + 4]!)]);
  return rows;
}

export const SHUFFLE_COLUMNS = ['strategy', 'seed', 'sweep', 'slot', 'from_host', 'to_host', 'start_ms', 'end_ms'];
