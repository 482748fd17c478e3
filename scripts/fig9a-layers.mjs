#!/usr/bin/env node
// Where the time of a Fig. 9a-scale run goes, layer by layer (docs/benchmarks.md, "Round 23"):
// the benchmark's `none` world (bench/parm-fig9a.ts) as the simulator runs it with the switch-port
// model, with the fluid NIC shares instead, without the shuffles (or with shuffles that slow no
// host), without a network model at all, and, as the floor, `none`'s queue written directly
// against the engine (Simulation, Random): an arrival, a completion and a response event per query
// as the simulator has, the same draws, none of its layers (frontend, strategy, tasks, pools,
// executor, network). `--strategy` runs another of the benchmark's strategies through the
// simulator's variants (the floor stays `none`'s). Each variant runs in a process of its own,
// `--rounds` times in turn; the medians are printed in queries/s. Run after a build.
//   node scripts/fig9a-layers.mjs [--queries 1000000] [--rounds 3] [--strategy none]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { takeOption } from './lib/scenario-argument.mjs';
import { median } from '../dist/bench/kernel-mmc.js';
import { fig9aStrategies, fig9aWorld } from '../dist/bench/parm-fig9a.js';

const args = process.argv.slice(2);
const variant = takeOption(args, '--variant', '');
const queries = Number(takeOption(args, '--queries', 1_000_000));
const rounds = Number(takeOption(args, '--rounds', 3));
const strategyLabel = takeOption(args, '--strategy', 'none');

const VARIANTS = {
  'switch ports (the benchmark)': (w) => w,
  'fluid NIC shares': (w) => ({ ...w, network: { latency: w.network.latency, bandwidth: w.network.bandwidth } }),
  'ports, no shuffles': (w) => ({ ...w, stragglers: {} }),
  'fluid NIC shares, no shuffles': (w) => ({ ...w, network: { latency: w.network.latency, bandwidth: w.network.bandwidth }, stragglers: {} }),
  'ports, shuffles that slow no host': (w) => ({ ...w, stragglers: { shuffles: { ...w.stragglers.shuffles, slowdown: 1 } } }),
  'no network model, no shuffles': (w) => ({ ...w, network: { latency: w.network.latency }, stragglers: {} }),
};

if (variant !== '') {
  const seconds = variant === 'floor' ? await floor() : await simulator(VARIANTS[variant]);
  process.stdout.write(String(queries / seconds));
} else {
  const names = [...Object.keys(VARIANTS), 'floor'];
  const rates = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--variant', name, '--queries', String(queries), '--strategy', strategyLabel], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
      rates[name].push(Number(child.stdout));
    }
  }
  console.log(`${strategyLabel}, ${queries} queries, median of ${rounds} rounds (queries/s, each variant in its own process):`);
  for (const name of names) {
    const label = name === 'floor' ? "floor: none's queue on the engine alone" : name;
    console.log(`  ${label.padEnd(44)} ${(median(rates[name]) / 1e6).toFixed(3)} M`);
  }
}

/** The simulator on the benchmark's world, changed by `change`: seconds to simulate. */
async function simulator(change) {
  const { simulate } = await import('../dist/sim/strategies/simulate.js');
  const world = change(fig9aWorld(queries, true));
  const strategy = fig9aStrategies.find((s) => s.label === strategyLabel);
  const started = performance.now();
  simulate(world, strategy, 1);
  return (performance.now() - started) / 1000;
}

/**
 * The floor: the benchmark world's instances pulling from one queue, its Poisson arrivals, its
 * lognormal service and its fixed latency each way; an instance is reserved from the pull, its
 * service scheduled for when the request lands (as the simulator's executor does), and the
 * response is an event a latency after the service ends, which records the latency.
 */
async function floor() {
  const { Simulation } = await import('../dist/sim/engine/simulation.js');
  const { RandomStreams } = await import('../dist/sim/engine/random.js');
  const world = fig9aWorld(queries, true);
  const instances = world.cluster.instances, rate = world.arrivals.rate, latency = world.network.latency.value;
  const { median: serviceMedian, sigma } = world.cluster.service.time;
  const streams = new RandomStreams(1);
  const arrivals = streams.stream('arrivals'), service = streams.stream('service');
  const sim = new Simulation();
  const arrival = new Float64Array(queries), answered = new Float64Array(queries);
  const waiting = new Int32Array(queries);
  let head = 0, tail = 0, free = instances, next = 0;
  const serve = (q) => sim.schedule(latency + serviceMedian * Math.exp(sigma * service.normal()), done, q);
  const done = sim.on((q) => {
    sim.schedule(latency, response, q);
    if (head < tail) serve(waiting[head++]);
    else free++;
  });
  const response = sim.on((q) => {
    answered[q] = sim.now - arrival[q];
  });
  const arrive = sim.on(() => {
    const q = next++;
    arrival[q] = sim.now;
    if (next < queries) sim.schedule(arrivals.exponential(1 / rate), arrive);
    if (free > 0) {
      free--;
      serve(q);
    } else waiting[tail++] = q;
  });
  const started = performance.now();
  sim.schedule(arrivals.exponential(1 / rate), arrive);
  sim.run();
  return (performance.now() - started) / 1000;
}
