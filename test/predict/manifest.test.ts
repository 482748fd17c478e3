import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../../sim/errors.js';
import { parseManifest } from '../../sim/predict/manifest.js';

const test = suite('predict/manifest');

/** Tests run from the repository root (as `npm test` does). */
const file = 'models/fashion-mnist-cnn/manifest.json';
const committed = (): { models: Record<string, unknown>[] } & Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8'));

function message(raw: unknown): string {
  try {
    parseManifest(raw, file);
  } catch (err) {
    assert.instance(err, InputError);
    return (err as Error).message;
  }
  assert.unreachable('expected an InputError');
  return '';
}

test('the committed manifest reads; keys the reader has no use for pass unread', () => {
  const manifest = parseManifest({ ...committed(), added_later: { any: 'thing' } }, file);
  assert.is(manifest.models.filter((m) => m.role === 'deployed').length, 1);
  assert.ok(manifest.models.some((m) => m.role === 'parity' && m.k === 2 && m.encoder === 'addition'));
});

test('a collage classifier entry reads with its encoder, k and tile accuracy; its encoder is checked', () => {
  const collage = { id: 'collage-test', role: 'collage', file: 'collage-test.onnx', sha256: 'x', architecture: 'a', encoder: 'concatenation', k: 4, figures: { tile_accuracy: 0.8 } };
  const m = committed();
  m.models.push(collage);
  const entry = parseManifest(m, file).models.find((e) => e.id === 'collage-test')!;
  assert.equal([entry.encoder, entry.k, entry.figures.tileAccuracy, entry.figures.degradedAccuracy], ['concatenation', 4, 0.8, null]);
  const bad = committed();
  bad.models.push({ ...collage, encoder: 'tiles' });
  assert.match(message(bad), new RegExp(`models\\[${bad.models.length - 1}\\]\\.encoder: expected one of addition, concatenation, weighted, found "tiles"`));
});

test('a bad field is named with its path, what was expected and what was found', () => {
  const parityWithout = (key: string) => {
    const m = committed();
    const i = m.models.findIndex((e) => e.role === 'parity');
    delete m.models[i]![key];
    return { m, i };
  };
  const noK = parityWithout('k');
  assert.match(message(noK.m), new RegExp(`manifest\\.json: models\\[${noK.i}\\]\\.k: expected an integer from 2 to 16, found nothing`));
  const noEncoder = parityWithout('encoder');
  assert.match(message(noEncoder.m), new RegExp(`models\\[${noEncoder.i}\\]\\.encoder: expected one of addition, concatenation, weighted, found nothing`));
  assert.match(message({ ...committed(), default_class: 10 }), /default_class: expected an integer from 0 to 9, found 10/);
  assert.match(message({ ...committed(), models: committed().models.filter((e) => e.role !== 'deployed') }), /models: expected exactly one model with role "deployed", found 0/);
  assert.match(message({ ...committed(), name: '' }), /name: expected a non-empty text, found ""/);
});

test.run();
