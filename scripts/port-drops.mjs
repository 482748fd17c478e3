#!/usr/bin/env node
// Which segments the emulated cluster's switch ports dropped, request by request: reads a capture
// of the switch (scripts/capture-ports.sh) beside the emulated run's results folder (timeline.csv,
// shuffles.csv, summary.json), and prints
// - how many query and shuffle segments entered the switch and how many its ports dropped, the
//   query drops split into full-size segments and shorter ones (a message's tail);
// - the fate of every transmission of every request that lost something ("X" dropped, "ok"
//   delivered, each retransmission with its delay after the request's first segment);
// - per request index within the host's shuffle episode (as scripts/fill-stalls.mjs counts it:
//   the requests sent to a host since it began receiving shuffles, for a host receiving one and
//   sending none): how many requests lost a segment, and how many met a retransmission timeout.
// A frame is seen entering the switch from its sender's port and, unless its receiver's port
// dropped it, leaving toward the receiver: a departure belongs to the latest arrival of the same
// segment before it (a port delays a frame by under 15 ms here, retransmissions come later).
// docs/validation.md ("Round 16") reads it.
// - and the receiving port's backlog when each of those requests reached it (the frames of every
//   flow that had entered the switch toward that host and not yet left it): how much room the port
//   had, by the same index.
// - and how the port's room moved after each episode's first lossy request (the overflow): its
//   median over the episodes at a few delays after it, which shows the shuffle's cut draining the
//   port and how fast it refills.
// - how many requests left in more than one round (a congestion window smaller than the request),
//   and the port's backlog when each reached it, by where the receiving host stood with the
//   shuffles when it was sent; and by the same situations, the shuffles' rate toward the host,
//   their drops before and after the episode's first query loss, and how late the host
//   acknowledged them.
//   node scripts/port-drops.mjs <capture.pcap> <results folder> [--all] [--sending]
//   (--all: every lossy request; --sending: the per-index table and the first overflow's traces for
//   hosts sending a shuffle of their own while receiving one, instead of hosts sending none)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { backlogSpread, legObjects, quartiles, readEmulatedRuns, shuffleEpisode, shuffleSituation } from './lib/emulated-runs.mjs';

const args = process.argv.slice(2);
const all = args.includes('--all');
// The episodes the per-index table and the first overflow's traces follow: a host receiving one
// shuffle and sending none (the default), or with --sending, one that sends one too.
const sending = args.includes('--sending');
const [capture, folder] = args.filter((a) => a !== '--all' && a !== '--sending');
if (!capture || !folder) {
  console.error('usage: node scripts/port-drops.mjs <capture.pcap> <results folder> [--all] [--sending]');
  process.exit(2);
}

/** The list `map` keeps under `key`, made empty the first time. */
const listIn = (map, key) => map.get(key) ?? map.set(key, []).get(key);

/** What tbf counts of a frame besides its IP packet. */
const ETHERNET_HEADER = 14;

/** Every TCP packet in a pcap of Linux cooked (SLL2) frames: { t (s), out, src, dst, sport, dport, seq, ack, bytes } (bytes 0: a pure acknowledgement). */
function segments(file) {
  const b = readFileSync(file);
  const magic = b.readUInt32LE(0);
  const fraction = magic === 0xa1b23c4d ? 1e9 : 1e6;
  if (magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) throw new Error(`${file}: not a little-endian pcap file`);
  if (b.readUInt32LE(20) !== 276) throw new Error(`${file}: link type ${b.readUInt32LE(20)}, expected Linux cooked v2 (tcpdump -i any)`);
  const out = [];
  for (let at = 24; at + 16 <= b.length;) {
    const t = b.readUInt32LE(at) + b.readUInt32LE(at + 4) / fraction;
    const kept = b.readUInt32LE(at + 8);
    const frame = at + 16;
    at = frame + kept;
    // SLL2: protocol (2), reserved (2), interface (4), link type (2), packet type (1), address length and address (9).
    if (kept < 20 + 20 + 14 || b.readUInt16BE(frame) !== 0x0800) continue;
    const ip = frame + 20;
    if (b[ip + 9] !== 6) continue;
    const ipHeader = (b[ip] & 15) * 4;
    const tcp = ip + ipHeader;
    if (tcp + 14 > frame + kept) continue;
    const bytes = b.readUInt16BE(ip + 2) - ipHeader - (b[tcp + 12] >> 4) * 4;
    if (bytes < 0) continue;
    const address = (o) => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
    out.push({ t, out: b[frame + 10] === 4, src: address(ip + 12), dst: address(ip + 16), sport: b.readUInt16BE(tcp), dport: b.readUInt16BE(tcp + 2), seq: b.readUInt32BE(tcp + 4), ack: b.readUInt32BE(tcp + 8), bytes, frame: b.readUInt16BE(ip + 2) + ETHERNET_HEADER });
  }
  return out;
}

const summary = JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8'));
const [, frontendIp, firstInstance] = /frontend ([\d.]+), instances ([\d.]+)/.exec(summary.testbed.hosts);
const prefix = firstInstance.split('.').slice(0, 3).join('.');
const hostOf = (ip) => (ip === frontendIp ? -1 : ip.startsWith(`${prefix}.`) ? Number(ip.split('.')[3]) - Number(firstInstance.split('.')[3]) : NaN);
const [run, ...others] = readEmulatedRuns(folder).values();
if (!run || others.length > 0) throw new Error(`${folder}: one strategy, seed and sweep point per capture, please`);
const legs = legObjects(run.legs);

// Every transmission of every segment, with whether the receiver's port passed it.
const bySegment = new Map();
// Pure acknowledgements entering the switch, by the connection they acknowledge (its data's direction).
const acksOf = new Map();
for (const s of segments(capture)) {
  if (s.bytes === 0) {
    const connection = `${s.dst}:${s.dport}>${s.src}:${s.sport}`;
    if (!s.out) listIn(acksOf, connection).push({ t: s.t, ack: s.ack });
    continue;
  }
  const key = `${s.src}:${s.sport}>${s.dst}:${s.dport}#${s.seq}+${s.bytes}`;
  if (!bySegment.has(key)) bySegment.set(key, { src: s.src, dst: s.dst, sport: s.sport, dport: s.dport, seq: s.seq, bytes: s.bytes, frame: s.frame, arrivals: [], departures: [] });
  bySegment.get(key)[s.out ? 'departures' : 'arrivals'].push(s.t);
}
let t0 = Infinity;
for (const s of bySegment.values()) if (s.arrivals.length > 0) t0 = Math.min(t0, s.arrivals[0]);
// Each transmission, dropped or delivered; and each port's backlog over time: every delivered
// transmission toward its host sits in it from its arrival to its departure (pure
// acknowledgements, a few dozen bytes each, are left out).
const transmissions = [];
const stays = new Map();
for (const s of bySegment.values()) {
  const host = hostOf(s.dst);
  const list = host >= 0 ? listIn(stays, host) : null;
  const delivered = new Set();
  for (const d of s.departures) {
    let latest = -1;
    s.arrivals.forEach((a, i) => { if (a <= d + 1e-6) latest = i; });
    if (latest < 0) continue;
    delivered.add(latest);
    list?.push([(s.arrivals[latest] - t0) * 1000, (d - t0) * 1000, s.frame]);
  }
  s.arrivals.forEach((a, i) => transmissions.push({ segment: s, ms: (a - t0) * 1000, n: i, dropped: !delivered.has(i) }));
}
// Per host, the backlog's steps in time order and their running sum, for lookups by time.
const steps = new Map();
for (const [host, list] of stays) {
  const events = list.flatMap(([a, d, frame]) => [[a, frame], [d, -frame]]).sort((p, q) => p[0] - q[0]);
  let sum = 0;
  steps.set(host, { times: events.map((e) => e[0]), sums: events.map((e) => (sum += e[1])) });
}
/** Bytes queued at host's port at capture time ms. */
function backlogAt(host, ms) {
  const { times, sums } = steps.get(host) ?? { times: [], sums: [] };
  let low = 0, high = times.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (times[mid] < ms) low = mid + 1;
    else high = mid;
  }
  return low === 0 ? 0 : sums[low - 1];
}
const bufferBytes = summary.runs[0]?.emulation?.links?.buffer_bytes ?? NaN;

const queryTx = transmissions.filter((x) => x.segment.src === frontendIp && hostOf(x.segment.dst) >= 0);
const shuffleTx = transmissions.filter((x) => hostOf(x.segment.src) >= 0 && hostOf(x.segment.dst) >= 0);
const mss = Math.max(...queryTx.map((x) => x.segment.bytes));
const firsts = queryTx.filter((x) => x.n === 0);
const count = (xs, f) => xs.filter(f).length;
console.log(`query segments entering the switch: ${queryTx.length} (${firsts.length} first transmissions), dropped ${count(queryTx, (x) => x.dropped)}: ${count(queryTx, (x) => x.dropped && x.segment.bytes === mss)} of ${mss} bytes, ${count(queryTx, (x) => x.dropped && x.segment.bytes < mss)} shorter (of ${count(queryTx, (x) => x.segment.bytes < mss)} shorter ones sent)`);
console.log(`retransmissions of query segments: ${count(queryTx, (x) => x.n > 0)}, dropped ${count(queryTx, (x) => x.n > 0 && x.dropped)}`);
console.log(`shuffle segments entering the switch: ${shuffleTx.length}, dropped ${count(shuffleTx, (x) => x.dropped)}`);

// The requests: the timeline's dispatches, aligned with the capture's clock by the most common
// gap between a dispatch and a first transmission to the same host.
const requests = run.queries.map(([, , host, dispatch]) => ({ host, dispatch, segments: [] })).filter((r) => r.host >= 0).sort((a, b) => a.dispatch - b.dispatch);
const gaps = new Map();
for (const r of requests.slice(0, 100)) {
  for (const x of firsts) {
    const gap = Math.round(x.ms - r.dispatch);
    if (hostOf(x.segment.dst) === r.host && Math.abs(gap) < 20_000) gaps.set(gap, (gaps.get(gap) ?? 0) + 1);
  }
}
const offset = [...gaps].sort((a, b) => b[1] - a[1])[0][0];
const perHost = new Map();
for (const r of requests) listIn(perHost, r.host).push(r);
for (const x of firsts) {
  const list = perHost.get(hostOf(x.segment.dst)) ?? [];
  const t = x.ms - offset;
  let owner = null;
  for (const r of list) if (r.dispatch <= t + 1) owner = r;
  if (owner && t - owner.dispatch < 2_000) owner.segments.push(x.segment);
}
const txOf = new Map();
for (const x of queryTx) listIn(txOf, x.segment).push(x);
const fate = (r) => {
  const first = Math.min(...r.segments.map((s) => txOf.get(s)[0].ms));
  const tx = r.segments.flatMap((s) => txOf.get(s));
  return { lost: tx.some((x) => x.dropped), timedOut: tx.some((x) => x.n > 0 && x.ms - first >= 150), first };
};

// Per request index within the host's episode of incoming shuffles.
const BUCKETS = [0, 2, 4, 6, 8, 10, 12, 16, 24];
const table = BUCKETS.map(() => ({ requests: 0, lost: 0, timedOut: 0, room: [] }));
const sent = new Map();
const lossy = [];
// Per episode, from its first request that lost a segment on: how often the later ones lose one.
const firstLoss = new Map();
const afterFirst = { requests: 0, lost: 0, timedOut: 0 };
const overflows = [];
for (const r of requests) {
  if (r.segments.length === 0) continue;
  const { into, out, start } = shuffleEpisode(legs, r.host, r.dispatch);
  if (into.length === 0) continue;
  const episode = `${r.host}@${start}`;
  const index = sent.get(episode) ?? 0;
  sent.set(episode, index + 1);
  const f = fate(r);
  if (f.lost) lossy.push({ r, f, index });
  if (into.length !== 1 || (out.length > 0) !== sending) continue;
  if (firstLoss.has(episode)) {
    afterFirst.requests++;
    if (f.lost) afterFirst.lost++;
    if (f.timedOut) afterFirst.timedOut++;
  } else if (f.lost) {
    firstLoss.set(episode, index);
    overflows.push({ host: r.host, at: f.first });
  }
  let b = 0;
  while (b + 1 < BUCKETS.length && index >= BUCKETS[b + 1]) b++;
  table[b].requests++;
  if (f.lost) table[b].lost++;
  if (f.timedOut) table[b].timedOut++;
  table[b].room.push(bufferBytes - backlogAt(r.host, f.first));
}
console.log(`requests (measured) into a host receiving one shuffle, sending ${sending ? 'one too' : 'none'}, by their index in its shuffle episode (clock offset ${offset} ms):`);
console.log(`index\trequests\tlost a segment\tmet a timeout\tthe port's room when it arrived (KB of ${bufferBytes / 1000}): p10 / median / p90\tless than a full frame`);
const kb = (x) => (x / 1000).toFixed(0);
BUCKETS.forEach((b, i) => {
  const room = [...table[i].room].sort((p, q) => p - q);
  const at = (q) => kb(room[Math.floor(q * (room.length - 1))]);
  const spread = room.length ? `${at(0.1)} / ${at(0.5)} / ${at(0.9)}\t${room.filter((x) => x < mss + 52 + ETHERNET_HEADER).length}` : '-\t-';
  console.log(`${b}${BUCKETS[i + 1] ? `-${BUCKETS[i + 1] - 1}` : '+'}\t${table[i].requests}\t${table[i].lost}\t${table[i].timedOut}\t${spread}`);
});
const firstIndexes = [...firstLoss.values()].sort((a, b) => a - b);
console.log(`episodes with a lossy request: ${firstIndexes.length}, the first of them at index ${firstIndexes.length ? `${firstIndexes[0]}-${firstIndexes.at(-1)} (median ${firstIndexes[firstIndexes.length >> 1]})` : '-'}; after it ${afterFirst.requests} requests, ${afterFirst.lost} lost a segment, ${afterFirst.timedOut} met a timeout`);
const DELAYS = [0, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300];
const medianRoom = (delay) => {
  const rooms = overflows.map(({ host, at }) => bufferBytes - backlogAt(host, at + delay)).sort((p, q) => p - q);
  return rooms.length ? kb(rooms[rooms.length >> 1]) : '-';
};
console.log(`the port's room after each episode's first lossy request reached it (KB, median of ${overflows.length}), by ms after: ${DELAYS.map((d) => `${d}: ${medianRoom(d)}`).join(', ')}`);
// How full the port stays after an episode's first overflow while its shuffle lasts: at each delay,
// over the episodes whose shuffle into the host was still running then, the share in which a
// full-size query segment would not have fitted (room under one frame), and the median room. What
// a retransmission sent that long after the overflow meets (a fast one at +15–30 ms, the timer's at
// +220–260 ms). Then each episode's room every 20 ms, "." once its shuffle had ended.
const frame = mss + 52 + ETHERNET_HEADER;
const episodeEnd = (host, at) => {
  const { into } = shuffleEpisode(legs, host, at - offset);
  return Math.max(...into.map((leg) => leg.end)) + offset;
};
const traced = overflows.map(({ host, at }) => ({ host, at, end: episodeEnd(host, at) }));
const WINDOWS = [[0, 10], [10, 30], [30, 60], [60, 100], [100, 150], [150, 200], [200, 260], [260, 330], [330, 420]];
console.log(`the port after each episode's first overflow, while its shuffle lasted (${traced.length} episodes): ms after: episodes still running, share with room under one frame (${frame} B), median room (KB)`);
console.log(WINDOWS.map(([from, to]) => {
  const rooms = [];
  for (const { host, at, end } of traced) for (let d = from; d < to; d += 1) if (at + d < end) rooms.push(bufferBytes - backlogAt(host, at + d));
  const running = traced.filter(({ at, end }) => at + from < end).length;
  rooms.sort((p, q) => p - q);
  return `${from}-${to}: ${running}, ${rooms.length ? `${(rooms.filter((x) => x < frame).length / rooms.length).toFixed(2)}, ${kb(rooms[rooms.length >> 1])}` : '-'}`;
}).join('; '));
// How long each port stayed pinned: until its room first exceeded the shuffles' burst (two frames)
// for good measure by a kilobyte, or its shuffle ended (then censored: "at least").
const pinned = traced.map(({ host, at, end }) => {
  let d = 0;
  while (at + d < end && d < 2000 && bufferBytes - backlogAt(host, at + d) <= 2 * frame + 1000) d += 1;
  return { ms: d, censored: at + d >= end || d >= 2000 };
}).sort((p, q) => p.ms - q.ms);
const stillPinned = (ms) => `${pinned.filter((p) => p.ms >= ms).length}/${pinned.filter((p) => p.ms >= ms || !p.censored).length}`;
console.log(`how long the port stayed pinned within the burst after the first overflow (ms; * its shuffle ended first): ${pinned.map((p) => `${p.ms}${p.censored ? '*' : ''}`).join(' ')}; still pinned at 30 / 100 / 230 ms: ${stillPinned(30)}, ${stillPinned(100)}, ${stillPinned(230)}`);
for (const { host, at, end } of traced) {
  const trace = [];
  for (let d = 0; d <= 400; d += 20) trace.push(at + d < end ? kb(bufferBytes - backlogAt(host, at + d)) : '.');
  console.log(`  host ${host} at ${(at - offset).toFixed(0)} ms: ${trace.join(' ')}`);
}
// What a fast resend waits for: a query segment dropped on its first transmission is resent once a
// later segment of its message has passed the port and the instance's duplicate acknowledgement
// has come back. Per such segment (resent within 150 ms), ms after its first transmission entered
// the switch: when the later segment left the switch, when the instance's first acknowledgement
// still asking for the lost one entered it after that, and when the resend entered it.
const byConnection = new Map();
for (const s of bySegment.values()) {
  if (s.src !== frontendIp || hostOf(s.dst) < 0) continue;
  const connection = `${s.src}:${s.sport}>${s.dst}:${s.dport}`;
  listIn(byConnection, connection).push(s);
}
const resends = [];
for (const [connection, list] of byConnection) {
  const acks = acksOf.get(connection) ?? [];
  for (const s of list) {
    if (s.arrivals.length < 2 || s.departures.some((d) => d < s.arrivals[1]) || s.arrivals[1] - s.arrivals[0] >= 0.15) continue;
    const later = list.filter((x) => x.seq > s.seq && x.arrivals[0] - s.arrivals[0] < 0.005 && x.departures.length > 0 && x.departures[0] < s.arrivals[1]);
    if (later.length === 0) continue;
    const left = Math.min(...later.map((x) => x.departures[0]));
    const ack = acks.find((a) => a.t >= left && a.ack === s.seq);
    resends.push({ left: (left - s.arrivals[0]) * 1000, ack: ack ? (ack.t - s.arrivals[0]) * 1000 : NaN, resend: (s.arrivals[1] - s.arrivals[0]) * 1000 });
  }
}
const spreadMs = (xs) => {
  const v = xs.filter((x) => !Number.isNaN(x)).sort((p, q) => p - q);
  return v.length ? `${v[Math.floor(0.1 * (v.length - 1))].toFixed(1)} / ${v[v.length >> 1].toFixed(1)} / ${v[Math.floor(0.9 * (v.length - 1))].toFixed(1)}` : '-';
};
console.log(`fast resends of query segments (${resends.length}), ms after the lost segment's first transmission, p10 / median / p90: a later segment left the switch ${spreadMs(resends.map((r) => r.left))}; the instance's duplicate acknowledgement entered it ${spreadMs(resends.map((r) => r.ack))} (found for ${resends.filter((r) => !Number.isNaN(r.ack)).length}); the resend entered it ${spreadMs(resends.map((r) => r.resend))}; from that acknowledgement to the resend ${spreadMs(resends.map((r) => r.resend - r.ack))}`);
const lostPerRequest = [0, 0, 0, 0];
for (const { r } of lossy) lostPerRequest[Math.min(3, r.segments.filter((seg) => txOf.get(seg)[0].dropped).length)]++;
console.log(`requests that lost a segment, by how many of their first transmissions were dropped (0 = only a retransmission, 1, 2, 3+): ${lostPerRequest.join(' / ')}`);
// A request its connection's window could not hold sends the rest when acknowledgements come back, a
// round trip later: its first transmissions spread over more than a burst (at 200 Mbit/s a 31 KB
// request leaves in 1.3 ms) — sim/cluster/tcp-window.ts, docs/validation.md ("Round 20").
const ROUNDS_APART_MS = 2;
const rounds = new Map();
// And the receiving port's backlog (KB) when each request's first segment reached it.
const backlogs = new Map();
for (const r of requests) {
  if (r.segments.length === 0) continue;
  const where = shuffleSituation(legs, r.host, r.dispatch);
  const sentAt = r.segments.map((seg) => txOf.get(seg)[0].ms);
  const first = Math.min(...sentAt);
  const tally = rounds.get(where) ?? rounds.set(where, [0, 0]).get(where);
  tally[0]++;
  if (Math.max(...sentAt) - first >= ROUNDS_APART_MS) tally[1]++;
  listIn(backlogs, where).push(backlogAt(r.host, first) / 1000);
}
console.log(`requests whose first transmissions left in more than one round (${ROUNDS_APART_MS} ms or more apart), by the receiving host's shuffles when sent: ${[...rounds].sort().map(([where, [sent, split]]) => `${where}: ${split}/${sent}`).join('; ')}`);
console.log(`the receiving port's backlog when a request reached it (KB, p25 / median / p75; the share under 20 KB), by the same: ${[...backlogs].sort().map(([where, kb]) => `${where}: ${backlogSpread(kb)}`).join('; ')}`);
// What the shuffles did at those ports, by the same situations: the rate their frames reached the
// switch toward the host (first transmissions, 10 ms bins, KB/ms), and their drops before the
// episode's first query loss (a shuffle overflowing the port by itself) and after it.
const shuffleBytes = new Map();
for (const x of shuffleTx) {
  if (x.n > 0) continue;
  const key = `${hostOf(x.segment.dst)}|${Math.floor((x.ms - offset) / 10)}`;
  shuffleBytes.set(key, (shuffleBytes.get(key) ?? 0) + x.segment.frame);
}
const shuffleRates = new Map();
for (const [key, bytes] of shuffleBytes) {
  const [host, bin] = key.split('|').map(Number);
  listIn(shuffleRates, shuffleSituation(legs, host, 10 * bin + 5)).push(bytes / 10_000);
}
/** A host's shuffle episode at t (timeline clock), named as the per-index table names it. */
const episodeOf = (host, t) => `${host}@${shuffleEpisode(legs, host, t).start}`;
const firstQueryLoss = new Map();
for (const x of queryTx) {
  if (!x.dropped) continue;
  const host = hostOf(x.segment.dst), t = x.ms - offset, episode = episodeOf(host, t);
  firstQueryLoss.set(episode, Math.min(firstQueryLoss.get(episode) ?? Infinity, t));
}
const shuffleDrops = new Map();
for (const x of shuffleTx) {
  if (!x.dropped) continue;
  const host = hostOf(x.segment.dst), t = x.ms - offset, where = shuffleSituation(legs, host, t);
  const tally = shuffleDrops.get(where) ?? shuffleDrops.set(where, [0, 0]).get(where);
  tally[t < (firstQueryLoss.get(episodeOf(host, t)) ?? Infinity) ? 0 : 1]++;
}
console.log(`the shuffles' rate toward the host (KB/ms over 10 ms bins, p25 / median / p75), by the same: ${[...shuffleRates].sort().filter(([, v]) => v.length >= 20).map(([where, v]) => `${where}: ${quartiles(v, 1)}`).join('; ')}`);
console.log(`shuffle segments the host's port dropped before the episode's first query loss / after it, by the same: ${[...shuffleDrops].sort().map(([where, [before, after]]) => `${where}: ${before} / ${after}`).join('; ')}`);
// How late the host acknowledges the shuffles into it: from a segment leaving the switch toward the
// host to the first acknowledgement covering it entering the switch from the host (every 50th
// segment), by the host's situation when the segment left.
const ackDelays = new Map();
const shuffleConnections = new Map();
for (const seg of bySegment.values()) {
  if (hostOf(seg.src) >= 0 && hostOf(seg.dst) >= 0 && seg.departures.length > 0) listIn(shuffleConnections, `${seg.src}:${seg.sport}>${seg.dst}:${seg.dport}`).push(seg);
}
for (const [connection, segs] of shuffleConnections) {
  const acks = acksOf.get(connection) ?? [];
  segs.sort((a, b) => a.departures[0] - b.departures[0]);
  for (let i = 0; i < segs.length; i += 50) {
    const left = segs[i].departures[0], end = (segs[i].seq + segs[i].bytes) >>> 0;
    // The sequence space wraps at 2^32: an acknowledgement covers the segment when ack − end ≥ 0 as a 32-bit difference.
    const ack = acks.find((a) => a.t >= left && a.t - left < 0.5 && ((a.ack - end) | 0) >= 0);
    if (ack) listIn(ackDelays, shuffleSituation(legs, hostOf(segs[i].dst), (left - t0) * 1000 - offset)).push((ack.t - left) * 1000);
  }
}
console.log(`how late the host acknowledged the shuffles into it (ms, p25 / median / p75), by the same: ${[...ackDelays].sort().filter(([, v]) => v.length >= 20).map(([where, v]) => `${where}: ${quartiles(v, 1)}`).join('; ')}`);
if (all) {
  console.log('every measured request that lost a segment (episode index; per segment: its bytes, then each transmission: X dropped, ok delivered, with its delay after the request\'s first segment):');
  for (const { r, f, index } of lossy) {
    const described = [...r.segments].sort((a, b) => a.seq - b.seq).map((s) => `${s.bytes}:` + txOf.get(s).map((x) => `${x.dropped ? 'X' : 'ok'}${x.n ? `+${Math.round(x.ms - f.first)}` : ''}`).join(','));
    console.log(`${r.dispatch.toFixed(1)} ms, host ${r.host}, #${index}: ${described.join(' ')}`);
  }
}
