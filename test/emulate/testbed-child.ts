import { Testbed } from '../../sim/emulate/testbed/testbed.js';

/**
 * For the testbed's test: builds a testbed with the prefix given, starts a process in one of
 * its namespaces, prints "ready" and waits to be killed by a signal.
 */
const prefix = process.argv[2];
const bed = await Testbed.create({ instances: 1, bandwidth: 25_000, buffer: 64 * 1024, ...(prefix ? { prefix } : {}) });
bed.spawn(bed.instance(0).ns, ['sleep', '600'], { stdio: 'ignore' });
process.stdout.write('ready\n');
setInterval(() => {}, 1000);
