/**
 * Default strategy labels. An unlabelled strategy whose kind no other unlabelled strategy
 * shares is labelled with the kind. Where several share it, the labels add, in the order the
 * format lists them, the parameters needed to tell those strategies apart, each only where the
 * strategy wrote it: parm-k2, parm-k3, parm-k2-concatenation. Labels must end up unique:
 * reports and claims refer to strategies by label.
 */
import { InputError } from '../errors.js';
import { isRecord } from '../input/core.js';

export interface LabelInput {
  kind: string;
  /** The label the user gave, if any. */
  label: string | undefined;
  /** The item as written (a kind name or an object). */
  raw: unknown;
  /** Parameters after defaults, to tell which ones differ within a kind. */
  params: Record<string, unknown>;
}

export function assignLabels(items: readonly LabelInput[], file: string): string[] {
  const defaults = defaultLabels(items);
  const labels = items.map((item) => item.label ?? defaults.get(item)!);
  const firstWith = new Map<string, number>();
  labels.forEach((label, i) => {
    const first = firstWith.get(label);
    if (first === undefined) {
      firstWith.set(label, i);
      return;
    }
    const given = items[i]!.label !== undefined;
    throw new InputError(
      file,
      given ? `strategies[${i}].label` : `strategies[${i}]`,
      'a label no other strategy has',
      `"${label}", the label of strategies[${first}] too`,
      given ? undefined : 'add `label: …` to tell them apart',
    );
  });
  return labels;
}

function defaultLabels(items: readonly LabelInput[]): Map<LabelInput, string> {
  const labels = new Map<LabelInput, string>();
  const unlabelled = items.filter((item) => item.label === undefined);
  for (const kind of new Set(unlabelled.map((item) => item.kind))) {
    const same = unlabelled.filter((item) => item.kind === kind);
    const keys = distinguishingKeys(same);
    for (const item of same) {
      const written = isRecord(item.raw) ? item.raw : {};
      const parts = [kind, ...keys.filter((key) => key in written).map((key) => fragment(key, written[key]))];
      labels.set(item, parts.join('-'));
    }
  }
  return labels;
}

/** The fewest parameters, taken in order, that split `items` into as many groups as they can be. */
function distinguishingKeys(items: readonly LabelInput[]): string[] {
  const candidates = Object.keys(items[0]?.params ?? {}).filter((key) => key !== 'kind' && key !== 'label');
  const groups = (keys: readonly string[]) => new Set(items.map((item) => JSON.stringify(keys.map((key) => item.params[key])))).size;
  const most = groups(candidates);
  const chosen: string[] = [];
  for (const key of candidates) {
    if (groups(chosen) === most) break;
    if (groups([...chosen, key]) > groups(chosen)) chosen.push(key);
  }
  return chosen;
}

/** k: 2 → k2; encoder: concatenation → concatenation; after: 5ms → after5ms; a distribution → its key. */
function fragment(key: string, written: unknown): string {
  let text: string;
  if (typeof written === 'number') text = `${key}${written}`;
  else if (typeof written === 'string') text = /^[A-Za-z]/.test(written) ? written : `${key}${written}`;
  else text = key;
  return text.replace(/[µμ]/g, 'u').replace(/[^A-Za-z0-9._-]/g, '_');
}
