import { readdirSync, readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenario } from '../../sim/scenario/load.js';
import { inputError, repoRoot } from './helpers.js';

/**
 * Every file in scenarios/invalid/ must be rejected with one InputError whose message names
 * the file and contains the text of its first line, `# expect: <text>`.
 */
const test = suite('scenario/invalid');
const folder = `${repoRoot}scenarios/invalid/`;
const files = readdirSync(folder).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

test('there are rejected examples to check', () => {
  assert.ok(files.length >= 20, `only ${files.length} files in ${folder}`);
});

for (const name of files) {
  test(name, () => {
    const firstLine = readFileSync(`${folder}${name}`, 'utf8').split('\n')[0] ?? '';
    const expected = /^# expect: (.+)$/.exec(firstLine)?.[1];
    assert.ok(expected, `${name} must start with "# expect: <part of the message>"`);
    const err = inputError(() => loadScenario(`${folder}${name}`));
    assert.ok(err.message.includes(name), `the message does not name ${name}: ${err.message}`);
    assert.ok(err.message.includes(expected), `\n  expected to contain: ${expected}\n  message:             ${err.message}`);
  });
}

test.run();
