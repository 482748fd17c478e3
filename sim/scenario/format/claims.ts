/**
 * An `expect:` entry: a claim as text, or a one-key mapping from a claim mode to the claim text,
 * which reads naturally in YAML:
 *
 *   expect:
 *     - parm.p999 < equal-resources.p999                # on the means across seeds
 *     - every-seed: parm.p999 < equal-resources.p999    # at each seed on its own
 *     - ci95: parm.p999 < equal-resources.p999          # the sides' 95% bootstrap intervals apart
 *
 * Both forms become the claim's text, the mapping as `mode: claim` (the same text a quoted YAML
 * string or a JSON file can give directly), so a claim reads the same in summary.json whichever
 * way it was written. The claim itself (references, labels, metrics) is checked against the
 * strategies by sim/scenario/claims.ts when the scenario is loaded.
 */
import { InputError } from '../../errors.js';
import { claimModes } from '../../metrics/types.js';
import { suggest } from '../../input/suggest.js';
import { childPath, fail, isRecord, Node, type JsonSchema, type ParseContext } from '../../input/core.js';

const CLAIM_TEXT = 'a claim such as "parm.p999 < 0.6 * equal-resources.p999"';
const MODE_HELP: Record<(typeof claimModes)[number], string> = {
  mean: 'The claim on the means across seeds (the same as the claim written alone).',
  'every-seed': 'The claim at each seed on its own: it holds when it holds at every seed.',
  ci95: "The claim on the sides' 95% percentile-bootstrap intervals across seeds: for < and <=, the left side's upper bound below the right side's lower bound (for > and >=, the other way round).",
};

export class ClaimNode extends Node<string> {
  get expected(): string {
    return `${CLAIM_TEXT}, or a mode (${claimModes.join(', ')}) mapped to one`;
  }
  parse(value: unknown, path: string, ctx: ParseContext): string {
    if (typeof value === 'string') return value;
    if (!isRecord(value)) fail(ctx, path, this.expected, value);
    const keys = Object.keys(value);
    const unknown = keys.find((k) => !(claimModes as readonly string[]).includes(k));
    if (unknown !== undefined) {
      const near = suggest(unknown, [...claimModes]);
      throw new InputError(ctx.file, childPath(path, unknown), `a claim mode (${claimModes.join(', ')})`, `unknown key "${unknown}"`, near && `did you mean \`${near}\`?`);
    }
    if (keys.length !== 1) {
      throw new InputError(ctx.file, path, `one claim mode (${claimModes.join(', ')}) mapped to one claim`, `${keys.length} keys (${keys.join(', ') || 'none'})`, keys.length > 1 ? 'write each claim as its own list item' : undefined);
    }
    const mode = keys[0]!;
    const text = value[mode];
    if (typeof text !== 'string') fail(ctx, childPath(path, mode), CLAIM_TEXT, text);
    return `${mode}: ${text}`;
  }
  toSchema(): JsonSchema {
    const text: JsonSchema = { type: 'string' };
    return {
      anyOf: [
        text,
        {
          type: 'object',
          properties: Object.fromEntries(claimModes.map((m) => [m, { ...text, description: MODE_HELP[m] }])),
          additionalProperties: false,
          minProperties: 1,
          maxProperties: 1,
        },
      ],
    };
  }
}

export function claim(): ClaimNode {
  return new ClaimNode();
}
