/**
 * The emulated cluster's frontend: a process in the frontend's network namespace, started by
 * the conductor (conductor.ts) with an IPC channel. It runs the same Cluster bookkeeping and the
 * same strategy code as the simulator, in real time, and sends tasks to real instance processes
 * over persistent TCP connections. Shuffles and failures are asked of the conductor, which
 * owns the testbed.
 */
import { Cluster } from '../cluster/cluster.js';
import type { RoleCode } from '../cluster/outcomes.js';
import type { FlowCarrier, Substrate } from '../cluster/runner.js';
import { startFaults } from '../faults/index.js';
import { planStrategy } from '../strategies/index.js';
import { InstanceClient, type TaskRequest } from './instance/client.js';
import { monotonicMs } from './instance/protocol.js';
import type { ToConductor, ToFrontend } from './messages.js';
import { wirePlan } from './wire-plan.js';
import { RemoteRunner } from './remote-runner.js';
import { runInRealTime } from './real-time.js';

const say = (message: ToConductor) => process.send!(message);
const inbox: ((m: ToFrontend) => boolean)[] = [];
process.on('message', (m: ToFrontend) => {
  const i = inbox.findIndex((handler) => handler(m));
  if (i >= 0) inbox.splice(i, 1);
});
/** Waits for the next message of `type` (one-shot). */
function expect<T extends ToFrontend['type']>(type: T): Promise<Extract<ToFrontend, { type: T }>> {
  return new Promise((resolve) => inbox.push((m) => (m.type === type ? (resolve(m as Extract<ToFrontend, { type: T }>), true) : false)));
}

async function main(): Promise<void> {
  const job = await expect('job');
  const { world, strategy: spec, seed, hosts: hostCount } = job;
  const plan = planStrategy(spec, world);
  const wire = wirePlan(spec);
  const origin = { at: 0 };
  const toRunTime = (monotonic: number) => monotonic - origin.at;
  const clock = () => monotonicMs() - origin.at;

  const clients: (InstanceClient | null)[] = new Array(hostCount).fill(null);
  /** Requests for an instance that is (re)starting wait here until its connection is up. */
  const waiting: TaskRequest[][] = Array.from({ length: hostCount }, () => []);
  let cluster!: Cluster;
  let runner!: RemoteRunner;
  const flowDone: ((slot: number) => void)[] = [];
  const flows: FlowCarrier = {
    hasBandwidth: world.network.bandwidth !== undefined,
    setupFlows: (_slots, onDone) => void flowDone.push(onDone),
    startFlow: (slot, src, dst, bytes) => say({ type: 'flow', slot, src, dst, bytes: Math.round(bytes) }),
  };
  const request = (t: number, serviceMs: number): TaskRequest => {
    const c = cluster, tasks = c.tasks, f = c.frontend, target = tasks.target[t]!;
    const role = tasks.role[t]! as RoleCode;
    const { encoder, coded } = wire.task(role, tasks.copy[t]!);
    if (encoder === 'none') {
      const first = f.batchStart[target]!;
      return { taskId: t, role, encoder, samples: c.sample.subarray(first, first + f.batchSize[target]!), serviceMs, payloadBytes: tasks.bytes[t]! };
    }
    // A group task carries its group's samples, batch by batch, for the instance to encode.
    const samples: number[] = [], groupSizes: number[] = [];
    for (let b = f.groupStart[target]!, end = b + f.groupSize[target]!; b < end; b++) {
      groupSizes.push(f.batchSize[b]!);
      for (let q = f.batchStart[b]!, qEnd = q + f.batchSize[b]!; q < qEnd; q++) samples.push(c.sample[q]!);
    }
    return { taskId: t, role, encoder, coded, samples, groupSizes, serviceMs, payloadBytes: tasks.bytes[t]! };
  };
  const substrate: Substrate = ({ sim, tasks, hosts, onResult }) => {
    runner = new RemoteRunner(sim, tasks, hosts, {
      send: (h, t, serviceMs) => {
        const r = request(t, serviceMs);
        const client = clients[h];
        if (client) client.sendTask(r);
        else waiting[h]!.push(r);
      },
      cancel: (h, t, abortRunning) => clients[h]?.cancel(t, abortRunning),
      slow: (h, factor) => clients[h]?.slow(factor),
      fail: (h) => {
        clients[h] = null;
        waiting[h]!.length = 0;
        say({ type: 'fail', host: h });
      },
      recover: (h) => say({ type: 'recover', host: h }),
    }, onResult);
    return { runner, flows };
  };
  // Shuffles cost the real hosts real CPU: the simulator's modelled slowdown is not added on top.
  cluster = new Cluster(world, seed, hostCount, substrate, { tasksPerBatch: plan.tasksPerBatch, flowSlowdown: 1, recordTimeline: true });
  const strategy = plan.build(cluster);
  say({ type: 'pools', pools: cluster.pools.map((p) => ({ role: p.role, hosts: [...p.hosts], coding: wire.instances(p.role) })) });
  const { endpoints } = await expect('instances');
  const connect = async (h: number, endpoint: { address: string; port: number }) => {
    const client = await InstanceClient.connect(endpoint.address, endpoint.port);
    client.onResult = (r) => runner.deliver(r, r.taskId, toRunTime);
    clients[h] = client;
    for (const r of waiting[h]!.splice(0)) client.sendTask(r);
  };
  await Promise.all(endpoints.map((e, h) => connect(h, e)));
  const flowEvent = cluster.sim.on((slot) => flowDone[0]?.(slot));
  process.on('message', (m: ToFrontend) => {
    if (m.type === 'flow-done') cluster.sim.inject(clock(), flowEvent, m.slot);
    // A restarted instance: tasks sent meanwhile waited for its connection and go out now.
    else if (m.type === 'recovered') void connect(m.host, m.endpoint);
  });
  startFaults({ sim: cluster.sim, streams: cluster.streams, hosts: cluster.hosts, network: flows, shuffleLegs: cluster.shuffleLegs }, world.stragglers, world.faults);

  const debug = process.env.PSIM_DEBUG ? (what: string) => process.stderr.write(`frontend: ${what}\n`) : () => {};
  debug('connected');
  const progress = process.env.PSIM_DEBUG ? setInterval(() => debug(`t=${clock().toFixed(0)} answered ${cluster.frontend.answered} events ${cluster.sim.events} pending ${cluster.sim.pending}`), 2000) : undefined;
  origin.at = monotonicMs();
  cluster.start(strategy);
  const { wallLimitHit, lateness } = await runInRealTime(cluster.sim, clock, job.wallLimitMs);
  clearInterval(progress);
  debug(`finished (wall limit hit: ${wallLimitHit})`);
  const outcomes = cluster.finish();
  for (const client of clients) client?.close();
  const times = runner.times, n = cluster.tasks.count;
  say({
    type: 'done',
    result: {
      outcomes,
      origin: origin.at,
      taskTimes: [times.sent, times.landed, times.start, times.end, times.received, times.lateness].map((a) => a.slice(0, n)),
      wallLimitHit,
      loopLateness: lateness,
    },
  });
}

main().catch((err: unknown) => {
  say({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exitCode = 1;
});
