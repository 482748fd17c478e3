#!/usr/bin/env node
// How often the emulated switch dropped a retransmitted query segment, by what sent it: a fast
// resend (within 150 ms of the request's first segment: SACK/RACK recovery) or the retransmission
// timer (later). Reads what scripts/port-drops.mjs printed (its per-request lines, e.g.
// "8948:X,X+18,ok+234": dropped, resent 18 ms later and dropped, resent by the timer and
// delivered), one line per capture section. docs/validation.md ("Round 17") reads it.
//   node scripts/retransmission-fates.mjs docs/validation/port-drops-round16.txt
import { readFileSync } from 'node:fs';

/** Retransmissions later than this after the request's first segment were sent by the timer (RTO_min is 200 ms). */
const TIMER_AFTER_MS = 150;

const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/retransmission-fates.mjs <port-drops output>');
  process.exit(2);
}
const share = ([dropped, sent]) => `${dropped}/${sent} (${sent ? Math.round((100 * dropped) / sent) : 0}%)`;
console.log('capture\tfast resends dropped\ttimer retransmissions dropped');
for (const section of readFileSync(file, 'utf8').split(/\n(?=## )/)) {
  const fast = [0, 0], timer = [0, 0];
  for (const line of section.split('\n')) {
    const request = /^\s*[\d.]+ ms, host \d+, #\d+: (.*)$/.exec(line);
    if (!request) continue;
    for (const segment of request[1].split(/\s+/)) {
      // The first transmission, then each retransmission as X or ok with its delay.
      for (const [, fate, delay] of segment.matchAll(/(X|ok)\+(\d+)/g)) {
        const tally = Number(delay) > TIMER_AFTER_MS ? timer : fast;
        tally[1]++;
        if (fate === 'X') tally[0]++;
      }
    }
  }
  if (fast[1] + timer[1] > 0) console.log(`${section.split('\n')[0].replace(/^## /, '')}\t${share(fast)}\t${share(timer)}`);
}
