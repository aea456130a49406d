import { connect } from 'node:net';
import type { Socket } from 'node:net';

interface Reply {
  readonly id: number;
  readonly result: unknown;
  readonly error: string | null;
}

/**
 * A small pipelined JSON-RPC 1.0 client over TCP for the bench's set-up calls (loading profiles,
 * reading a metric back). Replies are newline-terminated, as StatQueue writes them.
 */
export class BenchRpcClient {
  private readonly socket: Socket;
  private nextID = 1;
  private buffered = '';
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (err) => this.failAll(err));
    socket.on('close', () => this.failAll(new Error('connection closed')));
  }

  static connect(port: number): Promise<BenchRpcClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port, noDelay: true });
      s.once('connect', () => {
        s.off('error', reject);
        resolve(new BenchRpcClient(s));
      });
      s.once('error', reject);
    });
  }

  /** One call; rejects with the error string of an error reply. */
  async call(method: string, arg: unknown): Promise<unknown> {
    const reply = await this.send(method, arg);
    if (reply.error !== null) throw new Error(`${method}: ${reply.error}`);
    return reply.result;
  }

  /**
   * Calls `method` once per argument with at most `window` calls in flight; rejects on the first
   * error reply. Bounded by the number of arguments.
   */
  async callMany(method: string, args: readonly unknown[], window: number): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < args.length) {
        const arg = args[next++];
        await this.call(method, arg);
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, args.length) }, worker));
  }

  close(): void {
    this.socket.destroy();
  }

  private send(method: string, arg: unknown): Promise<Reply> {
    const id = this.nextID++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.write(`${JSON.stringify({ method, params: [arg], id })}\n`);
    });
  }

  private onData(chunk: string): void {
    this.buffered += chunk;
    let nl = this.buffered.indexOf('\n');
    while (nl >= 0) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      if (line.trim() !== '') {
        const reply = JSON.parse(line) as Reply;
        const p = this.pending.get(reply.id);
        if (p !== undefined) {
          this.pending.delete(reply.id);
          p.resolve(reply);
        }
      }
      nl = this.buffered.indexOf('\n');
    }
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
