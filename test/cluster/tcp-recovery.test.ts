import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { noRecoveries, RACK_REORDER_MS, recoveryDelay, RTO_MIN_MS, type RecoveryCounts } from '../../sim/cluster/tcp-recovery.js';
import { KeyedDraws } from '../../sim/engine/random.js';

const test = suite('cluster/tcp-recovery');
const srtt = 10;
/** A fast resend: a round trip after the last segment, and RACK's reordering wait. */
const fast = srtt + RACK_REORDER_MS;
const never = () => false;
/** Counts for a call whose counts the test does not look at. */
const uncounted = noRecoveries;

test('a loss inside a message costs a round trip and RACK\'s reordering wait; none costs nothing', () => {
  assert.is(recoveryDelay({ inside: false, tail: false }, 0, 4, srtt, never, uncounted()), 0);
  assert.is(recoveryDelay({ inside: true, tail: false }, 0, 4, srtt, never, uncounted()), fast);
});

test('a resend into a port drained since (resendRtt) comes sooner; the timers still run on SRTT', () => {
  const drained = 3;
  assert.is(recoveryDelay({ inside: true, tail: false }, 0, 4, srtt, never, uncounted(), drained), drained + RACK_REORDER_MS);
  assert.is(recoveryDelay({ inside: true, tail: true }, 0, 4, srtt, never, uncounted(), drained), 2 * drained + RACK_REORDER_MS);
  assert.is(recoveryDelay({ inside: false, tail: true }, 0, 4, srtt, never, uncounted(), drained), 2 * srtt + 2);
  const lostOnce = (_t: number, i: number) => i === 4;
  assert.is(recoveryDelay({ inside: true, tail: false }, 0, 4, srtt, lostOnce, uncounted(), drained), drained + RACK_REORDER_MS + srtt + RTO_MIN_MS);
});

test('a lost tail waits for the loss probe: 2 SRTT, or the delayed-ack allowance for a lone segment', () => {
  assert.is(recoveryDelay({ inside: false, tail: true }, 0, 4, srtt, never, uncounted()), 2 * srtt + 2);
  // An inner segment lost too: its retransmission's delivery lets RACK resend the tail, two round trips on, with no probe.
  assert.is(recoveryDelay({ inside: true, tail: true }, 0, 4, srtt, never, uncounted()), 2 * srtt + RACK_REORDER_MS);
  // One segment: the probe would come after the timeout, so the timeout's value bounds it.
  assert.is(recoveryDelay({ inside: false, tail: true }, 0, 1, srtt, never, uncounted()), srtt + RTO_MIN_MS);
});

test('a lost probe leaves it to the retransmission timeout, which doubles on every further loss', () => {
  const lostFirst = (n: number) => (_t: number, i: number) => i < 4 + n;
  const probe = 2 * srtt + 2, rto = srtt + RTO_MIN_MS, restart = 2 * srtt; // log2(4) round trips to resend the rest
  assert.is(recoveryDelay({ inside: false, tail: true }, 0, 4, srtt, lostFirst(1), uncounted()), probe + rto + restart);
  assert.is(recoveryDelay({ inside: false, tail: true }, 0, 4, srtt, lostFirst(2), uncounted()), probe + rto + 2 * rto + restart);
  assert.is(recoveryDelay({ inside: false, tail: true }, 0, 4, srtt, lostFirst(3), uncounted()), probe + rto + 2 * rto + 4 * rto + restart);
  // Losses are asked about at the times the retransmissions reach the port.
  const asked: number[] = [];
  recoveryDelay({ inside: false, tail: true }, 100, 4, srtt, (t, i) => (asked.push(t), i < 6), uncounted());
  assert.equal(asked, [100 + probe, 100 + probe + rto, 100 + probe + 3 * rto]);
});

test('a resent inner segment meets the port again: lost, it waits for the retransmission timeout, doubling', () => {
  const lostFirst = (n: number) => (_t: number, i: number) => i < 4 + n;
  const rto = srtt + RTO_MIN_MS;
  // Only the inner segment is missing, so once it gets through the message is whole: no restart.
  assert.is(recoveryDelay({ inside: true, tail: false }, 0, 4, srtt, lostFirst(1), uncounted()), fast + rto);
  assert.is(recoveryDelay({ inside: true, tail: false }, 0, 4, srtt, lostFirst(2), uncounted()), fast + rto + 2 * rto);
  const asked: number[] = [];
  const counts = noRecoveries();
  recoveryDelay({ inside: true, tail: false }, 100, 4, srtt, (t, i) => (asked.push(t), i < 5), counts);
  assert.equal(asked, [100 + fast, 100 + fast + rto]);
  assert.equal(counts, { lossProbes: 0, timeouts: 1, fastRecoveries: 1 });
});

test('recoveries are counted as Linux counts them: probes sent, timeouts fired (each doubling), SACK recoveries', () => {
  const counted = (lost: { inside: boolean; tail: boolean }, segments: number, lostLater: (t: number, i: number) => boolean): RecoveryCounts => {
    const counts = noRecoveries();
    recoveryDelay(lost, 0, segments, srtt, lostLater, counts);
    return counts;
  };
  assert.equal(counted({ inside: false, tail: false }, 4, never), { lossProbes: 0, timeouts: 0, fastRecoveries: 0 });
  assert.equal(counted({ inside: true, tail: false }, 4, never), { lossProbes: 0, timeouts: 0, fastRecoveries: 1 });
  // A lost tail alone takes a probe; with an inner loss beside it, RACK recovers both in one SACK recovery.
  assert.equal(counted({ inside: false, tail: true }, 4, never), { lossProbes: 1, timeouts: 0, fastRecoveries: 0 });
  assert.equal(counted({ inside: true, tail: true }, 4, never), { lossProbes: 0, timeouts: 0, fastRecoveries: 1 });
  // Probe lost, then the first retransmission lost too: two timeouts fire.
  assert.equal(counted({ inside: false, tail: true }, 4, (_t, i) => i < 6), { lossProbes: 1, timeouts: 2, fastRecoveries: 0 });
  // The same after an inner loss: the tail RACK resent is lost, then its first retransmission.
  assert.equal(counted({ inside: true, tail: true }, 4, (_t, i) => i < 6), { lossProbes: 0, timeouts: 2, fastRecoveries: 1 });
  // A lone segment's probe would come after the timeout: no probe, the timeout fires.
  assert.equal(counted({ inside: false, tail: true }, 1, never), { lossProbes: 0, timeouts: 1, fastRecoveries: 0 });
});

test('keyed draws depend on the key alone, not on what was drawn before', () => {
  const a = new KeyedDraws(7, 'network/losses');
  const b = new KeyedDraws(7, 'network/losses');
  const first = [a.uniform(1, 2, 3), a.uniform(5e9, 2, 3), a.uniform(1, 2, 4)];
  b.uniform(9, 9, 9);
  assert.equal([b.uniform(1, 2, 3), b.uniform(5e9, 2, 3), b.uniform(1, 2, 4)], first);
  assert.is.not(new KeyedDraws(8, 'network/losses').uniform(1, 2, 3), first[0]);
  assert.is.not(new KeyedDraws(7, 'other').uniform(1, 2, 3), first[0]);
  assert.is.not(first[0], first[2]);
  // Roughly uniform: the mean of many keys is near 1/2, and all fall in [0, 1).
  let sum = 0;
  for (let k = 0; k < 20000; k++) {
    const u = a.uniform(k, 0, 0);
    assert.ok(u >= 0 && u < 1);
    sum += u;
  }
  assert.ok(Math.abs(sum / 20000 - 0.5) < 0.01, `mean ${sum / 20000}`);
});

test.run();
