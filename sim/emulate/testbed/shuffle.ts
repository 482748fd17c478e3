import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { TestbedError, type Testbed } from './testbed.js';

/** Port every instance's flow agent sinks shuffles on. */
const PORT = 7077;
const AGENT = fileURLToPath(new URL('./flow-agent.js', import.meta.url));

interface Pending {
  resolve: (result: { ms: number }) => void;
  reject: (error: Error) => void;
}

/** One flow agent in one instance namespace; see flow-agent.ts for the protocol. */
class Agent {
  private readonly pending = new Map<number, Pending>();
  readonly ready: Promise<void>;

  constructor(private readonly child: ChildProcess, where: string) {
    let markReady!: () => void;
    let fail!: (error: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve;
      fail = reject;
    });
    // Awaited by every flow; an agent that dies unused must not be an unhandled rejection.
    this.ready.catch(() => {});
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as { event: string; id: number; ms?: number; message?: string };
      if (message.event === 'ready') return markReady();
      const flow = this.pending.get(message.id);
      if (message.event === 'error') fail(new TestbedError(`flow agent in ${where}: ${message.message}`));
      if (!flow) return;
      this.pending.delete(message.id);
      if (message.event === 'received') flow.resolve({ ms: message.ms! });
      else flow.reject(new TestbedError(`shuffle ${message.id}: ${message.message}`));
    });
    // Writing to an agent that just died fails here; its 'exit' below fails the flows.
    child.stdin!.on('error', () => {});
    child.once('exit', (code, signal) => {
      const error = new TestbedError(`flow agent in ${where} exited (${signal ?? `code ${code}`})`);
      fail(error);
      for (const flow of this.pending.values()) flow.reject(error);
      this.pending.clear();
    });
  }

  expect(id: number, flow: Pending): void {
    this.pending.set(id, flow);
  }

  /** Stops waiting for a flow; with an error, fails it (the other end will never report it). */
  forget(id: number, error?: Error): void {
    const flow = this.pending.get(id);
    this.pending.delete(id);
    if (error) flow?.reject(error);
  }

  command(message: object): void {
    this.child.stdin!.write(`${JSON.stringify(message)}\n`);
  }
}

const agents = new WeakMap<Testbed, Map<number, Agent>>();
let nextFlow = 1;

function agentFor(bed: Testbed, h: number): Agent {
  let perBed = agents.get(bed);
  if (!perBed) agents.set(bed, (perBed = new Map()));
  let agent = perBed.get(h);
  if (!agent) {
    const { ns, address } = bed.instance(h);
    agent = new Agent(bed.spawn(ns, [process.execPath, AGENT, address, String(PORT)], { stdio: ['pipe', 'pipe', 'inherit'] }), ns);
    perBed.set(h, agent);
  }
  return agent;
}

/** Sends `bytes` over one fresh TCP connection from instance src to instance dst; resolves when the receiver has read them all, with the duration in ms. */
export async function shuffleFlow(bed: Testbed, src: number, dst: number, bytes: number): Promise<{ ms: number }> {
  if (src === dst) throw new TestbedError(`a shuffle needs two different instances, found ${src} → ${dst}`);
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new TestbedError(`a shuffle's size must be a whole number of bytes, found ${bytes}`);
  const [source, sink] = [agentFor(bed, src), agentFor(bed, dst)];
  await Promise.all([source.ready, sink.ready]);
  const id = nextFlow++;
  return new Promise((resolve, reject) => {
    const settle = () => source.forget(id);
    sink.expect(id, { resolve: (r) => (settle(), resolve(r)), reject: (e) => (settle(), reject(e)) });
    // The source only ever reports errors; they fail the flow the sink is waiting for.
    source.expect(id, { resolve: () => {}, reject: (error) => sink.forget(id, error) });
    source.command({ op: 'send', id, host: bed.instance(dst).address, port: PORT, bytes });
  });
}
