import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import seedrandom from 'seedrandom';
import { KeyedDraws, Random, RandomStreams } from '../../sim/engine/random.js';

const test = suite('engine/random');

/**
 * The streams as they were drawn before the generator moved into Random: seedrandom's Alea, with
 * the same transforms. Every committed result and baseline depends on these exact numbers.
 */
class Reference {
  private spareNormal = NaN;
  constructor(private readonly next: () => number) {}
  uniform(): number {
    return this.next();
  }
  uniformPositive(): number {
    return 1 - this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  exponential(mean: number): number {
    return -mean * Math.log(this.uniformPositive());
  }
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniformPositive()));
    const theta = 2 * Math.PI * this.next();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
}

const seeds = ['', ' ', 'x', '1/arrivals', '0/service', '42/host-11/pool-service', 'héllo/ünicode', '\u{1F600}/emoji', 'a'.repeat(500)];
for (let i = 0; i < 300; i++) seeds.push(`${i * 7919 + (i % 3) * 2 ** 40}/${['arrivals', 'samples', 'network/latency', `host-${i}/service`][i % 4]}`);

test('Alea is seedrandom.alea draw for draw, bit for bit', () => {
  let draws = 0;
  for (const seed of seeds) {
    const ours = new Random(seed), theirs = seedrandom.alea(seed);
    const n = seed === '1/arrivals' ? 1_000_000 : 20_000;
    for (let i = 0; i < n; i++) {
      const a = ours.uniform(), b = theirs();
      if (a !== b) assert.unreachable(`seed ${JSON.stringify(seed)}, draw ${i}: ${a} vs ${b}`);
    }
    draws += n;
  }
  assert.ok(draws > 6_000_000);
});

test('every transform draws what it drew on seedrandom, interleaved as the simulator interleaves them', () => {
  for (const seed of seeds.slice(0, 60)) {
    const ours = new Random(seed), theirs = new Reference(seedrandom.alea(seed));
    // A fixed, seed-dependent order of calls, so that normals' spare values and mixed uses are covered.
    const order = seedrandom.alea(`order/${seed}`);
    for (let i = 0; i < 20_000; i++) {
      const which = Math.floor(order() * 5), mean = 0.25 + 10 * order();
      const a = which === 0 ? ours.uniform() : which === 1 ? ours.uniformPositive() : which === 2 ? ours.int(97) : which === 3 ? ours.exponential(mean) : ours.normal();
      const b = which === 0 ? theirs.uniform() : which === 1 ? theirs.uniformPositive() : which === 2 ? theirs.int(97) : which === 3 ? theirs.exponential(mean) : theirs.normal();
      if (!Object.is(a, b)) assert.unreachable(`seed ${JSON.stringify(seed)}, call ${i} (${which}): ${a} vs ${b}`);
    }
  }
});

test('RandomStreams names a stream by seed and name, as before', () => {
  const a = new RandomStreams(3).stream('host-2/service'), b = seedrandom.alea('3/host-2/service');
  for (let i = 0; i < 1000; i++) assert.is(a.uniform(), b());
});

test('keyed draws keep their values, drawn whole or from a shared prefix', () => {
  const draws = new KeyedDraws(7, 'network/losses');
  // Values of the hash as every committed result was made with (keys past 2^32 included).
  const cases: [number, number, number, number][] = [
    [1, 2, 3, 0.7110604424960911],
    [5 * 2 ** 32 + 17, 5, 16, 0.5700318638700992],
    [123456789 * 1024 + 1, 3 * 65536, 0, 0.9458808237686753],
  ];
  for (const [a, b, c, value] of cases) {
    assert.is(draws.uniform(a, b, c), value);
    assert.is(draws.uniformAfter(draws.prefix(a, b), c), value);
  }
});

test.run();
