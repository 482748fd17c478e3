/**
 * The instance process the emulator starts in each host's network namespace:
 *   node dist/sim/emulate/instance/main.js --listen ADDR:PORT --models DIR --set NAME
 *        --role data|parity|replica|backup [CODING] [--data DIR]
 * where CODING says what a coded instance serves (codingArgs in coding.ts writes it):
 *   --role parity --k K --encoder E[,E2]     ParM's parity models for k, one per encoder
 *                                            (addition, concatenation, weighted), each on its own encoding
 *   --role parity --k K --encoder berrut --stragglers S [--systematic]
 *                                            the deployed model on Berrut-coded queries (ApproxIFER)
 *   --role backup --k K --encoder collage    the collage classifier for k on concatenation collages
 * and none for a plain instance (data and replica: the deployed model; backup: the backup model).
 * Prints `ready` on stdout once it listens (`ready PORT` when PORT was 0, so a caller can learn
 * the port the kernel chose), serves one frontend connection, and exits when that connection
 * closes (0; 1 after a malformed frame, reported in one line on stderr) or on SIGTERM (0).
 * Bad arguments: one line on stderr and exit code 2.
 */
import { InputError } from '../../errors.js';
import { roleNames } from '../../cluster/outcomes.js';
import { encoderNames, isEncoderName, type EncoderName } from '../../predict/encoders/index.js';
import type { InstanceCoding } from './coding.js';
import { InstanceServer, type InstanceOptions, type RoleName } from './server.js';

const USAGE = 'usage: main.js --listen ADDR:PORT --models DIR --set NAME --role data|parity|replica|backup ' +
  '[--k K --encoder addition|concatenation|weighted[,weighted] | --k K --encoder berrut --stragglers S [--systematic] | --k K --encoder collage] [--data DIR]';

/** Flags that stand alone, with no value after them. */
const SWITCHES = ['systematic'];

interface Args extends InstanceOptions {
  host: string;
  port: number;
}

function parseArgs(argv: string[]): Args {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    if (SWITCHES.includes(flag.slice(2)) && flag.startsWith('--')) {
      flags.set(flag.slice(2), 'true');
      i--;
      continue;
    }
    const value = argv[i + 1];
    if (!flag.startsWith('--') || value === undefined) throw new InputError('arguments', flag, 'a --flag followed by its value', argv.slice(i).join(' '), USAGE);
    flags.set(flag.slice(2), value);
  }
  const known = ['listen', 'models', 'set', 'role', 'k', 'encoder', 'stragglers', 'systematic', 'data'];
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
  const args: Args = {
    host: listen.slice(0, colon).replace(/^\[(.*)\]$/, '$1'),
    port,
    modelsRoot: need('models'),
    set: need('set'),
    role: role as RoleName,
    coding: parseCoding(role as RoleName, flags, need),
  };
  const data = flags.get('data');
  if (data !== undefined) args.dataDir = data;
  return args;
}

/** What the role and the coding flags ask the instance to serve; a flag the coding does not take is refused. */
function parseCoding(role: RoleName, flags: Map<string, string>, need: (name: string) => string): InstanceCoding {
  const encoder = flags.get('encoder');
  const allow = (...names: string[]) => {
    for (const f of ['k', 'encoder', 'stragglers', 'systematic']) {
      if (flags.has(f) && !names.includes(f)) throw new InputError('arguments', `--${f}`, `no --${f} for ${encoder === undefined ? `a ${role} instance` : `--encoder ${encoder}`}`, `--${f} ${flags.get(f)}`, USAGE);
    }
  };
  const groupSize = () => {
    const k = Number(need('k'));
    if (!Number.isInteger(k) || k < 2) throw new InputError('arguments', '--k', 'an integer group size of at least 2', need('k'));
    return k;
  };
  if (encoder === undefined) {
    if (role === 'parity') need('encoder');
    allow();
    return { kind: 'plain' };
  }
  const expected = role === 'parity' ? `${encoderNames.join(' | ')} (or two of them, comma-separated) | berrut` : role === 'backup' ? 'collage' : 'nothing';
  const wrong = () => new InputError('arguments', '--encoder', `${expected} for a ${role} instance`, encoder);
  if (role === 'backup') {
    if (encoder !== 'collage') throw wrong();
    allow('k', 'encoder');
    return { kind: 'collage', k: groupSize() };
  }
  if (role !== 'parity') throw wrong();
  if (encoder === 'berrut') {
    allow('k', 'encoder', 'stragglers', 'systematic');
    const k = groupSize();
    const stragglers = Number(need('stragglers'));
    // A TASK numbers its coded query in one byte.
    if (!Number.isInteger(stragglers) || stragglers < 1 || k + stragglers > 256) {
      throw new InputError('arguments', '--stragglers', 'an integer of at least 1, with k + stragglers at most 256', need('stragglers'));
    }
    return { kind: 'berrut', k, stragglers, systematic: flags.has('systematic') };
  }
  allow('k', 'encoder');
  const encoders = encoder.split(',');
  if (encoders.length > 2 || new Set(encoders).size !== encoders.length || !encoders.every(isEncoderName)) throw wrong();
  return { kind: 'parity', k: groupSize(), encoders: encoders as EncoderName[] };
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
