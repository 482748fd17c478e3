import type { Recoveries } from './tcp-recovery.js';

/** How a query was answered. Numeric codes so that outcomes live in a Uint8Array. */
export const Answer = {
  unanswered: 0,
  original: 1,
  replica: 2,
  reconstructed: 3,
  backup: 4,
  default: 5,
  /** Its only copy was lost to a failure and no deadline was set: it never got an answer. */
  lost: 6,
  /** Still queued or in service when the drain limit passed: the cluster never caught up with it. */
  unfinished: 7,
} as const;
export type AnswerCode = (typeof Answer)[keyof typeof Answer];
export const answerNames = ['unanswered', 'original', 'replica', 'reconstructed', 'backup', 'default', 'lost', 'unfinished'] as const;
export type AnswerName = (typeof answerNames)[number];

/** Roles an instance can serve in; busy time is accounted per role. */
export const Role = { data: 0, parity: 1, replica: 2, backup: 3 } as const;
export type RoleCode = (typeof Role)[keyof typeof Role];
export const roleNames = ['data', 'parity', 'replica', 'backup'] as const;

/**
 * One row per query (warm-up included; `warmup` says how many lead), as a structure of arrays.
 * Batches and coding groups are described so that the predict phase can rebuild exactly what
 * was encoded: batch b holds queries batchStart[b] .. batchStart[b] + batchSize[b] - 1, and
 * group g holds batches groupStart[g] .. groupStart[g] + groupSize[g] - 1 (batches of a group are
 * consecutive in dispatch order).
 */
export interface Outcomes {
  count: number;
  warmup: number;
  arrival: Float64Array;
  /** Answer time minus arrival (ms); Infinity for lost queries. */
  latency: Float64Array;
  answer: Uint8Array;
  /** Host that produced the answer (-1 for default/lost/reconstructed). */
  host: Int16Array;
  sample: Int32Array;
  payload: Float64Array;
  batch: Int32Array;
  batchCount: number;
  batchStart: Int32Array;
  batchSize: Int32Array;
  /** Coding group of each batch, -1 where the strategy does not code. */
  batchGroup: Int32Array;
  groupCount: number;
  groupStart: Int32Array;
  groupSize: Int32Array;
  /** Per group, the answers its decode read (Serving.noteDecode: a bit mask); only for strategies that note them. */
  groupDecodedFrom?: Uint32Array;
  /** Busy time (ms) per role, indexed by Role. */
  busy: Float64Array;
  /** Hosts provisioned per role, indexed by Role. */
  hosts: Int32Array;
  /** Simulated time at which the run ended (ms). */
  endTime: number;
  /** Events the engine processed. */
  events: number;
  /** For checking invariants: the task that answered each query (-1 for none) and every task's final state (TaskState). */
  answerTask: Int32Array;
  taskState: Uint8Array;
  /** When recorded: (time, host, speed, up) for every change of a host's condition. */
  timeline: number[] | null;
  /** When recorded: (slot, src, dst, start, end) for every shuffle leg, its hosts and its span (ms); end NaN for a leg still running at the end. */
  shuffleLegs: number[] | null;
  /** With the switch-port model: how TCP recovered the query messages the ports dropped, by sending side (tcp-recovery.ts). */
  recoveries?: Recoveries;
  /** Per pool: its hosts and how long (ms) they were held by tasks (serving, or reserved for a request on its way). */
  pools?: PoolUsage[];
  /** Work in the cluster sampled at evenly spaced arrivals across the measured queries: what shows a backlog that keeps growing. */
  backlog?: BacklogSamples;
}

export interface PoolUsage {
  name: string;
  instances: number;
  held: number;
}

export interface BacklogSamples {
  /** Tasks queued, on their way to an instance, or in service, at each sample. */
  tasks: Float64Array;
  /** Tasks created so far, at each sample. */
  created: Float64Array;
}
