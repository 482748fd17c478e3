import { execFile, execFileSync, spawn as spawnProcess, type ChildProcess, type StdioOptions } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { release } from 'node:os';

/**
 * The emulated cluster's network: one namespace per host (the frontend and every instance) and
 * one switch namespace holding a Linux bridge, joined by a veth pair per host. Each NIC is shaped
 * by tbf on both ends: the host end is the NIC's transmit side, the switch end is the switch
 * port's output queue, whose byte limit (`buffer`) is where incast overflows and real TCP loses
 * segments. The namespaces have no route out, so nothing leaves the testbed.
 */
export interface TestbedSpec {
  /** Instance hosts 0..instances-1, plus the frontend. */
  instances: number;
  /** NIC bandwidth in bytes per millisecond (both directions, every host and the frontend). */
  bandwidth: number;
  /** The switch port's queue limit in bytes (tbf `limit` on the switch side of each link). */
  buffer: number;
  /** Default 9000. */
  mtu?: number;
  /** Name prefix of everything created; default `psim<pid % 100000>-`. Must be short (interface names ≤ 15 chars). */
  prefix?: string;
}

export interface Endpoint {
  /** Network namespace name (for `spawn`, `tcpCounters`, `ip netns exec`). */
  ns: string;
  /** IPv4 address of the host's NIC. */
  address: string;
}

/** The testbed could not be built or used; `message` is one line for the user. */
export class TestbedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestbedError';
  }
}

/** Every testbed gets the same addresses: its namespaces have no route out, so two never meet. */
const SUBNET = '10.77.0';
/** Environment variable tagging every spawned process, so a crashed run's processes can be found. */
const TAG = 'PSIM_TESTBED';
/** Ethernet header on top of the MTU: the size of a full frame as tbf counts it. */
const ETH_HEADER = 14;
/** Frames the host end (the NIC's own transmit queue) holds before dropping locally. */
const HOST_QUEUE_FRAMES = 100;

export class Testbed {
  readonly frontend: Endpoint;
  private readonly children = new Set<ChildProcess>();
  private readonly namespaces: string[] = [];
  private readonly notes: string[] = [];
  private offloads = 'unchanged';
  private congestion = 'kernel default';
  private destroyed = false;

  private constructor(
    readonly prefix: string,
    private readonly spec: Required<TestbedSpec>,
  ) {
    this.frontend = { ns: `${prefix}fe`, address: `${SUBNET}.1` };
  }

  static async create(spec: TestbedSpec): Promise<Testbed> {
    const problem = environmentProblem();
    if (problem) throw new TestbedError(`cannot build the emulated network: ${problem}`);
    const full = validate(spec);
    const found = await leftovers(full.prefix);
    if (found.length > 0) {
      throw new TestbedError(`prefix ${full.prefix} is in use (${found.slice(0, 3).join(', ')}${found.length > 3 ? ', …' : ''}); `
        + `if a previous run crashed, remove them with cleanupPrefix('${full.prefix}')`);
    }
    const bed = new Testbed(full.prefix, full);
    live.add(bed);
    installExitHandlers();
    try {
      await bed.build();
    } catch (error) {
      await bed.destroy();
      const message = error instanceof Error ? error.message : String(error);
      throw error instanceof TestbedError ? error : new TestbedError(`building the emulated network failed: ${message}`);
    }
    return bed;
  }

  instance(h: number): Endpoint {
    if (!Number.isInteger(h) || h < 0 || h >= this.spec.instances) {
      throw new RangeError(`instance ${h} is not in 0..${this.spec.instances - 1}`);
    }
    return { ns: `${this.prefix}i${h}`, address: `${SUBNET}.${h + 2}` };
  }

  /**
   * `priority`: `realtime` (SCHED_FIFO, only for processes that mostly sleep, such as the canary:
   * a real-time process that spins starves everything else on the core, the kernel's network
   * processing included) or `raised` (nice -10: ahead of the machine's other work, still fair).
   */
  spawn(ns: string, argv: string[], options: { priority?: 'realtime' | 'raised'; stdio?: StdioOptions; env?: NodeJS.ProcessEnv; serialization?: 'json' | 'advanced' } = {}): ChildProcess {
    if (this.destroyed) throw new TestbedError(`testbed ${this.prefix} is already destroyed`);
    if (!this.namespaces.includes(ns)) throw new TestbedError(`${ns} is not a namespace of testbed ${this.prefix}`);
    const priority = options.priority === 'realtime' ? realtimePrefix() : options.priority === 'raised' ? raisedPrefix() : [];
    const child = spawnProcess('ip', ['netns', 'exec', ns, ...priority, ...argv], {
      stdio: options.stdio ?? 'pipe',
      env: { ...(options.env ?? process.env), [TAG]: this.prefix },
      serialization: options.serialization ?? 'json',
    });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    // A failed exec is reported on the child; without a listener it would crash the caller.
    child.on('error', () => this.children.delete(child));
    return child;
  }

  async tcpCounters(ns: string): Promise<Record<string, number>> {
    const text = await run(['ip', 'netns', 'exec', ns, 'cat', '/proc/net/snmp', '/proc/net/netstat']);
    return parseCounters(text);
  }

  /**
   * Packets dropped so far by the qdiscs of the links: at the host ends (a host's own transmit
   * queue) and at the switch ports (the queue toward a host), summed over the links. Where a
   * loss happens tells which queue the network model must drop at.
   */
  async qdiscDrops(): Promise<{ hostEnds: number; switchPorts: number }> {
    // One `tc` a namespace, all at once (each qdisc names its device): a run reads these before
    // and after itself, and a `tc` a device, one after another, was a large part of the time between runs.
    const dropsByDevice = async (ns: string): Promise<Map<string, number>> => {
      const parsed = JSON.parse(await run(['tc', '-s', '-j', '-n', ns, 'qdisc', 'show'])) as { dev?: string; drops?: number }[];
      const byDevice = new Map<string, number>();
      for (const q of parsed) if (q.dev !== undefined) byDevice.set(q.dev, (byDevice.get(q.dev) ?? 0) + (q.drops ?? 0));
      return byDevice;
    };
    const links = [{ ns: this.frontend.ns, nic: `${this.prefix}f`, port: `${this.prefix}sf` }];
    for (let h = 0; h < this.spec.instances; h++) links.push({ ns: this.instance(h).ns, nic: `${this.prefix}h${h}`, port: `${this.prefix}s${h}` });
    const [ports, ...ends] = await Promise.all([dropsByDevice(`${this.prefix}sw`), ...links.map((link) => dropsByDevice(link.ns))]);
    let hostEnds = 0, switchPorts = 0;
    links.forEach((link, i) => {
      hostEnds += ends[i]!.get(link.nic) ?? 0;
      switchPorts += ports!.get(link.port) ?? 0;
    });
    return { hostEnds, switchPorts };
  }

  /** How the links are shaped: NIC bandwidth (bytes/ms), switch-port buffer (bytes), frame size. */
  shape(): { bandwidth: number; buffer: number; mtu: number } {
    return { bandwidth: this.spec.bandwidth, buffer: this.spec.buffer, mtu: this.spec.mtu };
  }

  /** Whether this testbed's links are shaped as `network` asks (bandwidth, switch buffer, frame size). */
  shapedAs(network: { bandwidth: number; buffer: number; mtu: number }): boolean {
    return this.spec.bandwidth === network.bandwidth && this.spec.buffer === Math.floor(network.buffer) && this.spec.mtu === network.mtu;
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    live.delete(this);
    for (const child of this.children) child.kill('SIGKILL');
    this.children.clear();
    for (const ns of this.namespaces) await killNamespace(ns);
    await cleanupPrefix(this.prefix);
  }

  /** The synchronous path for process 'exit' and signal handlers, where awaiting is impossible. */
  destroySync(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    live.delete(this);
    for (const child of this.children) child.kill('SIGKILL');
    this.children.clear();
    cleanupPrefixSync(this.prefix);
  }

  describe(): Record<string, unknown> {
    const { instances, bandwidth, buffer, mtu } = this.spec;
    const frame = mtu + ETH_HEADER;
    return {
      kernel: release(),
      prefix: this.prefix,
      hosts: `frontend ${this.frontend.address}, instances ${SUBNET}.2..${SUBNET}.${instances + 1}`,
      topology: 'one namespace per host, veth pairs to a Linux bridge in a switch namespace',
      mtu,
      offloads: this.offloads,
      bandwidthBytesPerMs: bandwidth,
      bandwidthMbitPerS: (bandwidth * 8) / 1000,
      hostQdisc: `tbf rate ${rateBits(bandwidth)}bit burst ${2 * frame} limit ${HOST_QUEUE_FRAMES * frame} (host end, toward the switch)`,
      switchQdisc: `tbf rate ${rateBits(bandwidth)}bit burst ${2 * frame} limit ${buffer} (switch port, toward the host)`,
      switchBufferFrames: Math.round((buffer / frame) * 10) / 10,
      congestionControl: this.congestion,
      notes: [...this.notes],
    };
  }

  private async build(): Promise<void> {
    const { instances, mtu, bandwidth, buffer } = this.spec;
    const sw = `${this.prefix}sw`;
    const bridge = `${this.prefix}br`;
    const hosts: Array<{ endpoint: Endpoint; nic: string; port: string }> = [
      { endpoint: this.frontend, nic: `${this.prefix}f`, port: `${this.prefix}sf` },
    ];
    for (let h = 0; h < instances; h++) hosts.push({ endpoint: this.instance(h), nic: `${this.prefix}h${h}`, port: `${this.prefix}s${h}` });

    for (const ns of [sw, ...hosts.map((x) => x.endpoint.ns)]) {
      await run(['ip', 'netns', 'add', ns]);
      this.namespaces.push(ns);
      await run(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
      // No IPv6: its router solicitations and DAD would be stray frames on the shaped links.
      await run(['ip', 'netns', 'exec', ns, 'sysctl', '-q', '-e', '-w', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
    }
    await run(['ip', '-n', sw, 'link', 'add', bridge, 'type', 'bridge']);

    const ethtool = onPath('ethtool');
    const frame = mtu + ETH_HEADER;
    const tbf = (limit: number) => ['tbf', 'rate', `${rateBits(bandwidth)}bit`, 'burst', String(2 * frame), 'limit', String(limit)];
    for (const { endpoint, nic, port } of hosts) {
      await run(['ip', 'link', 'add', nic, 'netns', endpoint.ns, 'mtu', String(mtu), 'type', 'veth', 'peer', 'name', port, 'netns', sw, 'mtu', String(mtu)]);
      await run(['ip', '-n', sw, 'link', 'set', port, 'master', bridge]);
      if (ethtool) {
        await run(['ip', 'netns', 'exec', endpoint.ns, 'ethtool', '-K', nic, 'tso', 'off', 'gso', 'off', 'gro', 'off']);
        await run(['ip', 'netns', 'exec', sw, 'ethtool', '-K', port, 'tso', 'off', 'gso', 'off', 'gro', 'off']);
      } else {
        // Without ethtool TCP still hands one-segment skbs to the NIC, so tbf sees real frames.
        await run(['ip', '-n', endpoint.ns, 'link', 'set', nic, 'gso_max_segs', '1']);
      }
      await run(['tc', '-n', endpoint.ns, 'qdisc', 'replace', 'dev', nic, 'root', ...tbf(HOST_QUEUE_FRAMES * frame)]);
      await run(['tc', '-n', sw, 'qdisc', 'replace', 'dev', port, 'root', ...tbf(buffer)]);
      await run(['ip', '-n', endpoint.ns, 'addr', 'add', `${endpoint.address}/24`, 'dev', nic]);
      await run(['ip', '-n', sw, 'link', 'set', port, 'up']);
      await run(['ip', '-n', endpoint.ns, 'link', 'set', nic, 'up']);
      this.congestion = await setCubic(endpoint.ns, nic, endpoint.address);
    }
    await run(['ip', '-n', sw, 'link', 'set', bridge, 'mtu', String(mtu), 'up']);
    this.offloads = ethtool
      ? 'tso/gso/gro off on both ends (ethtool)'
      : 'ethtool not installed: offloads left as the kernel set them; gso_max_segs 1 on the host ends, MTU set with ip link';
    if (!ethtool) this.notes.push('ethtool is not installed, so segmentation offloads were not switched off (only ip link mtu and gso_max_segs 1)');
  }
}

/** Testbeds not yet destroyed in this process, for the exit and signal handlers. */
const live = new Set<Testbed>();
let handlersInstalled = false;

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const cleanAll = () => {
    for (const bed of [...live]) bed.destroySync();
  };
  process.on('exit', cleanAll);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      cleanAll();
      // Leave exiting to the program's own handler when it has one.
      if (process.listenerCount(signal) === 1) process.exit(code);
    });
  }
}

function validate(spec: TestbedSpec): Required<TestbedSpec> {
  const mtu = spec.mtu ?? 9000;
  const prefix = spec.prefix ?? defaultPrefix();
  const fail = (what: string) => {
    throw new TestbedError(`invalid testbed: ${what}`);
  };
  if (!Number.isInteger(spec.instances) || spec.instances < 1 || spec.instances > 250) fail(`instances must be an integer in 1..250, found ${spec.instances}`);
  if (!(spec.bandwidth > 0) || !Number.isFinite(spec.bandwidth)) fail(`bandwidth must be a positive number of bytes/ms, found ${spec.bandwidth}`);
  if (!Number.isInteger(mtu) || mtu < 576 || mtu > 65_000) fail(`mtu must be an integer in 576..65000, found ${mtu}`);
  if (!(spec.buffer >= mtu + ETH_HEADER)) fail(`buffer must hold at least one full frame (${mtu + ETH_HEADER} bytes), found ${spec.buffer}`);
  if (!/^[a-z][a-z0-9-]{2,}$/.test(prefix)) fail(`prefix must be 3+ lowercase letters, digits or '-', starting with a letter, found ${JSON.stringify(prefix)}`);
  const longest = `${prefix}s${spec.instances - 1}`;
  if (longest.length > 15) fail(`prefix ${prefix} is too long: interface ${longest} would exceed 15 characters`);
  return { instances: spec.instances, bandwidth: spec.bandwidth, buffer: Math.floor(spec.buffer), mtu, prefix };
}

let defaultsIssued = 0;
/** `psim<pid>-` for the first testbed of a process, then `psim<pid>a-`, `psim<pid>b-`, … */
function defaultPrefix(): string {
  const n = defaultsIssued++;
  const suffix = n === 0 ? '' : String.fromCharCode(96 + Math.min(n, 26));
  return `psim${process.pid % 100000}${suffix}-`;
}

function rateBits(bytesPerMs: number): number {
  return Math.round(bytesPerMs * 8000);
}

/**
 * New namespaces default to the host's congestion control (bbr here), while the model assumes
 * cubic. The namespace default may only be set to an algorithm the host allows; the route's
 * `congctl` has no such restriction and covers both ends of every connection on the subnet.
 */
async function setCubic(ns: string, nic: string, address: string): Promise<string> {
  await run(['ip', '-n', ns, 'route', 'replace', `${SUBNET}.0/24`, 'dev', nic, 'proto', 'kernel', 'scope', 'link', 'src', address, 'congctl', 'cubic']);
  try {
    await run(['ip', 'netns', 'exec', ns, 'sysctl', '-q', '-w', 'net.ipv4.tcp_congestion_control=cubic']);
    return 'cubic (namespace sysctl and route congctl)';
  } catch {
    return 'cubic (route congctl; the namespace sysctl refused cubic as not in the host\'s allowed list)';
  }
}

let realtimeCache: string[] | undefined;
/** Command prefix for real-time priority: chrt -f 10 where SCHED_FIFO is permitted, else a raised nice level for root, else nothing. */
export function realtimePrefix(): string[] {
  if (realtimeCache) return realtimeCache;
  try {
    execFileSync('chrt', ['-f', '10', 'true'], { stdio: 'ignore' });
    realtimeCache = ['chrt', '-f', '10'];
  } catch {
    // Only root may raise its priority with nice; others run at the normal level.
    realtimeCache = process.getuid?.() === 0 ? ['nice', '-n', '-10'] : [];
  }
  return realtimeCache;
}

/** `nice -n -10` where allowed (root): a raised but fair priority. */
export function raisedPrefix(): string[] {
  return process.getuid?.() === 0 ? ['nice', '-n', '-10'] : [];
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

export function environmentProblem(): string | null {
  if (process.platform !== 'linux') return `network namespaces need Linux, this is ${process.platform}`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not running as root (network namespaces and tc need it)';
  for (const tool of ['ip', 'tc']) {
    if (!onPath(tool)) return `\`${tool}\` is not installed (package iproute2)`;
  }
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    execFileSync('tc', ['qdisc', 'show', 'dev', 'lo'], { stdio: 'ignore' });
  } catch {
    return '`ip netns` or `tc` does not work here';
  }
  return null;
}

function run(argv: string[]): Promise<string> {
  const [command, ...args] = argv as [string, ...string[]];
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const detail = (stderr || error.message).trim().split('\n')[0];
      reject(new TestbedError(`\`${argv.join(' ')}\` failed: ${detail}`));
    });
  });
}

function runSync(argv: string[]): string {
  const [command, ...args] = argv as [string, ...string[]];
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

/** Parses /proc/net/snmp and /proc/net/netstat: header and value lines come in pairs per group. */
export function parseCounters(text: string): Record<string, number> {
  const counters: Record<string, number> = {};
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const names = lines[i]!.split(/\s+/);
    const values = lines[i + 1]!.split(/\s+/);
    const group = names[0];
    if ((group !== 'Tcp:' && group !== 'TcpExt:') || values[0] !== group || /^-?\d/.test(names[1] ?? '')) continue;
    for (let k = 1; k < names.length; k++) {
      const value = Number(values[k]);
      if (names[k] && Number.isFinite(value)) counters[names[k]!] = value;
    }
    i++;
  }
  return counters;
}

function namespacesSync(): string[] {
  // `ip netns list` prints "name (id: 3)" for namespaces with an id.
  return runSync(['ip', 'netns', 'list']).split('\n').map((line) => line.split(' ')[0] ?? '').filter(Boolean);
}

function rootLinksSync(): string[] {
  return runSync(['ip', '-o', 'link', 'show']).split('\n')
    .map((line) => (line.split(': ')[1] ?? '').split('@')[0] ?? '').filter(Boolean);
}

/** Processes carrying the tag of a testbed whose prefix starts with `prefix` (they may outlive a deleted namespace). */
function taggedPids(prefix: string): number[] {
  const pids: number[] = [];
  const marker = `${TAG}=${prefix}`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (environ.split('\0').some((v) => v.startsWith(marker))) pids.push(Number(entry));
    } catch {
      // Gone already, or a kernel thread.
    }
  }
  return pids;
}

function killPids(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

async function killNamespace(ns: string): Promise<void> {
  const pids = await run(['ip', 'netns', 'pids', ns]).catch(() => '');
  killPids(pids.split(/\s+/).filter(Boolean).map(Number));
}

/** Namespaces, root-namespace links and tagged processes whose name starts with `prefix`. */
export async function leftovers(prefix: string): Promise<string[]> {
  return leftoversSync(prefix);
}

function leftoversSync(prefix: string): string[] {
  return [
    ...namespacesSync().filter((n) => n.startsWith(prefix)).map((n) => `namespace ${n}`),
    ...rootLinksSync().filter((n) => n.startsWith(prefix)).map((n) => `link ${n}`),
    ...taggedPids(prefix).map((pid) => `process ${pid}`),
  ];
}

/**
 * Removes everything a testbed with this prefix may have left, e.g. after a crash: its
 * processes (killed first, as a process keeps a deleted namespace alive), namespaces and links.
 */
export async function cleanupPrefix(prefix: string): Promise<void> {
  cleanupPrefixSync(prefix);
}

function cleanupPrefixSync(prefix: string): void {
  if (!/^[a-z][a-z0-9-]{2,}$/.test(prefix)) throw new TestbedError(`refusing to clean up the unsafe prefix ${JSON.stringify(prefix)}`);
  const namespaces = namespacesSync().filter((n) => n.startsWith(prefix));
  killPids(taggedPids(prefix));
  for (const ns of namespaces) killPids(runSync(['ip', 'netns', 'pids', ns]).split(/\s+/).filter(Boolean).map(Number));
  // Deleting a namespace deletes its veth ends, and with them their peers.
  for (const ns of namespaces) runSync(['ip', 'netns', 'delete', ns]);
  for (const link of rootLinksSync().filter((n) => n.startsWith(prefix))) runSync(['ip', 'link', 'delete', link]);
}
