/**
 * Splits a byte stream of concatenated JSON values into parsed values: the framing Go's
 * `json.Decoder` gives CGRateS on raw TCP (values newline-separated or not, pretty-printed or not).
 *
 * Pure: bytes in, values out, no I/O, no timers.
 */

/** Kinds of framing failure; after any of them the stream cannot be resynchronised. */
export const FrameErrorKind = {
  /** One value is larger than `maxFrameBytes`. */
  TOO_LARGE: 'too_large',
  /** A byte at top level that cannot start a request (`abc`, a bare number or string). */
  GARBAGE: 'garbage',
  /** The value's boundaries were found but `JSON.parse` rejected it (`{"a":}`, `{"a":1]`). */
  MALFORMED: 'malformed',
  /** The input ended inside a value (see {@link JsonStreamFramer.end}). */
  TRUNCATED: 'truncated',
} as const;
/** One of {@link FrameErrorKind}. */
export type FrameErrorKind = (typeof FrameErrorKind)[keyof typeof FrameErrorKind];

/** A framing or parse failure. `reason` is human-readable and safe to send to the client. */
export interface FrameError {
  readonly kind: FrameErrorKind;
  readonly reason: string;
}

/** Options of {@link JsonStreamFramer}. */
export interface JsonStreamFramerOptions {
  /** Largest accepted value, in bytes, whitespace between values excluded. */
  readonly maxFrameBytes: number;
}

/** Receives each complete value, in stream order. */
export type FrameValueSink = (value: unknown) => void;

const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/** Returned by the parse step instead of a value; never a JSON value. */
const MALFORMED: unique symbol = Symbol('malformed');

/**
 * Incremental JSON value splitter.
 *
 * Each byte is looked at exactly once: the scanner keeps nesting depth, in-string and escape state
 * across chunks, so a value split anywhere (inside a string, between `\` and its escaped character,
 * inside a multi-byte UTF-8 sequence) needs no rescanning. UTF-8 continuation bytes are all >= 0x80
 * and so never look like a structural character. Bytes of an unfinished value are kept as a list of
 * chunk slices and concatenated once, when the value completes; a value that fits in one chunk is
 * decoded straight from that chunk.
 *
 * Only objects and arrays are accepted at top level (a request, or a JSON-RPC 2.0 batch). Bracket
 * kinds are not matched here; `JSON.parse` of the delimited slice reports `{"a":1]` as malformed.
 */
export class JsonStreamFramer {
  private readonly maxFrameBytes: number;
  /** Nesting depth of the value being scanned; 0 between values. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Slices of earlier chunks holding the start of the current value. */
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes consumed before the current chunk, for error offsets. */
  private streamOffset = 0;
  private error: FrameError | undefined;
  /** Message of the last `JSON.parse` failure; a field so that the success path returns the bare value. */
  private parseError = '';

  constructor(opts: JsonStreamFramerOptions) {
    this.maxFrameBytes = opts.maxFrameBytes;
  }

  /** Bytes held for a value that has not completed yet. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /** The error that stopped this framer, if any. */
  get failure(): FrameError | undefined {
    return this.error;
  }

  /**
   * Scans `chunk`, calling `onValue` for every value it completes. Returns the error that stops the
   * stream, if any (values before the error have already been delivered); once failed, every later
   * call returns the same error without scanning.
   */
  push(chunk: Buffer, onValue: FrameValueSink): FrameError | undefined {
    if (this.error !== undefined) return this.error;
    const len = chunk.length;
    // Where the current value starts in this chunk; 0 when it started in an earlier chunk.
    let start = 0;
    let i = 0;
    if (this.depth === 0) {
      start = this.skipToValue(chunk, 0, len);
      if (start < 0) return this.endChunk(start, len);
      i = start + 1;
      this.depth = 1;
    }
    while (i < len) {
      const last = this.scanValue(chunk, i, len);
      if (last < 0) break;
      const size = this.pendingBytes + last + 1 - start;
      if (size > this.maxFrameBytes) return this.tooLarge();
      const text =
        this.pendingBytes === 0
          ? chunk.toString('utf8', start, last + 1)
          : this.takePending(chunk.subarray(0, last + 1));
      const value = this.parse(text);
      if (value === MALFORMED) return this.fail(FrameErrorKind.MALFORMED, this.parseError);
      onValue(value);
      // onValue may have made this framer fail (the transport gave up on the stream).
      if (this.error !== undefined) return this.error;
      start = this.skipToValue(chunk, last + 1, len);
      if (start < 0) return this.endChunk(start, len);
      i = start + 1;
      this.depth = 1;
    }
    this.streamOffset += len;
    if (this.depth > 0) {
      const tail = len - start;
      if (this.pendingBytes + tail > this.maxFrameBytes) return this.tooLarge();
      // Copy only when the tail is a small part of a large chunk, so a long-lived partial frame does
      // not pin a whole socket read buffer.
      this.pending.push(tail * 2 < len ? Buffer.from(chunk.subarray(start)) : chunk.subarray(start));
      this.pendingBytes += tail;
    }
    return undefined;
  }

  /** Declares the end of input: an unfinished value is a {@link FrameErrorKind.TRUNCATED} error. */
  end(): FrameError | undefined {
    if (this.error !== undefined) return this.error;
    if (this.depth > 0)
      return this.fail(FrameErrorKind.TRUNCATED, 'unexpected end of input inside a JSON value');
    return undefined;
  }

  /**
   * Stops the framer from the outside (e.g. the connection is closing): the current and all later
   * `push` calls deliver no more values.
   */
  abort(reason: string): void {
    if (this.error === undefined) this.fail(FrameErrorKind.TRUNCATED, reason);
  }

  /**
   * Skips whitespace between values. Returns the index of the `{`/`[` that starts the next value,
   * -1 when the chunk ends first, -2 on garbage (the framer has failed).
   */
  private skipToValue(chunk: Buffer, from: number, len: number): number {
    for (let i = from; i < len; i++) {
      const c = chunk[i] as number;
      if (c === OPEN_BRACE || c === OPEN_BRACKET) return i;
      if (c !== SPACE && c !== LF && c !== CR && c !== TAB) {
        this.fail(
          FrameErrorKind.GARBAGE,
          `invalid character ${describeByte(c)} at offset ${this.streamOffset + i}, expected '{' or '['`,
        );
        return -2;
      }
    }
    this.depth = 0;
    return -1;
  }

  // The chunk ended between values (-1) or on garbage (-2).
  private endChunk(code: number, len: number): FrameError | undefined {
    if (code === -2) return this.error;
    this.streamOffset += len;
    return undefined;
  }

  /**
   * The hot loop, kept small so that V8 optimises it on its own: scans inside a value from `from`,
   * returns the index of the byte that closes it, or -1 when the chunk ends first. State is carried
   * in fields only across chunk boundaries.
   */
  private scanValue(chunk: Buffer, from: number, len: number): number {
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    for (let i = from; i < len; i++) {
      const c = chunk[i] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
      } else if (c === QUOTE) {
        inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
      } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) {
        // Outside any string here, so the string state fields are reset too.
        this.depth = 0;
        this.inString = false;
        this.escaped = false;
        return i;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return -1;
  }

  // Kept out of the scanning loop so that the try/catch does not sit in the hot loop.
  private parse(text: string): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      this.parseError = err instanceof Error ? err.message : String(err);
      return MALFORMED;
    }
  }

  private takePending(last: Buffer): string {
    this.pending.push(last);
    const text = Buffer.concat(this.pending, this.pendingBytes + last.length).toString('utf8');
    // Cleared in place: a fresh [] would start as a Smi array and deoptimise the next push of a Buffer.
    this.pending.length = 0;
    this.pendingBytes = 0;
    return text;
  }

  private tooLarge(): FrameError {
    return this.fail(FrameErrorKind.TOO_LARGE, `request exceeds max_request_bytes (${this.maxFrameBytes})`);
  }

  private fail(kind: FrameErrorKind, reason: string): FrameError {
    this.error = { kind, reason };
    this.pending.length = 0;
    this.pendingBytes = 0;
    return this.error;
  }
}

function describeByte(c: number): string {
  return c >= 0x21 && c <= 0x7e ? `'${String.fromCharCode(c)}'` : `0x${c.toString(16).padStart(2, '0')}`;
}
