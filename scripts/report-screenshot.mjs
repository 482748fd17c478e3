#!/usr/bin/env node
// Saves docs/report.png, the README's picture of report.html: results/quickstart/report.html
// opened in Debian's chromium (headless, through playwright-core; scripts/ensure-chromium.sh
// installs it), 1200 px wide, the whole page. Regenerate after `npm start` or
// `parm-sim plot results/quickstart`:
//   node scripts/report-screenshot.mjs [results-folder] [out.png]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const repo = dirname(dirname(fileURLToPath(import.meta.url)));
const folder = resolve(process.argv[2] ?? join(repo, 'results', 'quickstart'));
const out = resolve(process.argv[3] ?? join(repo, 'docs', 'report.png'));
const report = join(folder, 'report.html');
if (!existsSync(report)) {
  console.error(`${report}: no such file; run \`parm-sim plot ${folder}\` first`);
  process.exit(2);
}
const ensure = spawnSync('bash', [join(repo, 'scripts', 'ensure-chromium.sh')], { stdio: 'inherit' });
if (ensure.status !== 0) process.exit(1);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, deviceScaleFactor: 1 });
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (err) => errors.push(err.message));
  // The page needs nothing but itself; refuse anything else rather than wait on a network.
  await page.route(/^(?!file:)/, (route) => route.abort());
  await page.goto(pathToFileURL(report).href);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'failed');
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state !== 'ready' || errors.length > 0) throw new Error(`report.html did not draw: ${errors.join('; ') || state}`);
  await page.screenshot({ path: out, fullPage: true });
  console.log(out);
} finally {
  await browser.close();
}
