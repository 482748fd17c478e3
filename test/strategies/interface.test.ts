import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RandomStreams, type Random } from '../../sim/engine/random.js';
import { Answer, type AnswerCode, type RoleCode } from '../../sim/cluster/outcomes.js';
import type { IfRunning, PoolId, Serving, Strategy, Timer } from '../../sim/cluster/serving.js';
import { planStrategy } from '../../sim/strategies/index.js';
import type { StrategySpec } from '../../sim/strategies/spec.js';
import { testWorld } from '../helpers/world.js';

const test = suite('strategies/interface');

/**
 * A scripted cluster: it implements the strategy interface and nothing more, records every verb
 * a strategy uses, and lets the test decide when batches close, outputs come back and time
 * passes. A strategy that reached past the interface would not run here at all.
 */
class ScriptedCluster implements Serving {
  now = 0;
  readonly log: string[] = [];
  private readonly pools: { name: string; instances: number }[] = [];
  private readonly tasks: { batch: number; role: RoleCode; copy: number; pool: string; host: number }[] = [];
  private readonly timers: ((arg: number) => void)[] = [];
  private readonly due: { at: number; timer: Timer; arg: number }[] = [];
  private readonly answered = new Map<number, AnswerCode>();
  private readonly groups: [number, number][] = [];
  private readonly batchGroup = new Map<number, number>();
  private nextHost = 0;

  pool(name: string, _role: RoleCode, instances: number): PoolId {
    this.pools.push({ name, instances });
    this.nextHost += instances;
    return (this.pools.length - 1) as PoolId;
  }
  get hosts(): number {
    return this.nextHost;
  }
  stream(name: string): Random {
    return new RandomStreams(1).stream(name);
  }
  timer(handler: (arg: number) => void): Timer {
    return (this.timers.push(handler) - 1) as Timer;
  }
  send(pool: PoolId, batch: number, role: RoleCode, copy: number, avoid = -1): number {
    // Hosts: the next one in the pool after the avoided task's, so an avoided host is visible.
    const p = this.pools[pool]!;
    const host = avoid >= 0 ? (this.tasks[avoid]!.host + 1) % p.instances : 0;
    this.tasks.push({ batch, role, copy, pool: p.name, host });
    this.log.push(`send ${p.name} b${batch} copy${copy}${avoid >= 0 ? ` avoid t${avoid}` : ''}`);
    return this.tasks.length - 1;
  }
  sendGroup(pool: PoolId, group: number, role: RoleCode, copy = 0): number {
    this.tasks.push({ batch: group, role, copy, pool: this.pools[pool]!.name, host: 0 });
    this.log.push(`sendGroup ${this.pools[pool]!.name} g${group}${copy > 0 ? ` copy${copy}` : ''}`);
    return this.tasks.length - 1;
  }
  cancel(task: number, ifRunning: IfRunning): void {
    if (task >= 0) this.log.push(`cancel t${task} ${ifRunning}`);
  }
  answer(batch: number, how: AnswerCode, task = -1): void {
    this.answered.set(batch, how);
    this.log.push(`answer b${batch} ${how === Answer.original ? 'original' : how === Answer.replica ? 'replica' : how === Answer.reconstructed ? 'reconstructed' : how === Answer.backup ? 'backup' : how}${task >= 0 ? ` t${task}` : ''}`);
  }
  isAnswered(batch: number): boolean {
    return this.answered.has(batch);
  }
  formGroup(first: number, count: number): number {
    this.groups.push([first, count]);
    for (let b = first; b < first + count; b++) this.batchGroup.set(b, this.groups.length - 1);
    this.log.push(`group b${first}+${count}`);
    return this.groups.length - 1;
  }
  noteDecode(group: number, answers: number): void {
    this.log.push(`decode g${group} from ${answers.toString(2)}`);
  }
  after(delay: number, timer: Timer, arg = 0): void {
    this.at(this.now + delay, timer, arg);
  }
  at(time: number, timer: Timer, arg = 0): void {
    this.due.push({ at: time, timer, arg });
    this.log.push(`timer at ${time}`);
  }
  batchOf(task: number): number {
    return this.tasks[task]!.batch;
  }
  roleOf(task: number): RoleCode {
    return this.tasks[task]!.role;
  }
  copyOf(task: number): number {
    return this.tasks[task]!.copy;
  }
  closedAt(batch: number): number {
    return batch; // the script closes batch b at time b
  }
  batchSize(): number {
    return 1;
  }
  groupOf(batch: number): number {
    return this.batchGroup.get(batch) ?? -1;
  }
  groupFirst(group: number): number {
    return this.groups[group]![0];
  }
  groupSize(group: number): number {
    return this.groups[group]![1];
  }
  /** Moves time to `t`, firing the timers due by then in order. */
  advance(t: number): void {
    this.due.sort((a, b) => a.at - b.at);
    while (this.due.length > 0 && this.due[0]!.at <= t) {
      const { at, timer, arg } = this.due.shift()!;
      this.now = at;
      this.timers[timer]!(arg);
    }
    this.now = t;
  }
}

function build(spec: StrategySpec, instances = 4): { c: ScriptedCluster; s: Strategy; hosts: number } {
  const plan = planStrategy(spec, testWorld({}, { instances }));
  const c = new ScriptedCluster();
  const s = plan.build(c);
  assert.is(c.hosts, plan.hosts, 'the pools use exactly the hosts the plan asks for');
  return { c, s, hosts: plan.hosts };
}

const zero = { dist: 'constant', value: 0 } as const;

test('none: one copy per batch; its output answers', () => {
  const { c, s } = build({ kind: 'none', label: 'none' });
  s.onBatch(0);
  s.onResult(0);
  s.onResult(0); // a duplicate output changes nothing
  assert.equal(c.log, ['send data b0 copy0', 'answer b0 original t0']);
});

test('equal-resources: n + ceil(n/k) instances, one copy per batch', () => {
  const { hosts } = build({ kind: 'equal-resources', k: 3, label: 'er' }, 4);
  assert.is(hosts, 4 + 2);
});

test('replication: copies on distinct hosts; the first output answers and the others are withdrawn', () => {
  for (const [cancelRunning, ifRunning] of [[false, 'finish'], [true, 'abort']] as const) {
    const { c, s } = build({ kind: 'replication', copies: 3, cancelRunning, label: 'r' });
    s.onBatch(0);
    s.onResult(1);
    s.onResult(2);
    assert.equal(c.log, ['send data b0 copy0', 'send data b0 copy1 avoid t0', 'send data b0 copy2 avoid t1', 'answer b0 replica t1', `cancel t0 ${ifRunning}`, `cancel t2 ${ifRunning}`]);
  }
});

test('hedged: a second copy only if the batch is still unanswered after the delay; the loser is aborted', () => {
  const { c, s } = build({ kind: 'hedged', after: { fixed: 10 }, label: 'h' });
  s.onBatch(0); // closed at 0: hedge due at 10
  c.advance(5);
  s.onResult(0); // answered before its hedge
  c.advance(6);
  s.onBatch(6); // closed at 6: hedge due at 16
  c.advance(20); // batch 0's hedge finds it answered; batch 6's goes out
  s.onResult(2); // the hedge answers batch 6
  assert.equal(c.log, [
    'send data b0 copy0', 'timer at 10', 'answer b0 original t0',
    'send data b6 copy0', 'timer at 16', 'send data b6 copy1 avoid t1', 'answer b6 replica t2', 'cancel t1 abort',
  ]);
});

test('backup: a backup output counts only `after` ms after the batch closed; the original is left to finish', () => {
  const { c, s } = build({ kind: 'backup', backups: 2, service: zero, after: 5, label: 'b' });
  c.advance(3);
  s.onBatch(3);
  c.advance(4);
  s.onResult(1); // the backup is back at 4, before 3 + 5
  c.advance(9);
  assert.equal(c.log, ['send data b3 copy0', 'send backup b3 copy1', 'timer at 8', 'answer b3 backup t1', 'cancel t0 finish']);
});

test('parm: k batches form a group and one parity task; k outputs of k + 1 reconstruct the missing one', () => {
  const { c, s, hosts } = build({ kind: 'parm', k: 2, encoder: 'addition', encode: zero, decode: zero, groupTimeout: Infinity, label: 'p' });
  assert.is(hosts, 4 + 2);
  s.onBatch(0);
  s.onBatch(1);
  s.onResult(0); // batch 0's own output
  s.onResult(2); // the parity output: batch 1 is missing and is reconstructed
  s.onResult(1); // batch 1's late original changes nothing
  assert.equal(c.log, [
    'send data b0 copy0', 'send data b1 copy0', 'group b0+2', 'sendGroup parity g0',
    'answer b0 original t0', 'answer b1 reconstructed', 'cancel t1 finish',
  ]);
});

test('parm: a partial group is encoded once its first batch has waited groupTimeout', () => {
  const { c, s } = build({ kind: 'parm', k: 3, encoder: 'addition', encode: zero, decode: zero, groupTimeout: 50, label: 'p' });
  s.onBatch(0);
  s.onBatch(1);
  c.advance(60);
  assert.equal(c.log, ['send data b0 copy0', 'timer at 50', 'send data b1 copy0', 'group b0+2', 'sendGroup parity g0']);
});

test.run();
