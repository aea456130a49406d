/** A batch taken from a LineQueue: its lines and the sequence number just after the last one. */
export interface LineBatch {
  readonly lines: readonly string[];
  readonly endSeq: number;
}

/**
 * A FIFO of line-protocol lines with a hard cap: when full, the oldest lines are dropped (a long
 * InfluxDB outage must not grow memory without bound). Lines carry sequence numbers so that
 * acknowledging a batch after an await never removes lines that overflow already dropped and that
 * replaced it at the head.
 */
export class LineQueue {
  private lines: string[] = [];
  private head = 0;
  /** Sequence number of lines[0]. */
  private base = 0;
  private readonly maxLines: number;
  /** Lines dropped because the queue was full, since creation. */
  dropped = 0;

  constructor(maxLines: number) {
    this.maxLines = maxLines;
  }

  get length(): number {
    return this.lines.length - this.head;
  }

  push(line: string): void {
    if (this.length >= this.maxLines) {
      this.head++;
      this.dropped++;
    }
    this.lines.push(line);
    this.compact();
  }

  /** Up to `n` lines from the head, not removed until ack(). */
  peek(n: number): LineBatch {
    const lines = this.lines.slice(this.head, this.head + n);
    return { lines, endSeq: this.base + this.head + lines.length };
  }

  /** Removes every line before `endSeq` (those of an acknowledged batch), if still queued. */
  ack(endSeq: number): void {
    this.head = Math.min(this.lines.length, Math.max(this.head, endSeq - this.base));
    this.compact();
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.lines.length) {
      this.lines = this.lines.slice(this.head);
      this.base += this.head;
      this.head = 0;
    }
  }
}
