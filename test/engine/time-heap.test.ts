import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TimeHeap } from '../../sim/engine/time-heap.js';
import { RandomStreams } from '../../sim/engine/random.js';

const test = suite('engine/time-heap');

test('gives back every entry in time order, across growth and interleaved pops', () => {
  const heap = new TimeHeap(2);
  const rng = new RandomStreams(11).stream('times');
  const held: [number, number][] = [];
  let popped = 0;
  for (let i = 0; i < 5000; i++) {
    // Few distinct times, so that ties are common.
    const t = Math.floor(rng.uniform() * 50);
    heap.push(t, i);
    held.push([t, i]);
    if (i % 3 === 2) {
      // The earliest time comes out; among equal times any entry may.
      const earliest = Math.min(...held.map(([time]) => time));
      assert.is(heap.peekTime(), earliest);
      const value = heap.peekValue();
      const at = held.findIndex(([time, v]) => time === earliest && v === value);
      assert.ok(at >= 0);
      held.splice(at, 1);
      heap.pop();
      popped++;
    }
  }
  assert.is(heap.size, 5000 - popped);
  held.sort((a, b) => a[0] - b[0]);
  for (const [t] of held) {
    assert.is(heap.peekTime(), t);
    heap.pop();
  }
  assert.is(heap.size, 0);
  assert.is(heap.peekTime(), Infinity);
});

test.run();
