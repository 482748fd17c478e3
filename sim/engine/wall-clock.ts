/**
 * CLOCK_MONOTONIC in milliseconds: the one clock of every process on a machine, so the emulated
 * cluster's frontend, instances and canary can compare their timestamps directly.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
