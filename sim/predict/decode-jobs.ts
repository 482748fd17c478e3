/**
 * The decoders, run where the sessions live (ort-session.ts): one job describes a run's
 * reconstructions (which decoder, the sessions it uses by id, and its sheet), and runDecodeJob
 * makes them with the context. In the inference thread a whole run's reconstructions are then one
 * request, encoded, run and decoded there, while the calling thread goes on (simulating the next
 * run, say).
 */
import type { BerrutSheet, DecodeSheet } from './answers.js';
import type { EncoderName } from './encoders/index.js';
import { berrutClasses } from './decode-berrut.js';
import { collageClasses } from './decode-collage.js';
import type { DecodeContext } from './decode-context.js';
import { paritiesClasses } from './decode-parities.js';
import { parmClasses, type ReconstructionRequest } from './decode-parm.js';

export type { DecodeContext } from './decode-context.js';
export { ShapeMismatch } from './decode-context.js';
export type { ReconstructionRequest } from './decode-parm.js';

/** A run's reconstructions, by decoder; models are session ids. */
export type DecodeJob =
  | { kind: 'parm'; parity: number; request: ReconstructionRequest }
  | { kind: 'parities'; encoders: readonly EncoderName[]; parities: readonly number[]; sheet: DecodeSheet }
  | { kind: 'berrut'; deployed: number; sheet: BerrutSheet }
  | { kind: 'collage'; classifier: number; encoder: EncoderName; sheet: DecodeSheet };

/** The predicted class of each reconstructed query of the job (in its sheet's order). */
export function runDecodeJob(job: DecodeJob, context: DecodeContext): Promise<Uint8Array> {
  switch (job.kind) {
    case 'parm': return parmClasses(job.request, job.parity, context);
    case 'parities': return paritiesClasses(job.sheet, job.encoders, job.parities, context);
    case 'berrut': return berrutClasses(job.sheet, job.deployed, context);
    case 'collage': return collageClasses(job.sheet, job.classifier, job.encoder, context);
  }
}
