import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
import { join } from 'node:path';

/** A message between the bench and one of its child processes: a `type` and any JSON fields. */
export interface BenchMessage {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Options of {@link BenchChild.start}. */
export interface BenchChildOptions {
  /** Extra node flags (`--expose-gc`, `--cpu-prof`, ...). */
  readonly execArgv?: readonly string[];
  /** Killed after this long whatever happens, so no child outlives a stuck bench. */
  readonly lifetimeMs: number;
  /** How long to wait for the first message (the child's `ready`). */
  readonly readyTimeoutMs?: number;
}

const DEFAULT_READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

/**
 * A compiled bench module run in its own node process with an IPC channel. Children write their
 * logs to our stderr (never our stdout, which carries the one JSON document) and talk through
 * `process.send`. Each one gets a hard lifetime: the bench never leaves a process behind.
 */
export class BenchChild {
  readonly name: string;
  private readonly child: ChildProcess;
  private readonly inbox: BenchMessage[] = [];
  /** Pending `next()` calls, oldest first; a message goes to the oldest waiter of its type. */
  private readonly waiters: Waiter[] = [];
  private exitInfo: string | undefined;
  private readonly killTimer: NodeJS.Timeout;
  private readonly exited: Promise<void>;
  /** Called for messages nobody waits for (e.g. a load generator's window marks). */
  onUnsolicited: ((m: BenchMessage) => void) | undefined;

  private constructor(name: string, child: ChildProcess, lifetimeMs: number) {
    this.name = name;
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = `exited with ${code ?? signal ?? 'unknown'}`;
        clearTimeout(this.killTimer);
        for (const w of this.waiters.splice(0)) {
          w.reject(new Error(`${this.name} ${this.exitInfo} while we waited for "${w.type}"`));
        }
        resolve();
      });
    });
    child.on('message', (raw: unknown) => this.receive(raw));
    child.once('error', (err) => {
      this.exitInfo = `failed: ${err.message}`;
    });
    this.killTimer = setTimeout(() => {
      process.stderr.write(`bench: ${name} exceeded its ${lifetimeMs} ms lifetime, killing it\n`);
      child.kill('SIGKILL');
    }, lifetimeMs);
    this.killTimer.unref();
  }

  /** Forks `dist/bench/<module>.js` with `arg` as its JSON argument and waits for its `ready` message. */
  static async start(
    module: string,
    arg: unknown,
    opts: BenchChildOptions,
  ): Promise<{ child: BenchChild; ready: BenchMessage }> {
    const child = fork(join(__dirname, `${module}.js`), [JSON.stringify(arg)], {
      execArgv: [...(opts.execArgv ?? [])],
      // The child's stdout goes to our stderr: our stdout is reserved for the result document.
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    const bc = new BenchChild(module, child, opts.lifetimeMs);
    try {
      const ready = await bc.next('ready', opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
      return { child: bc, ready };
    } catch (err) {
      await bc.kill();
      throw err;
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(message: BenchMessage): void {
    if (this.exitInfo !== undefined) throw new Error(`${this.name} ${this.exitInfo}`);
    this.child.send(message);
  }

  /** Sends a request and waits for the reply of type `replyType`. */
  async request(message: BenchMessage, replyType: string, timeoutMs: number): Promise<BenchMessage> {
    this.send(message);
    return this.next(replyType, timeoutMs);
  }

  /** The next message of `type` (earlier ones of other types are dropped); rejects on `error` messages. */
  next(type: string, timeoutMs: number): Promise<BenchMessage> {
    const i = this.inbox.findIndex((m) => m.type === type || m.type === 'error');
    if (i >= 0) {
      const m = this.inbox.splice(i, 1)[0] as BenchMessage;
      if (m.type === 'error') return Promise.reject(new Error(`${this.name}: ${String(m['message'])}`));
      return Promise.resolve(m);
    }
    if (this.exitInfo !== undefined) return Promise.reject(new Error(`${this.name} ${this.exitInfo}`));
    return new Promise<BenchMessage>((resolve, reject) => {
      const waiter: Waiter = {
        type,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.removeWaiter(waiter);
        reject(new Error(`${this.name}: no "${type}" message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Asks the child to stop (`{type:"stop"}`), waits for its exit, kills it if it does not go. */
  async stop(): Promise<void> {
    if (this.exitInfo !== undefined) return;
    try {
      this.child.send({ type: 'stop' });
    } catch {
      // The channel is already closed; the kill below settles it.
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /**
   * Waits for a child that exits on its own once it has reported (so `--cpu-prof` can write its
   * profile); kills it if it is still there after `timeoutMs`.
   */
  async finish(timeoutMs: number): Promise<void> {
    if (this.exitInfo !== undefined) return;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Kills the child now (only this child, by its own handle) and waits for the exit. */
  async kill(): Promise<void> {
    if (this.exitInfo !== undefined) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  private receive(raw: unknown): void {
    if (raw === null || typeof raw !== 'object' || typeof (raw as BenchMessage).type !== 'string') return;
    const m = raw as BenchMessage;
    if (m.type === 'mark' && this.onUnsolicited !== undefined) {
      this.onUnsolicited(m);
      return;
    }
    // An error answers the oldest request: the child handles its messages in order.
    const w = m.type === 'error' ? this.waiters[0] : this.waiters.find((x) => x.type === m.type);
    if (w === undefined) {
      this.inbox.push(m);
      return;
    }
    this.removeWaiter(w);
    if (m.type === 'error') w.reject(new Error(`${this.name}: ${String(m['message'])}`));
    else w.resolve(m);
  }

  private removeWaiter(w: Waiter): void {
    const i = this.waiters.indexOf(w);
    if (i >= 0) this.waiters.splice(i, 1);
  }
}

interface Waiter {
  readonly type: string;
  readonly resolve: (m: BenchMessage) => void;
  readonly reject: (e: Error) => void;
}

/** The JSON argument a child was started with (see {@link BenchChild.start}). */
export function childArg<T>(): T {
  const raw = process.argv[2];
  if (raw === undefined)
    throw new Error('this module is a bench child process: run it through `npm run bench`');
  return JSON.parse(raw) as T;
}

/** Sends a message to the parent bench (no-op when not forked). */
export function toParent(message: BenchMessage): void {
  process.send?.(message);
}

/** Sends a message to the parent and resolves once it has been handed to the IPC channel. */
export function toParentFlushed(message: BenchMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

/**
 * Runs a child's main function: reports a failure to the parent as an `error` message and exits
 * non-zero; exits on its own when the parent goes away.
 */
export function runChild(main: () => Promise<void>): void {
  process.on('disconnect', () => process.exit(0));
  main().catch((err: unknown) => {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`${message}\n`);
    toParent({ type: 'error', message });
    setTimeout(() => process.exit(1), 100);
  });
}

/** Monotonic µs on the clock V8's CPU profiler stamps samples with, to cut a profile to a window. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Counts `net.Socket#write` calls in this process (bench children only): how many writes the
 * server made per reply is what reply coalescing is about. One increment per write, nothing else.
 */
export function countSocketWrites(): () => number {
  const proto = Socket.prototype as unknown as { write: (...args: unknown[]) => boolean };
  const original = proto.write;
  let writes = 0;
  proto.write = function write(this: unknown, ...args: unknown[]): boolean {
    writes++;
    return original.apply(this, args);
  };
  return () => writes;
}
