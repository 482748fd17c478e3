/**
 * Berrut rational interpolation, the code of ApproxIFER (Soleymani, Ali, Mahdavifar, Avestimehr,
 * AAAI 2022): K queries are placed at the Chebyshev points of the first kind α_0 … α_{K-1}, the
 * rational interpolant u(z) through them is evaluated at N Chebyshev points of the second kind
 * β_0 … β_{N-1}, and the deployed model itself answers the N coded queries u(β_i). From whichever
 * answers are back, the interpolant r(z) through them is evaluated at each α_j: r(α_j) ≈ f(X_j).
 *
 * Berrut's interpolant through nodes x_0 < … < x_{m-1} (or >) with values y_i is
 *   r(z) = Σ_i (-1)^i y_i / (z − x_i)  /  Σ_i (-1)^i / (z − x_i),
 * with no poles on the real line for any number and placement of the nodes, which is why any
 * subset of the answers decodes. It reproduces its nodes exactly (and constants), nothing more:
 * away from the nodes an answer is an approximation, even when no query straggles. Everything
 * here is a linear map with weights that sum to 1; the model's nonlinearity is what the
 * approximation loses.
 */
import { writeUnitImage } from './unit-pixels.js';

/** Chebyshev points of the first kind on [−1, 1], in decreasing order: where the K originals sit. */
export function chebyshevFirst(k: number): Float64Array {
  return Float64Array.from({ length: k }, (_, j) => Math.cos(((2 * j + 1) * Math.PI) / (2 * k)));
}

/** Chebyshev points of the second kind on [−1, 1], in decreasing order: where the N coded queries sit. */
export function chebyshevSecond(n: number): Float64Array {
  if (n === 1) return Float64Array.of(0);
  return Float64Array.from({ length: n }, (_, i) => Math.cos((i * Math.PI) / (n - 1)));
}

/**
 * Berrut's weights of the interpolant at z over `nodes` (given in monotone order): r(z) =
 * Σ_i w_i y_i with Σ_i w_i = 1. At a node, the weight is 1 there and 0 elsewhere (the formula's
 * limit), so a value that is back exactly is returned exactly.
 */
export function berrutWeights(nodes: ArrayLike<number>, z: number, out: Float64Array = new Float64Array(nodes.length)): Float64Array {
  const m = nodes.length;
  for (let i = 0; i < m; i++) {
    if (samePoint(z, nodes[i]!)) {
      out.fill(0, 0, m);
      out[i] = 1;
      return out;
    }
  }
  let total = 0;
  for (let i = 0; i < m; i++) {
    const w = (i % 2 === 0 ? 1 : -1) / (z - nodes[i]!);
    out[i] = w;
    total += w;
  }
  for (let i = 0; i < m; i++) out[i]! /= total;
  return out;
}

/**
 * The encoder as a matrix, one row of K weights per point β_i: coded query i = Σ_j E[i·K + j] X_j,
 * that is u(β_i) with u the interpolant through (α_j, X_j). Rows sum to 1; weights can be
 * negative, so coded images leave the pixels' [0, 1] range (the model takes floats).
 */
export function berrutEncoder(k: number, beta: Float64Array): Float64Array {
  const alpha = chebyshevFirst(k);
  const n = beta.length;
  const matrix = new Float64Array(n * k);
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) matrix.set(berrutWeights(alpha, beta[i]!, row), i * k);
  return matrix;
}

/** One answer the decoder may use: where it sits on the line and which output it is. */
export interface BerrutNode {
  /** Its point: β_i for coded query i; α_j for original j (the systematic variant). */
  at: number;
  /** Its index among the outputs handed to decodeBerrut. */
  output: number;
}

/**
 * The decoder: the K estimates r(α_j) from the answers that are back (`nodes`, any order, at
 * least one), each a Berrut combination of the outputs (`outputs[node.output * width ...]`,
 * `width` values each: a model's logits). Writes K × width values into `out`. An original that
 * is back (a node at α_j) is returned exactly.
 */
export function decodeBerrut(k: number, nodes: readonly BerrutNode[], outputs: Float32Array, width: number, out: Float32Array = new Float32Array(k * width)): Float32Array {
  if (nodes.length === 0) throw new Error('decodeBerrut: no answers to decode from');
  // Berrut's signs alternate along the line: the nodes in order of position. Two answers at one
  // point (an original and the coded query that equals it, where α_j = β_i) are one node: kept
  // twice, their alternating signs would cancel them.
  const ordered = [...nodes].sort((a, b) => b.at - a.at).filter((node, i, all) => i === 0 || !samePoint(node.at, all[i - 1]!.at));
  const points = ordered.map((node) => node.at);
  const weights = new Float64Array(ordered.length);
  const alpha = chebyshevFirst(k);
  for (let j = 0; j < k; j++) {
    berrutWeights(points, alpha[j]!, weights);
    for (let c = 0; c < width; c++) {
      let sum = 0;
      for (let i = 0; i < ordered.length; i++) sum += weights[i]! * outputs[ordered[i]!.output * width + c]!;
      out[j * width + c] = sum;
    }
  }
  return out;
}

/** Points closer than rounding: cos of two spellings of one angle may differ in the last bit. */
function samePoint(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-12;
}

/**
 * Where a group's coded queries sit, in the strategy's numbering (coded answer i at points[i]).
 * Non-systematic: the k + stragglers Chebyshev points of the second kind, ApproxIFER's choice.
 * Systematic: `stragglers` points beside the originals' α_j, so none may fall on an α_j (a coded
 * query there would only repeat its original): of the second-kind points for k + stragglers, the
 * ones farthest from every α_j, in decreasing order.
 */
export function berrutPoints(k: number, stragglers: number, systematic: boolean): Float64Array {
  const candidates = chebyshevSecond(k + stragglers);
  if (!systematic) return candidates;
  const alpha = chebyshevFirst(k);
  const distance = (x: number) => Math.min(...Array.from(alpha, (a) => Math.abs(a - x)));
  const chosen = Array.from(candidates.keys()).sort((a, b) => distance(candidates[b]!) - distance(candidates[a]!) || a - b).slice(0, stragglers);
  return Float64Array.from(chosen.sort((a, b) => a - b), (i) => candidates[i]!);
}

/** One image's [0, 1] pixels, reused by encodeBerrutQuery (a thread runs one encode at a time). */
const memberPixels = new Float32Array(784);

/**
 * Coded query `row` of a group (the encoder's row): Σ_j E[row·k + j] X_j, with X_j member j's
 * [0, 1] pixels (members[at + j], -1 for an empty slot, which adds nothing; so does a zero
 * weight), accumulated member by member into float32 at out[outAt ..]. The one encoding of
 * Berrut's coded queries: the predict phase scores with it and emulated instances serve it.
 */
export function encodeBerrutQuery(images: Uint8Array, encoder: Float64Array, k: number, row: number, members: ArrayLike<number>, at: number, out: Float32Array, outAt: number): void {
  out.fill(0, outAt, outAt + 784);
  for (let j = 0; j < k; j++) {
    const sample = members[at + j]!, w = encoder[row * k + j]!;
    if (sample < 0 || w === 0) continue;
    writeUnitImage(images, sample, memberPixels, 0);
    for (let p = 0; p < 784; p++) out[outAt + p]! += w * memberPixels[p]!;
  }
}
