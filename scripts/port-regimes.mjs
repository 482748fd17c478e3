#!/usr/bin/env node
// What the emulated switch ports hold, by what the shuffles around each port do: the check behind
// the network model's regimes (docs/validation.md, "What the port queues do"). Inputs: a sample
// file of scripts/port-occupancy.sh and the stderr of the `parm-sim emulate` it watched, run
// with PSIM_DEBUG=1 (one "conductor: flow SLOT SRC DST BYTES START END" line per shuffle leg,
// unix seconds).
//   bash scripts/port-occupancy.sh occ.txt & PSIM_DEBUG=1 parm-sim emulate X.yaml 2> emulate.err
//   node scripts/port-regimes.mjs occ.txt emulate.err [occ2.txt emulate2.err ...]   (pairs pooled)
// Per switch port sample taken while shuffles are sent into its host: the number of them, whether
// their senders send nothing else (each then paced at its NIC's full rate) or share their NIC with
// another shuffle, whether a sender is itself receiving one (its acknowledgements then queue in its
// own full port), whether the host sends one of its own, and whether the first 0.8 s of the newest has passed (before,
// the queries' bytes are still climbing from empty). Also each host end's transmit backlog while
// it sends. Backlogs in KB; "at limit": within 30 KB of the switch ports' limit.
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0 || files.length % 2 !== 0) { console.error('usage: node scripts/port-regimes.mjs OCCUPANCY.txt EMULATE-STDERR [more pairs, pooled]'); process.exit(2); }
const kb = (s) => { const m = /^([\d.]+)([KM]?)b$/.exec(s); return (+m[1] * (m[2] === 'K' ? 1e3 : m[2] === 'M' ? 1e6 : 1)) / 1e3; };
const active = (t, f) => f.from <= t && t <= f.to;
const ports = new Map(), hosts = new Map();
const add = (map, key, value) => { if (!map.has(key)) map.set(key, []); map.get(key).push(value); };
let limit = 0;
for (let pair = 0; pair < files.length; pair += 2) {
  const flows = [];
  for (const line of readFileSync(files[pair + 1], 'utf8').split('\n')) {
    const m = /^conductor: flow \d+ (\d+) (\d+) \d+ ([\d.]+) ([\d.]+)$/.exec(line);
    if (m) flows.push({ src: +m[1], dst: +m[2], from: +m[3], to: +m[4] });
  }
  const [head, ...lines] = readFileSync(files[pair], 'utf8').trim().split('\n');
  const prefix = head.split(' ')[1].replace(/sw$/, '');
  const portDev = new RegExp(`^${prefix}s(\\d+)$`), hostDev = new RegExp(`^${prefix}h(\\d+)$`);
  for (const line of lines) {
    const [t, dev, backlog] = line.split(' ');
    const time = +t, bytes = kb(backlog);
    const port = portDev.exec(dev), host = hostDev.exec(dev);
    if (port) {
      const h = +port[1];
      limit = Math.max(limit, bytes);
      const into = flows.filter((f) => f.dst === h && active(time, f));
      if (into.length === 0) continue;
      const sends = flows.some((f) => f.src === h && active(time, f));
      // Whether every sender into it sends nothing else: then each is paced at its NIC's full rate.
      const fullRate = into.every((f) => flows.filter((g) => g.src === f.src && active(time, g)).length === 1);
      const steady = time - Math.max(...into.map((f) => f.from)) >= 0.8;
      // Whether a sender into it is itself receiving a shuffle: its acknowledgements then wait in that sender's full port.
      const senderReceives = into.some((f) => flows.some((g) => g.dst === f.src && active(time, g)));
      add(ports, `${into.length} in\t${fullRate ? 'full rate' : 'shared'}\t${senderReceives ? 'receives' : 'no'}\t${sends ? 'sends' : 'idle'}\t${steady ? 'steady' : 'climbing'}`, bytes);
    } else if (host) {
      add(hosts, flows.filter((f) => f.src === +host[1] && active(time, f)).length, bytes);
    }
  }
}
const stats = (v) => { v.sort((a, b) => a - b); const q = (p) => v[Math.floor(p * (v.length - 1))].toFixed(0); return `${v.length}\t${q(0.1)}\t${q(0.5)}\t${q(0.9)}`; };
console.log('shuffles into the host\ttheir senders\ta sender receives\thost\tphase\tsamples\tp10\tmedian\tp90\tat limit');
for (const [key, v] of [...ports].sort()) console.log(`${key}\t${stats(v)}\t${(v.filter((x) => x >= limit - 30).length / v.length).toFixed(2)}`);
console.log('\nhost end, shuffles sent\tsamples\tp10\tmedian\tp90');
for (const [out, v] of [...hosts].sort()) console.log(`${out}\t${stats(v)}`);
