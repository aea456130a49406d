/**
 * cgr-console's argument syntax: `Key=value` pairs separated by spaces, where every value is a JSON
 * literal (`ID="Stats1"`, `QueueLength=100`, `FilterIDs=["a","b"]`, `Event={"Account":"1001"}`).
 * CGRateS (console/command_executer.go `ToJSON`) pastes each value into a JSON object and lets Go's
 * decoder judge it; this scanner accepts the same lines but finds the end of each value by JSON's
 * own rules, so nested objects (`Event={"a":{"b":1}}`) and strings holding spaces or brackets work,
 * where CGRateS' lazy regular expression cuts them at the first `}` or `]`.
 */

/** A line that is not `Key=value ...`; the message names the key and what is wrong with it. */
export class ConsoleArgsError extends Error {
  override get name(): string {
    return 'ConsoleArgsError';
  }

  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Go's `\w`: the characters a field name may have. */
function isKeyChar(c: string): boolean {
  return /^[A-Za-z0-9_]$/.test(c);
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Index just past the closing quote of the JSON string opening at `start`, or -1 when unterminated. */
function endOfString(line: string, start: number): number {
  for (let i = start + 1; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') i++;
    else if (c === '"') return i + 1;
  }
  return -1;
}

/** Index just past the bracket closing the array/object opening at `start`, or -1 when unbalanced. */
function endOfComposite(line: string, start: number): number {
  let depth = 0;
  for (let i = start; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      const end = endOfString(line, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (c === '[' || c === '{') {
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function endOfBare(line: string, start: number): number {
  let i = start;
  while (i < line.length && !isSpace(line[i])) i++;
  return i;
}

function parseValue(key: string, text: string, bare: boolean): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    if (bare) {
      // The usual cause: the shell ate the double quotes of ID="Stats1".
      throw new ConsoleArgsError(
        `${key}: ${text} is not a JSON value; strings need double quotes: ${key}="${text}" ` +
          `(in a shell, quote the whole argument: '${key}="${text}"')`,
      );
    }
    throw new ConsoleArgsError(`${key}: invalid JSON ${text}: ${(err as Error).message}`);
  }
}

/**
 * Parses `Key=value` pairs into an object, in the order given. Spaces may surround `=`. Throws
 * ConsoleArgsError on a missing `=` or value, a value that is not JSON (an unquoted string, an
 * unterminated string, unbalanced brackets, text glued after a closing quote) and on a key given
 * twice. An empty line gives `{}`.
 */
export function parseConsoleArgs(line: string): Record<string, unknown> {
  // A Map, then Object.fromEntries: a key such as __proto__ stays an ordinary own property.
  const out = new Map<string, unknown>();
  let pos = 0;
  for (;;) {
    while (isSpace(line[pos])) pos++;
    if (pos >= line.length) return Object.fromEntries(out);

    const keyStart = pos;
    while (pos < line.length && isKeyChar(line[pos] as string)) pos++;
    if (pos === keyStart) {
      throw new ConsoleArgsError(`expected Key=value, found: ${line.slice(keyStart)}`);
    }
    const key = line.slice(keyStart, pos);
    while (isSpace(line[pos])) pos++;
    if (line[pos] !== '=') throw new ConsoleArgsError(`${key}: expected Key=value (no "=" after ${key})`);
    pos++;
    while (isSpace(line[pos])) pos++;
    if (pos >= line.length) throw new ConsoleArgsError(`${key}: missing value after "="`);

    const first = line[pos];
    let end: number;
    if (first === '"') {
      end = endOfString(line, pos);
      if (end < 0) throw new ConsoleArgsError(`${key}: unterminated string ${line.slice(pos)}`);
    } else if (first === '[' || first === '{') {
      end = endOfComposite(line, pos);
      if (end < 0) throw new ConsoleArgsError(`${key}: unbalanced ${first} in ${line.slice(pos)}`);
    } else {
      end = endOfBare(line, pos);
    }
    if (end < line.length && !isSpace(line[end])) {
      throw new ConsoleArgsError(`${key}: unexpected text after the value: ${line.slice(pos)}`);
    }
    const value = parseValue(key, line.slice(pos, end), first !== '"' && first !== '[' && first !== '{');
    if (out.has(key)) throw new ConsoleArgsError(`${key}: given twice`);
    out.set(key, value);
    pos = end;
  }
}
