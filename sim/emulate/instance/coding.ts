/**
 * What one instance process serves: its model, and for a coded instance how it builds that
 * model's input from a group task's samples. The frontend sends sample indices only; the
 * instance encodes from its own copy of the test split exactly as the predict phase does when
 * it scores the run (sim/experiment/answer-sheet.ts lays out the members slot by slot,
 * sim/predict/*.ts encodes them), so its outputs are the ones the run is scored on.
 */
import { berrutEncoder, berrutPoints, encodeBerrutQuery } from '../../predict/berrut.js';
import { encoderFor, type EncoderName } from '../../predict/encoders/index.js';
import type { EncoderWireName } from './protocol.js';

export type InstanceCoding =
  /** Data and replica instances: the deployed model; backup instances: the backup model; on each batch's own images. */
  | { kind: 'plain' }
  /** ParM's parity instances: a parity model per encoder (r = 2: the scenario's and the weighted), each on its own encoding of the group. */
  | { kind: 'parity'; k: number; encoders: EncoderName[] }
  /** Berrut's coded instances (ApproxIFER): the deployed model on coded query i of the group, Berrut's interpolation of its members. */
  | { kind: 'berrut'; k: number; stragglers: number; systematic: boolean }
  /** Collage instances: the collage classifier for k on the group's concatenation encoding, 10 logits per tile. */
  | { kind: 'collage'; k: number };

/**
 * One slot of a group task encoded into one model input: the group's members for this slot are
 * members[at .. at + k) (-1: an empty slot, a blank image); `coded` is the task's coded query
 * (berrut) or 0. Writes 784 floats at out[outAt ..].
 */
export type SlotEncoder = (images: Uint8Array, members: Int32Array, at: number, coded: number, out: Float32Array, outAt: number) => void;

/** A parity encoder (addition, concatenation, weighted) as a slot encoder. */
export function paritySlotEncoder(name: EncoderName, k: number): SlotEncoder {
  const encoder = encoderFor(name);
  return (images, members, at, _coded, out, outAt) => encoder.encode(images, members, at, k, out, outAt);
}

/**
 * Berrut's encoder (sim/predict/berrut.ts) as a slot encoder: coded query i is row i of the
 * encoder, encodeBerrutQuery, as the predict phase builds it, so the deployed model sees the same bits.
 * Returns the encoder and the number of coded queries a group has (the rows of E).
 */
export function berrutSlotEncoder(k: number, stragglers: number, systematic: boolean): { encode: SlotEncoder; codedQueries: number } {
  const matrix = berrutEncoder(k, berrutPoints(k, stragglers, systematic));
  const encode: SlotEncoder = (images, members, at, coded, out, outAt) => encodeBerrutQuery(images, matrix, k, coded, members, at, out, outAt);
  return { encode, codedQueries: matrix.length / k };
}

/** The instance's command-line arguments for a coding (parsed back by main.ts). */
export function codingArgs(coding: InstanceCoding): string[] {
  switch (coding.kind) {
    case 'plain':
      return [];
    case 'parity':
      return ['--k', String(coding.k), '--encoder', coding.encoders.join(',')];
    case 'berrut':
      return ['--k', String(coding.k), '--encoder', 'berrut', '--stragglers', String(coding.stragglers), ...(coding.systematic ? ['--systematic'] : [])];
    case 'collage':
      return ['--k', String(coding.k), '--encoder', 'collage'];
  }
}

/** The encoder codes a coding's instance accepts on a TASK ('none': plain batch tasks). */
export function wireEncoders(coding: InstanceCoding): EncoderWireName[] {
  switch (coding.kind) {
    case 'plain':
      return ['none'];
    case 'parity':
      return coding.encoders;
    case 'berrut':
      return ['berrut'];
    case 'collage':
      return ['collage'];
  }
}
