import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliHere, cliHereEnv, tempDir } from '../helpers/cli.js';

/**
 * `parm-sim check` through the CLI's entry: commands run in this process (cliHere) unless the
 * process itself is what is checked (cli): the exit code 1 a CI job sees on a regression.
 */
const test = suite('check/cli');
const SMALL = 'test/check/fixtures/small.yaml';

/** The baseline of the small scenario made by --update (seeds 1–3), once: by the first test, or by the first that needs it. */
let made: string | undefined;

/** A fresh folder with a copy of that baseline. */
async function withBaseline(): Promise<{ dir: string; baseline: string }> {
  if (made === undefined) {
    const file = join(tempDir('check-made'), 'baseline.json');
    const r = await cliHere('check', SMALL, '--baseline', file, '--update');
    assert.is(r.status, 0, r.stdout + r.stderr);
    made = file;
  }
  const dir = tempDir('check');
  const baseline = join(dir, 'baseline.json');
  copyFileSync(made, baseline);
  return { dir, baseline };
}

/** The small scenario with its `expect:` list replaced, written next to the baseline. */
function withClaims(dir: string, claims: string[]): string {
  const file = join(dir, 'claims.yaml');
  const text = readFileSync(SMALL, 'utf8').replace(/expect:\n(  - .*\n)+/, `expect:\n${claims.map((c) => `  - "${c}"\n`).join('')}`);
  writeFileSync(file, text);
  return file;
}

test('--update writes a versioned baseline with per-seed values, atomically', async () => {
  const dir = tempDir('check-update');
  const baseline = join(dir, 'baseline.json');
  const r = await cliHere('check', SMALL, '--baseline', baseline, '--update');
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /baseline .*baseline\.json written for 1 scenario/);
  const b = JSON.parse(readFileSync(baseline, 'utf8'));
  assert.is(b.version, 1);
  const entry = b.scenarios['check-small'];
  assert.equal(entry.seeds, [1, 2, 3]);
  assert.equal(Object.keys(entry.strategies), ['none', 'equal-resources', 'parm']);
  const p999 = entry.strategies.parm['-'].p999;
  assert.is(p999.values.length, 3);
  assert.ok(Math.abs(p999.mean - (p999.values[0] + p999.values[1] + p999.values[2]) / 3) < 1e-9);
  assert.equal(readdirSync(dir), ['baseline.json'], 'no temporary file left behind');
  // The tests below start from copies of it.
  made ??= baseline;
});

test('an unchanged run passes: exit 0, every metric ok, JUnit without failures, Markdown summary', async () => {
  const { dir, baseline } = await withBaseline();
  const junit = join(dir, 'out', 'check.xml'), markdown = join(dir, 'out', 'check.md');
  const r = await cliHere('check', SMALL, '--baseline', baseline, '--junit', junit, '--markdown', markdown);
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /scenario\s+strategy\s+metric\s+baseline\s+now\s+change\s+verdict/);
  const rows = r.stdout.split('\n').filter((line) => line.startsWith('check-small'));
  assert.is(rows.length, 9, '3 strategies × p50, p99, p99.9');
  for (const row of rows) assert.match(row, /±0\.0%\s+ok$/);
  assert.match(r.stdout, /PASS: 9 metrics checked, 1 expect claim holds/);
  const xml = readFileSync(junit, 'utf8');
  assert.match(xml, /<testsuites name="parm-sim check" tests="10" failures="0"/);
  assert.match(xml, /<testcase classname="check-small.parm" name="p99.9">/);
  assert.match(readFileSync(markdown, 'utf8'), /^## ✅ parm-sim check — PASS/);
});

test('service time +20% fails with exit 1 and names scenario, strategy and metric', async () => {
  const { dir, baseline } = await withBaseline();
  const junit = join(dir, 'check.xml');
  // Spawned: the exit code a CI job sees.
  const r = cli('check', SMALL, '--baseline', baseline, '--set', 'cluster.service.median=24ms', '--junit', junit);
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /check-small\s+equal-resources\s+p50\s+\S+ ms\s+\S+ ms\s+\+\d+\.\d%\s+REGRESSED \(p=0\.050\)/);
  assert.match(r.stdout, /check-small \/ equal-resources: p50 regressed: [\d.]+ ms → [\d.]+ ms \(\+\d+\.\d%, tolerance 5%/);
  assert.match(r.stdout, /FAIL: \d+ regressed/);
  assert.match(readFileSync(junit, 'utf8'), /<testcase classname="check-small.equal-resources" name="p50"><failure message="check-small \/ equal-resources: p50 regressed: [^"]+" type="regressed"\/>/);
});

test('one instance fewer fails on the tail', async () => {
  const { baseline } = await withBaseline();
  const r = await cliHere('check', SMALL, '--baseline', baseline, '--set', 'cluster.instances=3');
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /check-small \/ none: p99\.9 regressed/);
});

test('an explicit --tolerance loose enough lets the slowdown pass', async () => {
  const { baseline } = await withBaseline();
  const r = await cliHere('check', SMALL, '--baseline', baseline, '--set', 'cluster.service.median=22ms', '--tolerance', '40%', '--tolerance', 'p99.9=60%');
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /tolerance: p50 40%, p99 40%, p99\.9 60%/);
});

test('a claim that does not hold fails the check (exit 1) and keeps --update from writing', async () => {
  const { dir, baseline } = await withBaseline();
  const file = withClaims(dir, ['none.p99 < equal-resources.p99']);
  const before = readFileSync(baseline, 'utf8');
  const r = await cliHere('check', file, '--baseline', baseline, '--junit', join(dir, 'j.xml'));
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /FAILS\s+check-small: none\.p99 < equal-resources\.p99 \(/);
  assert.match(r.stdout, /FAIL: 1 expect claim fails/);
  assert.match(readFileSync(join(dir, 'j.xml'), 'utf8'), /<testcase classname="check-small.expect" name="none.p99 &lt; equal-resources.p99"><failure/);
  const u = await cliHere('check', file, '--baseline', baseline, '--update');
  assert.is(u.status, 1);
  assert.match(u.stdout, /baseline NOT written/);
  assert.is(readFileSync(baseline, 'utf8'), before);
});

test('claims in modes every-seed and ci95 gate like the others, named with their mode', async () => {
  const { dir, baseline } = await withBaseline();
  const file = withClaims(dir, ['every-seed: none.p999 < none.p50', 'ci95: none.p50 < none.max + 1']);
  const r = await cliHere('check', file, '--baseline', baseline, '--junit', join(dir, 'j.xml'));
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /FAILS\s+check-small: every-seed: none\.p999 < none\.p50 \(.*fails at 3 of 3 seeds/);
  assert.match(r.stdout, /holds\s+check-small: ci95: none\.p50 < none\.max \+ 1 \(95% CI \[/);
  assert.match(r.stdout, /FAIL: 1 expect claim fails/);
  assert.match(readFileSync(join(dir, 'j.xml'), 'utf8'), /<testcase classname="check-small.expect" name="every-seed: none.p999 &lt; none.p50"><failure/);
});

test('a broken expect is one clear line and exit 2, before anything runs', async () => {
  const { dir, baseline } = await withBaseline();
  const cases: [string, RegExp][] = [
    ['parm.p999 < 0.6 * equal-resource.p999', /claims\.yaml: expect\[0\]: expected a strategy label .*found "equal-resource" \(did you mean equal-resources\?\)/],
    ['parm.p99.9 < none.p999', /claims\.yaml: expect\[0\]: expected a metric .*found "p99\.9" \(did you mean p999\?\)/],
    ['parm.p999 <', /claims\.yaml: expect\[0\]: expected a claim such as .* \(it ends too early\)/],
    ['parm.p999 = none.p999', /claims\.yaml: expect\[0\]: expected a claim such as .*no comparison/],
    ['evry-seed: parm.p999 < none.p999', /claims\.yaml: expect\[0\]: expected a claim mode \(mean, every-seed, ci95\) before the colon, found "evry-seed" \(did you mean every-seed\?\)/],
  ];
  for (const [claim, message] of cases) {
    const r = await cliHere('check', withClaims(dir, [claim]), '--baseline', baseline);
    assert.is(r.status, 2, `${claim}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.is(r.stderr.trim().split('\n').length, 1, 'one line');
    assert.is(r.stdout, '', 'nothing ran');
  }
});

test('bad input exits 2 with one line: baseline missing, corrupt, without the scenario; bad tolerance', async () => {
  const { dir, baseline } = await withBaseline();
  const expectations: [string[], RegExp][] = [
    [['--baseline', join(dir, 'none.json')], /none\.json: expected a baseline file, found no such file \(create it with --update\)/],
    [['--baseline', baseline, '--tolerance', '5'], /--tolerance: expected a tolerance such as 5%/],
    [['--baseline', baseline, '--tolerance', 'accuracy=1%'], /--tolerance: expected accuracy=<absolute fraction .*accuracy is compared in absolute points/],
    [['--baseline', baseline, '--tolerance', 'p95=5%'], /--tolerance: expected a metric \(p50, p99, p999, p99\.9, accuracy\)/],
  ];
  const corrupt = join(dir, 'corrupt.json');
  writeFileSync(corrupt, '{"version": 1, "scenarios": ');
  expectations.push([['--baseline', corrupt], /corrupt\.json: expected a baseline file \(JSON\), found invalid JSON/]);
  const other = join(dir, 'other.json');
  const b = JSON.parse(readFileSync(baseline, 'utf8'));
  b.scenarios = { 'something-else': b.scenarios['check-small'] };
  writeFileSync(other, JSON.stringify(b));
  expectations.push([['--baseline', other], /other\.json: scenarios\.check-small: expected a baseline entry for scenario "check-small" .*found none \(run the check with --update to add it/]);
  const wrongShape = join(dir, 'shape.json');
  b.scenarios['check-small'] = { ...b.scenarios['something-else'], queries: 'many' };
  writeFileSync(wrongShape, JSON.stringify(b));
  expectations.push([['--baseline', wrongShape], /shape\.json: scenarios\.check-small\.queries: expected an integer ≥ 1, found "many"/]);
  expectations.push([[], /baseline/]);
  for (const [args, message] of expectations) {
    const r = await cliHere('check', SMALL, ...args);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message);
    assert.is(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('--update adds a scenario and keeps the others; a strategy dropped from the scenario is MISSING', async () => {
  const { dir, baseline } = await withBaseline();
  const renamed = join(dir, 'renamed.yaml');
  writeFileSync(renamed, readFileSync(SMALL, 'utf8').replace('name: check-small', 'name: check-other').replace('  - { kind: parm, k: 2 }\n', ''));
  assert.is((await cliHere('check', renamed, '--baseline', baseline, '--update')).status, 0);
  const b = JSON.parse(readFileSync(baseline, 'utf8'));
  assert.equal(Object.keys(b.scenarios), ['check-other', 'check-small']);
  // The small scenario without parm, under its own name: the baseline still has parm.
  const dropped = join(dir, 'dropped.yaml');
  writeFileSync(dropped, readFileSync(SMALL, 'utf8').replace('  - { kind: parm, k: 2 }\n', ''));
  const r = await cliHere('check', dropped, '--baseline', baseline);
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /check-small \/ parm: p99\.9 is in the baseline but was not measured/);
  assert.match(r.stdout, /FAIL: 3 missing/);
});

test('appends the Markdown summary to $GITHUB_STEP_SUMMARY when it is set', async () => {
  const { dir, baseline } = await withBaseline();
  const summary = join(dir, 'step-summary.md');
  writeFileSync(summary, '# earlier step\n');
  assert.is((await cliHereEnv({ GITHUB_STEP_SUMMARY: summary }, 'check', SMALL, '--baseline', baseline)).status, 0);
  const text = readFileSync(summary, 'utf8');
  assert.ok(text.startsWith('# earlier step\n'), 'appended, not replaced');
  assert.match(text, /## ✅ parm-sim check — PASS/);
  assert.match(text, /\| check-small \| parm \| p99\.9 \|/);
});

test('the committed CI scenarios have a baseline entry each', () => {
  assert.ok(existsSync('scenarios/ci/baseline.json'));
  const b = JSON.parse(readFileSync('scenarios/ci/baseline.json', 'utf8'));
  const files = readdirSync('scenarios/ci').filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios/ci', f)).sort();
  assert.ok(files.length >= 2);
  assert.equal(Object.values(b.scenarios).map((s) => (s as { file: string }).file).sort(), files);
});

test.run();

