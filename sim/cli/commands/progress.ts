/**
 * A progress bar on stderr, shown only on a terminal and only once a run has taken more than a
 * second (short runs stay quiet). Wall-clock time is used for display only, never in results.
 */
export function progressBar(label: string, enabled: boolean): { update(done: number, total: number): void; end(): void } {
  const started = performance.now();
  let shown = false;
  const tty = enabled && process.stderr.isTTY;
  return {
    update(done, total) {
      if (!tty) return;
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed < 1 && !shown) return;
      shown = true;
      const width = 30;
      const filled = Math.round((done / total) * width);
      const eta = done > 0 ? (elapsed / done) * (total - done) : 0;
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} runs, ${elapsed.toFixed(0)} s elapsed, ~${eta.toFixed(0)} s left `);
    },
    end() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
