import { CGRError } from '../src/util/cgr-error';
import { ifaceAsDuration } from '../src/util/go-duration';
import { StateField } from './metric-wire';

/** A JSON object as decoded from a stored metric. */
export type JsonObject = Readonly<Record<string, unknown>>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validating reads over a stored metric state (the body of one SQMetrics entry). Every failure is a
 * CGRError naming the metric and the field, so a corrupt Redis record is rejected instead of
 * producing a metric that silently reports wrong values.
 */
export class StateReader {
  readonly #metricID: string;
  readonly #state: JsonObject;

  constructor(metricID: string, state: unknown) {
    this.#metricID = metricID;
    if (!isObject(state)) throw this.#fail('', 'an object');
    this.#state = state;
  }

  #fail(path: string, expected: string): CGRError {
    const where = path === '' ? 'state' : `field ${path}`;
    return new CGRError(`invalid stored state for metric <${this.#metricID}>: ${where} must be ${expected}`);
  }

  /** A finite JSON number. */
  number(key: string): number {
    return this.numberAt(this.#state[key], key);
  }

  numberAt(v: unknown, path: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.#fail(path, 'a finite number');
    return v;
  }

  /** A number, or null when the field is null or absent (Go floats that were ±Inf cannot be stored). */
  optionalNumber(key: string): number | null {
    const v = this.#state[key];
    if (v === null || v === undefined) return null;
    return this.numberAt(v, key);
  }

  /** A safe integer >= min. */
  integer(key: string, min: number): number {
    return this.integerAt(this.#state[key], key, min);
  }

  integerAt(v: unknown, path: string, min: number): number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
      throw this.#fail(path, `an integer >= ${min}`);
    return v;
  }

  /** A safe integer in [min, max] (for values kept in a fixed-width typed array). */
  integerInRangeAt(v: unknown, path: string, min: number, max: number): number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max)
      throw this.#fail(path, `an integer from ${min} to ${max}`);
    return v;
  }

  /** Integer nanoseconds; a Go duration string is accepted too (DESIGN deviation 6). */
  durationNsAt(v: unknown, path: string): number {
    if (typeof v === 'string') {
      try {
        return ifaceAsDuration(v);
      } catch (err) {
        throw new CGRError(
          `invalid stored state for metric <${this.#metricID}>: field ${path} must be a duration`,
          {
            cause: err,
          },
        );
      }
    }
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw this.#fail(path, 'integer nanoseconds');
    return v;
  }

  durationNs(key: string): number {
    return this.durationNsAt(this.#state[key], key);
  }

  /** A string; absent or null reads as "" (Go's zero value). */
  string(key: string): string {
    const v = this.#state[key];
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') throw this.#fail(key, 'a string');
    return v;
  }

  /** A list of strings; null or absent reads as [] (Go marshals a nil slice as null). */
  stringList(key: string): string[] {
    const v = this.#state[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))
      throw this.#fail(key, 'a list of strings');
    // A copy: the metric freezes what it keeps, and the caller's state must stay untouched.
    return [...v];
  }

  /** A JSON object; null or absent reads as {} (a nil Go map). */
  object(key: string): JsonObject {
    const v = this.#state[key];
    if (v === undefined || v === null) return {};
    return this.objectAt(v, key);
  }

  /** A JSON object (null is rejected: a nil entry inside a Go map would crash CGRateS too). */
  objectAt(v: unknown, path: string): JsonObject {
    if (!isObject(v)) throw this.#fail(path, 'an object');
    return v;
  }

  /** A list of `{"Rules": string}` entries (Go RSRParsers); null or absent reads as []. */
  rulesList(key: string): string[] {
    const v = this.#state[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw this.#fail(key, 'a list of {"Rules": string}');
    return v.map((entry: unknown, i): string => {
      const rules = isObject(entry) ? entry[StateField.RULES] : undefined;
      if (typeof rules !== 'string') throw this.#fail(`${key}[${i}]`, '{"Rules": string}');
      return rules;
    });
  }
}
