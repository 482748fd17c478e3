/**
 * report.html in a real browser: Debian's chromium, headless, driven by playwright-core, opens
 * the report of a quickstart run and of a sweep, both made here by the public in-process entry
 * (loadScenario, runExperiment, writeResults), and of synthetic results with awkward strategy
 * labels, from a file:// URL. Every chart must draw marks,
 * nothing may reach the console as an error or throw, nothing may be fetched but the file
 * itself; switching a strategy off must remove marks from every chart, and for the sweep,
 * choosing another point must redraw the distributions. scripts/ensure-chromium.sh installs
 * chromium when it is missing (as root); where it cannot, the tests are skipped and say why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runExperiment } from '../../sim/experiment/experiment.js';
import { REPORT_FILE, reportHtml } from '../../sim/report/html/report-html.js';
import { readResults } from '../../sim/report/read-results.js';
import { writeResults } from '../../sim/report/write-results.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { syntheticResults } from './synthetic-results.js';

const test = suite('report/browser');
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const executablePath = '/usr/bin/chromium';

/** Why the browser tests cannot run here (null: they can), in ensure-chromium.sh's words. */
function browserProblem(): string | null {
  const ensure = spawnSync('bash', [join(repo, 'scripts', 'ensure-chromium.sh')], { encoding: 'utf8' });
  if (ensure.status === 0 && existsSync(executablePath)) return null;
  // The script's verdict is its last line that is not an indented command to copy.
  const lines = `${ensure.stderr ?? ''}`.split('\n').filter((l) => l.trim() !== '' && !/^\s/.test(l));
  return lines[lines.length - 1] ?? `scripts/ensure-chromium.sh exited with ${ensure.status ?? ensure.signal}`;
}

const problem = browserProblem();
let root = '';
let browser: Browser | undefined;

/** What a page did that it must not: console errors, uncaught exceptions, requests for anything but a local file. */
interface Misdeeds { errors: string[]; requests: string[] }

/** Opens a results folder's report.html and waits until every chart is drawn (or the page says it failed). */
async function openReport(dir: string): Promise<{ page: Page; misdeeds: Misdeeds }> {
  const page = await browser!.newPage({ viewport: { width: 1240, height: 900 } });
  const misdeeds: Misdeeds = { errors: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') misdeeds.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (err) => misdeeds.errors.push(`page error: ${err.message}`));
  page.on('request', (request) => {
    if (!/^(file|data|blob|about):/.test(request.url())) misdeeds.requests.push(request.url());
  });
  // Nothing leaves the machine, even if the page asked: the request is recorded above and refused here.
  await page.route(/^(?!file:)/, (route) => route.abort());
  await page.goto(pathToFileURL(join(dir, REPORT_FILE)).href);
  await settled(page, misdeeds);
  return { page, misdeeds };
}

/** Waits for the page's data-state to leave "updating" (page-script.ts) and asserts it is "ready". */
async function settled(page: Page, misdeeds?: Misdeeds): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'failed', null, { timeout: 60_000 });
  const state = await page.evaluate(() => document.body.dataset.state);
  assert.is(state, 'ready', `the page drew its charts${misdeeds ? ` (${misdeeds.errors.join('; ').slice(0, 500)})` : ''}`);
}

interface ChartState { id: string; width: number; height: number; marks: number; svg: string }

/** Every chart container: its SVG's size, the number of drawn mark items (axes and legends are not marks) and its markup. */
function charts(page: Page): Promise<ChartState[]> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.chart')].map((chart) => {
    const svg = chart.querySelector('svg');
    const box = svg?.getBoundingClientRect();
    return {
      id: chart.id, width: box?.width ?? 0, height: box?.height ?? 0,
      marks: chart.querySelectorAll('g.role-mark > path').length, svg: svg?.outerHTML ?? '',
    };
  }));
}

/** Each expected chart is there, with a non-empty SVG and marks in it. */
async function assertDrawn(page: Page, expected: string[]): Promise<ChartState[]> {
  const drawn = await charts(page);
  assert.equal(drawn.map((c) => c.id), expected, 'the charts of the page');
  for (const chart of drawn) {
    assert.ok(chart.width > 0 && chart.height > 0, `${chart.id}: an SVG with a size (${chart.width}x${chart.height})`);
    assert.ok(chart.marks > 0, `${chart.id}: marks drawn`);
  }
  return drawn;
}

/** Switching a strategy off removes marks from every chart; switching it on again draws them all again. */
async function assertToggles(page: Page, strategy: string, before: ChartState[]): Promise<void> {
  // Found by its data, not by a selector the label would have to be escaped into.
  const names = await page.locator('input[data-strategy]').evaluateAll((boxes) => boxes.map((b) => (b as HTMLElement).dataset.strategy));
  assert.ok(names.includes(strategy), `a checkbox for ${strategy}`);
  const box = page.locator('input[data-strategy]').nth(names.indexOf(strategy));
  await box.setChecked(false);
  await settled(page);
  const hidden = await charts(page);
  hidden.forEach((chart, i) => assert.ok(chart.marks < before[i]!.marks, `${chart.id}: fewer marks with ${strategy} off (${chart.marks} vs ${before[i]!.marks})`));
  await box.setChecked(true);
  await settled(page);
  assert.equal((await charts(page)).map((c) => c.marks), before.map((c) => c.marks), 'every mark back with the strategy on');
}

/** Hovering the CDF shows a tooltip naming a strategy. */
async function assertTooltip(page: Page, strategies: readonly string[]): Promise<void> {
  await page.locator('#latency-cdf').scrollIntoViewIfNeeded();
  const frame = await page.locator('#latency-cdf svg path.background').first().boundingBox();
  assert.ok(frame !== null, 'the CDF has a plot area');
  await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
  await page.mouse.move(frame.x + frame.width / 2 + 2, frame.y + frame.height / 2 + 2);
  const tooltip = page.locator('#vg-tooltip-element.visible');
  await tooltip.waitFor({ timeout: 10_000 });
  const text = await tooltip.innerText();
  assert.ok(strategies.some((s) => text.includes(s)), `the tooltip names a strategy: ${text}`);
}

function assertWellBehaved(misdeeds: Misdeeds): void {
  assert.equal(misdeeds.errors, [], 'no console error or page error');
  assert.equal(misdeeds.requests, [], 'nothing requested from a network');
}

test.before(async () => {
  root = await mkdtemp(join(tmpdir(), 'parm-sim-browser-'));
  if (problem === null) browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
});
test.after(async () => {
  await browser?.close();
  await rm(root, { recursive: true, force: true });
});

if (problem !== null) {
  test(`report.html browser tests skipped: ${problem}`, () => {
    process.stdout.write(`\n  (report/browser: skipped: ${problem})\n`);
  });
} else {
  test('quickstart (shortened, with models): every chart drawn, strategies toggle, tooltips, offline', async () => {
    const dir = join(root, 'quickstart');
    const content = await runExperiment(loadScenario(join(repo, 'scenarios', 'quickstart.yaml'), { queries: 2000, set: ['warmup=500'] }));
    const written = await writeResults(dir, content);
    assert.ok(written.includes(join(dir, REPORT_FILE)), 'writeResults lists report.html');
    // Built from the folder's files, as `parm-sim plot` rebuilds it: the same files, the same page (no timestamps).
    const again = await readResults(dir);
    assert.ok(await readFile(join(dir, REPORT_FILE), 'utf8') === reportHtml(again.results, again.cdf), 'the same content gives the same page');

    const { page, misdeeds } = await openReport(dir);
    const before = await assertDrawn(page, ['latency-cdf', 'tail-ccdf', 'accuracy-p999']);
    await assertToggles(page, 'parm', before);
    await assertTooltip(page, ['none', 'equal-resources', 'parm', 'replication', 'hedged']);
    await page.screenshot({ path: join(root, 'quickstart.png'), fullPage: true });
    assert.ok((await stat(join(root, 'quickstart.png'))).size > 0, 'a screenshot');
    assertWellBehaved(misdeeds);
    await page.close();
  });

  test('a sweep (shortened): every chart drawn, the point picker redraws the distributions, strategies toggle', async () => {
    const dir = join(root, 'sweep');
    const scenario = loadScenario(join(repo, 'scenarios', 'quickstart.yaml'), { queries: 2000, set: ['warmup=500', 'seeds=2', 'arrivals.rate=[200/s,270/s]'], sweepFromSet: true });
    await writeResults(dir, await runExperiment(scenario));

    const { page, misdeeds } = await openReport(dir);
    const before = await assertDrawn(page, ['latency-cdf', 'tail-ccdf', 'sweep-p999', 'accuracy-p999']);
    const rowsAt = () => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('tr[data-sweep]')].filter((row) => !row.hidden).map((row) => row.dataset.sweep));
    assert.ok((await rowsAt()).every((sweep) => sweep === 'arrivals.rate=200/s'), 'the tables show the first point');

    await page.selectOption('#point', 'arrivals.rate=270/s');
    await settled(page);
    const picked = await assertDrawn(page, ['latency-cdf', 'tail-ccdf', 'sweep-p999', 'accuracy-p999']);
    for (const id of ['latency-cdf', 'tail-ccdf', 'accuracy-p999']) {
      assert.not.equal(picked.find((c) => c.id === id)!.svg, before.find((c) => c.id === id)!.svg, `${id} redrawn for the other point`);
    }
    const rows = await rowsAt();
    assert.ok(rows.length > 0 && rows.every((sweep) => sweep === 'arrivals.rate=270/s'), 'the tables show the chosen point');

    await assertToggles(page, 'hedged', picked);
    await page.screenshot({ path: join(root, 'sweep.png'), fullPage: true });
    assert.ok((await stat(join(root, 'sweep.png'))).size > 0, 'a screenshot');
    assertWellBehaved(misdeeds);
    await page.close();
  });

  test('labels that are markup, quotes or names of every object: drawn, escaped, toggled', async () => {
    const dir = join(root, 'labels');
    const labels = ['</script><b>bold', 'say "hi" & \'bye\'', 'constructor'];
    await writeResults(dir, syntheticResults({ withAccuracy: true, labels, withQueries: false }));
    const { page, misdeeds } = await openReport(dir);
    const before = await assertDrawn(page, ['latency-cdf', 'tail-ccdf', 'sweep-p999', 'accuracy-p999']);
    assert.is(await page.locator('b').count(), 0, 'no label became markup');
    for (const label of labels) await assertToggles(page, label, before);
    assertWellBehaved(misdeeds);
    await page.close();
  });
}

test.run();
