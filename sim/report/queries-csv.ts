import type { FileHandle } from 'node:fs/promises';
import { answerNames, type Outcomes } from '../cluster/outcomes.js';
import { CSV_CHUNK_ROWS, csvText, type Cell } from './csv-format.js';

/** The columns of Outcomes that queries.csv shows; any Outcomes fits. */
export type QueryColumns = Pick<Outcomes, 'count' | 'warmup' | 'arrival' | 'latency' | 'answer' | 'host' | 'sample' | 'batch' | 'batchGroup'>;

/** One run's per-query outcomes, for queries.csv. */
export interface QueryTable {
  strategy: string;
  seed: number;
  /** The run's sweep label (sweepLabel(point)); "" when there is no sweep. */
  sweep: string;
  outcomes: QueryColumns;
  /** Predicted class per query (all queries, warm-up included, like outcomes). */
  predicted?: Int16Array;
  /** True class per query. */
  label?: Uint8Array;
}

const baseHeader = ['strategy', 'seed', 'sweep', 'query', 'arrival_ms', 'latency_ms', 'answer', 'host', 'sample', 'batch', 'group'];

/**
 * Streams queries.csv: one row per measured query (index ≥ warmup) of every table. The
 * predicted/label columns appear when any table has them, empty for tables that do not.
 */
export async function writeQueriesCsv(file: FileHandle, tables: readonly QueryTable[]): Promise<void> {
  const withPredictions = tables.some((t) => t.predicted !== undefined || t.label !== undefined);
  await file.write(csvText([withPredictions ? [...baseHeader, 'predicted', 'label'] : baseHeader]));
  for (const table of tables) {
    const o = table.outcomes;
    for (let start = o.warmup; start < o.count; start += CSV_CHUNK_ROWS) {
      const end = Math.min(o.count, start + CSV_CHUNK_ROWS);
      const rows: Cell[][] = [];
      for (let q = start; q < end; q++) {
        const batch = o.batch[q]!;
        const row: Cell[] = [
          table.strategy, table.seed, table.sweep, q, o.arrival[q], o.latency[q], answerNames[o.answer[q]!] ?? String(o.answer[q]),
          o.host[q], o.sample[q], batch, batch >= 0 ? o.batchGroup[batch] : -1,
        ];
        if (withPredictions) row.push(table.predicted?.[q], table.label?.[q]);
        rows.push(row);
      }
      await file.write(csvText(rows));
    }
  }
}
