/**
 * The instance process the emulator starts in each host's network namespace:
 *   node dist/sim/emulate/instance/main.js --listen ADDR:PORT --models DIR --set NAME
 *        --role data|parity|replica|backup [--k K --encoder addition|concatenation] [--data DIR]
 * Prints `ready` on stdout once it listens (`ready PORT` when PORT was 0, so a caller can learn
 * the port the kernel chose), serves one frontend connection, and exits when that connection
 * closes (0; 1 after a malformed frame, reported in one line on stderr) or on SIGTERM (0).
 * Bad arguments: one line on stderr and exit code 2.
 */
import { InputError } from '../../errors.js';
import { roleNames } from '../../cluster/outcomes.js';
import { encoderNames, isEncoderName } from '../../predict/encoders/index.js';
import { InstanceServer, type InstanceOptions, type RoleName } from './server.js';

const USAGE = 'usage: main.js --listen ADDR:PORT --models DIR --set NAME --role data|parity|replica|backup ' +
  '[--k K --encoder addition|concatenation] [--data DIR]';

interface Args extends InstanceOptions {
  host: string;
  port: number;
}

function parseArgs(argv: string[]): Args {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!, value = argv[i + 1];
    if (!flag.startsWith('--') || value === undefined) throw new InputError('arguments', flag, 'a --flag followed by its value', argv.slice(i).join(' '), USAGE);
    flags.set(flag.slice(2), value);
  }
  const known = ['listen', 'models', 'set', 'role', 'k', 'encoder', 'data'];
  for (const f of flags.keys()) if (!known.includes(f)) throw new InputError('arguments', `--${f}`, `one of ${known.map((k) => `--${k}`).join(', ')}`, `--${f}`);
  const need = (name: string): string => {
    const v = flags.get(name);
    if (v === undefined) throw new InputError('arguments', `--${name}`, 'a value', 'nothing', USAGE);
    return v;
  };
  const listen = need('listen');
  const colon = listen.lastIndexOf(':');
  const port = Number(listen.slice(colon + 1));
  if (colon < 1 || !Number.isInteger(port) || port < 0 || port > 65535) throw new InputError('arguments', '--listen', 'ADDR:PORT', listen);
  const role = need('role');
  if (!(roleNames as readonly string[]).includes(role)) throw new InputError('arguments', '--role', roleNames.join(' | '), role);
  const args: Args = { host: listen.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port, modelsRoot: need('models'), set: need('set'), role: role as RoleName };
  const data = flags.get('data');
  if (data !== undefined) args.dataDir = data;
  if (role === 'parity') {
    const k = Number(need('k'));
    if (!Number.isInteger(k) || k < 2) throw new InputError('arguments', '--k', 'an integer group size of at least 2', need('k'));
    const encoder = need('encoder');
    if (!isEncoderName(encoder)) throw new InputError('arguments', '--encoder', encoderNames.join(' | '), encoder);
    args.k = k;
    args.encoder = encoder;
  }
  return args;
}

async function main(): Promise<number> {
  let args: Args;
  let server: InstanceServer;
  try {
    args = parseArgs(process.argv.slice(2));
    server = await InstanceServer.load(args);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    process.stderr.write(`instance: ${err.message}\n`);
    return 2;
  }
  const port = await server.listen(args.host, args.port);
  process.once('SIGTERM', () => {
    server.close();
    process.exit(0);
  });
  process.stdout.write(args.port === 0 ? `ready ${port}\n` : 'ready\n');
  const failure = await server.whenClosed();
  await server.release();
  if (!failure) return 0;
  process.stderr.write(`instance: ${failure.message.split('\n')[0]}\n`);
  // A frontend that dies mid-run resets the connection: the end of its run, not this process's fault.
  const code = (failure as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' || code === 'EPIPE' ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`instance: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    process.exit(1);
  },
);
