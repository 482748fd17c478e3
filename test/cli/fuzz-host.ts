/**
 * A process for the scenario fuzzer (fuzz-scenarios.test.ts) that runs command lines one at a
 * time through the CLI's entry, main(argv), as bin/parm-sim.js does, and answers each with its
 * exit code and stderr: the modules are loaded once for all mutants, not once per mutant. A
 * crash or a hang ends this process; the fuzzer sees that, and starts another for the rest.
 */
import { cliHere } from '../helpers/cli.js';

process.on('message', async (m: { args: string[] }) => {
  const r = await cliHere(...m.args);
  process.send!({ status: r.status, stderr: r.stderr });
});
