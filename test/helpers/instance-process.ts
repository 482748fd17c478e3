import { spawn, type ChildProcess } from 'node:child_process';

/** An emulated instance process started on a free local port. */
export interface Instance {
  proc: ChildProcess;
  port: number;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Starts an instance process of model set `set` with `args` (--role …), resolved once it says it is ready. */
export function startInstance(set: string, ...args: string[]): Promise<Instance> {
  const proc = spawn(process.execPath, ['dist/sim/emulate/instance/main.js', '--listen', '127.0.0.1:0', '--models', 'models', '--set', set, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d) => (err += String(d)));
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    proc.stdout!.once('data', (d) => {
      const m = /^ready (\d+)\n$/.exec(String(d));
      if (m) resolve({ proc, port: Number(m[1]), stderr: () => err, exit });
      else reject(new Error(`instance said ${JSON.stringify(String(d))}`));
    });
    void exit.then((code) => reject(new Error(`instance exited with ${code}: ${err}`)));
  });
}
