/** The pipeline's fixture file (models/fixtures/encoders.json), typed for the tests. */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

export interface PipelineFixtures {
  lcg: { permutation_10_seed_1: number[]; groups_seed_2019_k3_first: number[][]; permutation_10000_seed_2019_sha256: string };
  unit: { samples: number[]; sha256: string; probes: [number, number][] };
  encoders: { encoder: string; k: number; groups: number[][]; sha256: string; probes: [number, number][] }[];
  decoder: { parity: number[]; members: number[][]; position: number; present: boolean[]; weights?: number[]; expected: number[] }[];
  parity_outputs: { set: string; id: string; groups: number[][]; logits: number[][] }[];
}

export const fixtures = JSON.parse(readFileSync('models/fixtures/encoders.json', 'utf8')) as PipelineFixtures;

/** sha256 of the little-endian bytes of a typed array (x86 and ARM Node are little-endian). */
export function sha256Of(values: Float32Array | Int32Array): string {
  return createHash('sha256').update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)).digest('hex');
}
