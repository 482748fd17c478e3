"""The SimPy reference for the kernel-mmc benchmark: the same M/M/8 queue at utilisation 0.9 as
bench/kernel-mmc.ts, written as SimPy is usually written (an arrival process, a process per
customer, a Resource of 8 servers). Run by bench/main.ts; prints one JSON object.

events = arrivals + departures, as in the TypeScript and C++ benchmarks (SimPy itself handles
more events of its own per customer: process start, request, timeout, release). Only
env.run() is timed.
"""
import json
import random
import sys
import time

import simpy


def main() -> None:
    arrivals = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    c, mu = 8, 1.0
    lam = 0.9 * c * mu
    arrival_rng, service_rng = random.Random(1), random.Random(2)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=c)
    stats = {"completed": 0, "total_wait": 0.0}

    def customer():
        arrived = env.now
        with servers.request() as request:
            yield request
            stats["total_wait"] += env.now - arrived
            yield env.timeout(service_rng.expovariate(mu))
        stats["completed"] += 1

    def source():
        for _ in range(arrivals):
            yield env.timeout(arrival_rng.expovariate(lam))
            env.process(customer())

    env.process(source())
    started = time.perf_counter()
    env.run()
    seconds = time.perf_counter() - started
    events = arrivals + stats["completed"]
    print(json.dumps({
        "arrivals": arrivals,
        "events": events,
        "seconds": round(seconds, 6),
        "events_per_s": round(events / seconds),
        "completed": stats["completed"],
        "mean_wait_ms": round(stats["total_wait"] / stats["completed"], 4),
        "simpy": simpy.__version__,
    }))


if __name__ == "__main__":
    main()
