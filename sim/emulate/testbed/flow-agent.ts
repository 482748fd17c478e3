import { createServer, connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { monotonicMs as now } from '../../engine/wall-clock.js';

/**
 * One long-lived agent per instance namespace, driven over stdin/stdout with JSON lines (a new
 * Node process per flow would cost ~100 ms of CPU). It sinks every connection to its port and,
 * on `{"op":"send","id","host","port","bytes"}`, opens one fresh TCP connection and sends.
 * Each connection starts with a header (flow id, byte count, start time on the monotonic clock
 * shared by all processes), so the sink alone can report the flow's duration:
 * `{"event":"received","id","ms"}`. Errors: `{"event":"error","id","message"}`.
 *
 * Usage: node flow-agent.js <listen address> <port>
 */

const HEADER = 24;
const CHUNK = 256 * 1024;
/** Sent over and over: a bulk flow allocates nothing per chunk. */
const payload = Buffer.alloc(CHUNK, 0x5a);

const [address = '0.0.0.0', portText = '7077'] = process.argv.slice(2);
const report = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

function sink(socket: Socket): void {
  const header = Buffer.alloc(HEADER);
  let headerBytes = 0;
  let remaining = -1;
  let id = -1;
  let start = 0;
  socket.on('data', (chunk: Buffer) => {
    let body = chunk.length;
    if (headerBytes < HEADER) {
      const take = Math.min(HEADER - headerBytes, chunk.length);
      chunk.copy(header, headerBytes, 0, take);
      headerBytes += take;
      body -= take;
      if (headerBytes < HEADER) return;
      id = header.readDoubleLE(0);
      remaining = header.readDoubleLE(8);
      start = header.readDoubleLE(16);
    }
    remaining -= body;
    if (remaining <= 0) {
      report({ event: 'received', id, ms: now() - start });
      socket.end();
    }
  });
  socket.on('error', (error) => report({ event: 'error', id, message: `receiving: ${error.message}` }));
  socket.on('close', () => {
    if (remaining > 0) report({ event: 'error', id, message: `the connection closed ${remaining} bytes short` });
  });
}

function send(id: number, host: string, port: number, bytes: number): void {
  const start = now();
  const socket = connect({ host, port });
  let remaining = bytes;
  const pump = () => {
    while (remaining > 0) {
      const n = Math.min(remaining, CHUNK);
      remaining -= n;
      if (!socket.write(n === CHUNK ? payload : payload.subarray(0, n))) {
        socket.once('drain', pump);
        return;
      }
    }
    socket.end();
  };
  socket.once('connect', () => {
    const header = Buffer.alloc(HEADER);
    header.writeDoubleLE(id, 0);
    header.writeDoubleLE(bytes, 8);
    header.writeDoubleLE(start, 16);
    socket.write(header);
    pump();
  });
  socket.on('data', () => {});
  socket.on('error', (error) => report({ event: 'error', id, message: `sending to ${host}:${port}: ${error.message}` }));
}

const server = createServer(sink);
server.on('error', (error) => {
  report({ event: 'error', id: -1, message: `listening on ${address}:${portText}: ${error.message}` });
  process.exit(1);
});
server.listen(Number(portText), address, () => report({ event: 'ready' }));

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const command = JSON.parse(line) as { op: string; id: number; host: string; port: number; bytes: number };
  if (command.op === 'send') send(command.id, command.host, command.port, command.bytes);
});
// The controller went away (or closed our stdin on purpose): nothing left to do.
lines.on('close', () => process.exit(0));
