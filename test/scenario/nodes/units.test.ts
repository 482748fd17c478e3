import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseBandwidth, parseDuration, parseRate, parseSize } from '../../../sim/scenario/nodes/units.js';
import { inputError } from '../helpers.js';

const test = suite('scenario/nodes/units');

test('durations normalise to milliseconds', () => {
  const cases: [string, number][] = [
    ['1ns', 1e-6], ['1us', 1e-3], ['1µs', 1e-3], ['8ms', 8], ['1.5s', 1500], ['2min', 120_000], ['1h', 3_600_000],
    ['0.2ms', 0.2], ['1e3ms', 1000], [' 8 ms ', 8], ['0ms', 0],
  ];
  for (const [text, ms] of cases) assert.ok(Math.abs(parseDuration(text) - ms) < 1e-12, `${text} → ${parseDuration(text)}`);
});

test('sizes: KB, MB, GB are 1000-based, KiB, MiB, GiB 1024-based', () => {
  assert.is(parseSize('150KB'), 150_000);
  assert.is(parseSize('1MB'), 1_000_000);
  assert.is(parseSize('2GB'), 2e9);
  assert.is(parseSize('1KiB'), 1024);
  assert.is(parseSize('1MiB'), 1024 * 1024);
  assert.is(parseSize('1GiB'), 1024 ** 3);
  assert.is(parseSize('7B'), 7);
});

test('rates normalise to events per millisecond', () => {
  assert.ok(Math.abs(parseRate('270/s') - 0.27) < 1e-12);
  assert.is(parseRate('0.27/ms'), 0.27);
  assert.ok(Math.abs(parseRate('100/min') - 100 / 60_000) < 1e-15);
  assert.ok(Math.abs(parseRate('3600/h') - 1 / 1000) < 1e-15);
});

test('bandwidths: bps units are bits per second, B/s units bytes per second; both → bytes/ms', () => {
  assert.is(parseBandwidth('10Gbps'), 1_250_000);
  assert.is(parseBandwidth('8Mbps'), 1000);
  assert.is(parseBandwidth('8Kbps'), 1);
  assert.is(parseBandwidth('8000bps'), 1);
  assert.is(parseBandwidth('1MB/s'), 1000);
  assert.is(parseBandwidth('1GB/s'), 1_000_000);
  assert.is(parseBandwidth('1KiB/s'), 1.024);
});

test('a bare number is not a duration, and the message says how to write one', () => {
  const err = inputError(() => parseDuration(8, { file: 'f.yaml', field: 'deadline' }));
  assert.ok(err.message.includes('f.yaml: deadline: expected a duration such as 8ms, found 8'), err.message);
  assert.ok(err.message.includes('add a unit'), err.message);
});

test('unknown units suggest the nearest known one', () => {
  assert.match(inputError(() => parseDuration('8sec')).message, /did you mean `s`\?/);
  assert.match(inputError(() => parseSize('10mb')).message, /did you mean `MB`\?/);
  assert.match(inputError(() => parseBandwidth('10gbps')).message, /did you mean `Gbps`\?/);
});

test('a rate needs a per-time unit', () => {
  const err = inputError(() => parseRate('270s'));
  assert.match(err.message, /a rate is a count per time/);
  assert.match(inputError(() => parseRate('270/fortnight')).message, /unknown unit/);
});

test('quantities of the wrong kind, and non-quantities, are rejected', () => {
  for (const [parse, raw] of [[parseDuration, '150KB'], [parseSize, '8ms'], [parseBandwidth, '8ms'], [parseDuration, true], [parseDuration, 'ms'], [parseDuration, '']] as const) {
    inputError(() => parse(raw));
  }
});

test.run();
