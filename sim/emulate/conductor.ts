/**
 * One strategy on one seed on the emulated cluster, seen from the root namespace: starts the
 * frontend process in its namespace and the instance processes the strategy's pools ask for,
 * carries out shuffles and failures when the frontend's fault processes call for them, and
 * reads each namespace's TCP counters before and after.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { roleNames, type RoleCode } from '../cluster/outcomes.js';
import type { FrontendResult, ToConductor, ToFrontend } from './messages.js';
import { codingArgs, type InstanceCoding } from './instance/coding.js';
import type { Testbed } from './testbed/testbed.js';
import { TestbedError } from './testbed/testbed.js';
import { shuffleFlow } from './testbed/shuffle.js';

const FRONTEND_MAIN = fileURLToPath(new URL('./frontend-main.js', import.meta.url));
const INSTANCE_MAIN = fileURLToPath(new URL('./instance/main.js', import.meta.url));
const PORT = 7100;

export interface RunJob {
  world: Extract<ToFrontend, { type: 'job' }>['world'];
  strategy: Extract<ToFrontend, { type: 'job' }>['strategy'];
  seed: number;
  hosts: number;
  wallLimitMs: number;
}

export interface ConductedRun {
  result: FrontendResult;
  /** TCP counters over the run (after minus before): the frontend's namespace, and the instances' summed. */
  tcp: { frontend: Record<string, number>; instances: Record<string, number> };
  /** Shuffle flows completed. */
  flows: number;
  /** Packets the links' qdiscs dropped during the run, by where. */
  drops: { hostEnds: number; switchPorts: number };
  /** How the links were shaped for this run (a sweep may reshape them from point to point). */
  links: { bandwidth: number; buffer: number; mtu: number };
}

interface InstanceRole { role: RoleCode; coding: InstanceCoding }

export async function conductRun(bed: Testbed, job: RunJob, models: { root: string; set: string }): Promise<ConductedRun> {
  const namespaces = [bed.frontend.ns, ...Array.from({ length: job.hosts }, (_, h) => bed.instance(h).ns)];
  const before = await Promise.all(namespaces.map((ns) => bed.tcpCounters(ns)));
  const dropsBefore = await bed.qdiscDrops();
  const instances = new Map<number, ChildProcess>();
  const roles = new Map<number, InstanceRole>();
  let flows = 0;
  /** Shuffles still running: a run ends only once they have, so none spills into the next run. */
  const inFlight = new Set<Promise<unknown>>();

  const startInstance = async (h: number): Promise<{ address: string; port: number }> => {
    const { ns, address } = bed.instance(h);
    const r = roles.get(h)!;
    const argv = [process.execPath, INSTANCE_MAIN, '--listen', `${address}:${PORT}`, '--models', models.root, '--set', models.set, '--role', roleNames[r.role]];
    argv.push(...codingArgs(r.coding));
    const child = bed.spawn(ns, argv, { priority: 'raised', stdio: ['ignore', 'pipe', 'inherit'] });
    instances.set(h, child);
    const first = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
    if (process.env.PSIM_DEBUG) process.stderr.write(`conductor: instance ${h}: ${String(first.value)}\n`);
    if (first.done || !String(first.value).startsWith('ready')) throw new TestbedError(`the instance process for host ${h} did not start (${argv.slice(1).join(' ')})`);
    return { address, port: PORT };
  };

  const frontend = bed.spawn(bed.frontend.ns, [process.execPath, FRONTEND_MAIN], { priority: 'raised', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  const tell = (m: ToFrontend) => frontend.send(m);
  try {
    const result = await new Promise<FrontendResult>((resolve, reject) => {
      frontend.once('exit', (code) => reject(new TestbedError(`the emulated frontend exited (code ${code}) before finishing the run`)));
      frontend.on('message', (m: ToConductor) => {
        if (process.env.PSIM_DEBUG) process.stderr.write(`conductor: ${m.type}\n`);
        const failed = (err: unknown) => reject(err instanceof Error ? err : new Error(String(err)));
        switch (m.type) {
          case 'pools':
            for (const p of m.pools) for (const h of p.hosts) roles.set(h, { role: p.role as RoleCode, coding: p.coding });
            Promise.all(Array.from({ length: job.hosts }, (_, h) => startInstance(h)))
              .then((endpoints) => tell({ type: 'instances', endpoints }), failed);
            break;
          case 'flow': {
            const began = Date.now() / 1000;
            const flow = shuffleFlow(bed, m.src, m.dst, m.bytes).then(() => {
              if (process.env.PSIM_DEBUG) process.stderr.write(`conductor: flow ${m.slot} ${m.src} ${m.dst} ${m.bytes} ${began} ${Date.now() / 1000}\n`);
              flows++;
              if (frontend.connected) tell({ type: 'flow-done', slot: m.slot });
            }, (err) => (frontend.connected ? failed(err) : undefined));
            inFlight.add(flow);
            void flow.finally(() => inFlight.delete(flow));
            break;
          }
          case 'fail':
            instances.get(m.host)?.kill('SIGKILL');
            break;
          case 'recover':
            startInstance(m.host).then((endpoint) => tell({ type: 'recovered', host: m.host, endpoint }), failed);
            break;
          case 'done':
            resolve(m.result);
            break;
          case 'error':
            reject(new TestbedError(`the emulated frontend failed: ${m.message}`));
            break;
        }
      });
      tell({ type: 'job', ...job });
    });
    await Promise.allSettled([...inFlight]);
    const after = await Promise.all(namespaces.map((ns) => bed.tcpCounters(ns)));
    const tcp = { frontend: {} as Record<string, number>, instances: {} as Record<string, number> };
    after.forEach((counters, i) => {
      const into = i === 0 ? tcp.frontend : tcp.instances;
      for (const [key, value] of Object.entries(counters)) into[key] = (into[key] ?? 0) + value - (before[i]![key] ?? 0);
    });
    const dropsAfter = await bed.qdiscDrops();
    const drops = { hostEnds: dropsAfter.hostEnds - dropsBefore.hostEnds, switchPorts: dropsAfter.switchPorts - dropsBefore.switchPorts };
    return { result, tcp, flows, drops, links: bed.shape() };
  } finally {
    frontend.kill('SIGKILL');
    for (const child of instances.values()) child.kill('SIGKILL');
  }
}
