import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { realtimePrefix, TestbedError } from './testbed.js';

/**
 * A freeze detector beside the emulated cluster: a separate process at real-time priority
 * (when allowed) that should wake every millisecond. Where it could not, the machine itself
 * stalled (a noisy neighbour, the hypervisor), and latencies measured then are not the
 * cluster's; the frontend compares its timestamps against these intervals.
 */
export interface Canary {
  stop(): Promise<{ freezes: Array<[number, number]>; maxLatenessMs: number; p99LatenessMs: number; samples: number }>;
}

const AGENT = fileURLToPath(new URL('./canary-agent.js', import.meta.url));

export { monotonicMs } from '../../engine/wall-clock.js';

/** Canaries still running, killed if this process exits without stopping them. */
const running = new Set<ChildProcess>();
let exitHook = false;

export function startCanary(options: { thresholdMs?: number } = {}): Promise<Canary> {
  const threshold = options.thresholdMs ?? 20;
  if (!(threshold > 0)) throw new TestbedError(`the canary's threshold must be a positive number of ms, found ${threshold}`);
  const argv = [...realtimePrefix(), process.execPath, AGENT, String(threshold)];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
  running.add(child);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => running.forEach((c) => c.kill('SIGKILL')));
  }
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (what: string): Promise<string> => {
    const line = await lines.next();
    if (line.done) throw new TestbedError(`the canary process exited before ${what} (${argv.join(' ')})`);
    return line.value;
  };
  const canary: Canary = {
    async stop() {
      child.stdin!.write('stop\n');
      const stats = JSON.parse(await next('reporting')) as Awaited<ReturnType<Canary['stop']>>;
      running.delete(child);
      return stats;
    },
  };
  child.once('exit', () => running.delete(child));
  return next('starting').then(() => canary);
}
