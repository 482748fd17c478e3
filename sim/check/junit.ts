import { FAILING } from './compare.js';
import type { CheckReport } from './check.js';
import { describeClaim, explain } from './format.js';
import { metricLabels } from './metrics.js';
import { sweepLabel } from '../metrics/sweep-label.js';

/**
 * JUnit XML for CI job pages (GitHub, GitLab, Jenkins all read it): one test suite per
 * scenario, one test case per strategy × sweep point × metric and one per expect claim.
 * Regressions, missing metrics and failed claims are failures; metrics not yet in the baseline
 * are skipped. No timings: the file says what was checked, not how long the machine took.
 */
export function renderJUnit(report: CheckReport): string {
  const totals = { tests: 0, failures: 0, skipped: 0 };
  const suites = report.scenarios.map((s) => {
    const cases: TestCase[] = [];
    for (const c of s.comparisons) {
      const name = `${metricLabels[c.metric]}${c.point === '-' ? '' : ` at ${c.point}`}`;
      const message = explain(c);
      if (!report.update && (FAILING.includes(c.verdict))) cases.push({ classname: `${s.name}.${c.strategy}`, name, failure: { message, type: c.verdict } });
      else if (c.verdict === 'new') cases.push({ classname: `${s.name}.${c.strategy}`, name, skipped: message });
      else cases.push({ classname: `${s.name}.${c.strategy}`, name, out: message });
    }
    for (const claim of s.claims) {
      // Named by the claim alone, not its numbers, so a CI page can follow the test from build to build.
      const at = sweepLabel(claim.sweep);
      const name = `${claim.claim}${at ? ` at ${at}` : ''}`;
      const message = describeClaim(claim);
      cases.push(claim.holds ? { classname: `${s.name}.expect`, name, out: message } : { classname: `${s.name}.expect`, name, failure: { message: `expect claim fails: ${message}`, type: 'expect' } });
    }
    const failures = cases.filter((c) => c.failure).length, skipped = cases.filter((c) => c.skipped !== undefined).length;
    totals.tests += cases.length;
    totals.failures += failures;
    totals.skipped += skipped;
    return `  <testsuite name="${xml(s.name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">\n${cases.map(testcase).join('')}  </testsuite>\n`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="parm-sim check" tests="${totals.tests}" failures="${totals.failures}" errors="0" skipped="${totals.skipped}">\n${suites.join('')}</testsuites>\n`;
}

interface TestCase { classname: string; name: string; failure?: { message: string; type: string }; skipped?: string; out?: string }

function testcase(c: TestCase): string {
  const open = `    <testcase classname="${xml(c.classname)}" name="${xml(c.name)}"`;
  const body = c.failure
    ? `<failure message="${xml(c.failure.message)}" type="${xml(c.failure.type)}"/>`
    : c.skipped !== undefined
      ? `<skipped message="${xml(c.skipped)}"/>`
      : c.out !== undefined
        ? `<system-out>${xml(c.out)}</system-out>`
        : '';
  return body ? `${open}>${body}</testcase>\n` : `${open}/>\n`;
}

/** Escapes text for an XML attribute or element; drops characters XML 1.0 cannot carry. */
export function xml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;');
}
