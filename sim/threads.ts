/**
 * Calls answered by a helper thread of this process (the inference thread, the plot thread):
 * each request carries a number, each reply names it, so calls may overlap. The thread is held
 * only while a call waits, so an idle one never keeps the process alive; a failure comes back as
 * the error the thread's handler threw, with its code, path and syscall (a full disk still reads
 * as one); a thread that dies fails its waiting calls, and the next call starts a fresh one.
 */
import { parentPort, Worker } from 'node:worker_threads';

interface ThreadError { message: string; code?: string; path?: string; syscall?: string }
type Reply = { call: number; value: unknown } | { call: number; error: ThreadError };

export interface ThreadCalls<Request, Result> {
  /** Posts `request` (moving the buffers in `transfer`) and resolves with the thread's answer. */
  call(request: Request, transfer?: ArrayBuffer[]): Promise<Result>;
  /** Starts the thread now (it loads its modules while this thread goes on); calls start it anyway. */
  start(): void;
}

/** The calling side, for the thread script at `url`. */
export function threadCalls<Request extends object, Result>(url: URL): ThreadCalls<Request, Result> {
  let worker: Worker | undefined;
  let calls = 0;
  const waiting = new Map<number, { resolve: (value: Result) => void; reject: (err: Error) => void }>();
  const start = (): Worker => {
    if (worker) return worker;
    const w = new Worker(url);
    w.on('message', (reply: Reply) => {
      const pending = waiting.get(reply.call);
      waiting.delete(reply.call);
      if (waiting.size === 0) w.unref();
      if ('error' in reply) pending?.reject(Object.assign(new Error(reply.error.message), reply.error));
      else pending?.resolve(reply.value as Result);
    });
    w.on('error', (err) => {
      for (const pending of waiting.values()) pending.reject(err);
      waiting.clear();
      worker = undefined;
    });
    // After the listeners: adding a 'message' listener would hold the process again.
    w.unref();
    worker = w;
    return w;
  };
  return {
    start: () => void start(),
    call: (request, transfer = []) => {
      const w = start();
      const call = ++calls;
      if (waiting.size === 0) w.ref();
      return new Promise<Result>((resolve, reject) => {
        waiting.set(call, { resolve, reject });
        // In an envelope: the request's own fields may use any name, `call` included.
        w.postMessage({ call, request }, transfer);
      });
    },
  };
}

/**
 * The thread's side: answers every request with what `handle` resolves to (moving the buffers
 * `transfer` lists) or with the error it threw.
 */
export function answerCalls<Request, Result>(handle: (request: Request) => Promise<Result>, transfer: (result: Result) => ArrayBuffer[] = () => []): void {
  parentPort?.on('message', async ({ call, request }: { call: number; request: Request }) => {
    let reply: Reply, moved: ArrayBuffer[] = [];
    try {
      const value = await handle(request);
      moved = transfer(value);
      reply = { call, value };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      reply = { call, error: { message: e instanceof Error ? e.message : String(err), code: e.code, path: e.path, syscall: e.syscall } };
    }
    parentPort!.postMessage(reply, moved);
  });
}
