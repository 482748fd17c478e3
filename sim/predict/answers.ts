/**
 * What the predict phase needs to know about a run, and nothing about its timing: which sample
 * each query carried and where its answer came from. Built by the run pipeline from Outcomes.
 */
import type { EncoderName } from './encoders/index.js';

export const Source = { none: 0, deployed: 1, reconstructed: 2, backup: 3, default: 4 } as const;
export type SourceCode = (typeof Source)[keyof typeof Source];

export interface AnswerSheet {
  /** Data-set (test split) sample index per query. */
  sample: Int32Array;
  /** Where each query's answer came from (Source codes); `none` = never answered (counts as wrong). */
  source: Uint8Array;
  /** The parity configuration that produced reconstructions (required if any query is reconstructed). */
  parity?: {
    k: number;
    encoder: EncoderName;
    /**
     * For the r-th reconstructed query (in query order): members[r*k .. r*k+k-1] are the sample
     * indices that were encoded together into its parity query, in group order, -1 for an empty
     * slot (partial group or shorter batch: encoded as a blank image, not subtracted when decoding).
     */
    members: Int32Array;
    /** For the r-th reconstructed query: its slot (0..k-1) among members. */
    position: Uint8Array;
  };
  /** The Berrut code that produced reconstructions, when a berrut strategy did. */
  berrut?: BerrutSheet;
  /** Collage answers: the k queries of each collage, and each answered query's tile. */
  collage?: DecodeSheet;
  /** ParM's decodes with r > 1 parity models: which parity outputs decoded which members. */
  parities?: DecodeSheet & { encoder: EncoderName; r: number };
}

/**
 * Decodes as they happened, for codes whose decode depends on which answers it read: each
 * decode d reconstructed one slot of a group — the queries members[d*k .. d*k+k-1] (-1 for an
 * empty slot: a blank query) — from the answers `answers[d]` names (bit j: original j; bit
 * k + i: coded or parity answer i).
 */
export interface DecodeSheet {
  k: number;
  members: Int32Array;
  answers: Uint32Array;
  /** For the r-th reconstructed query (in query order): its decode, and its slot among that decode's members. */
  decode: Int32Array;
  position: Uint8Array;
}

/** Berrut's decodes, with where each coded query sits (sim/predict/berrut.ts, berrutPoints). */
export interface BerrutSheet extends DecodeSheet {
  points: Float64Array;
}

/** Per-query prediction and the accuracy figures built from it. */
export interface ScoredAnswers {
  /** Predicted class per query, -1 where the query was never answered. */
  predicted: Int16Array;
  /** True label per query. */
  label: Uint8Array;
  overall: number;
  /** Accuracy by source (null when no query had that source). */
  bySource: { deployed: number | null; reconstructed: number | null; backup: number | null; default: number | null };
  fractionReconstructed: number;
}

/** The sample each query of a decode sheet carried: its decode's member at its position (-1: an empty slot). */
export function sheetSample(sheet: DecodeSheet, r: number): number {
  return sheet.members[sheet.decode[r]! * sheet.k + sheet.position[r]!]!;
}

/** Per query, the class its decode gave its position, from the classes of every decode's members (decode-major). */
export function classesPerQuery(sheet: DecodeSheet, memberClasses: Uint8Array): Uint8Array {
  const out = new Uint8Array(sheet.decode.length);
  for (let r = 0; r < out.length; r++) out[r] = memberClasses[sheet.decode[r]! * sheet.k + sheet.position[r]!]!;
  return out;
}
