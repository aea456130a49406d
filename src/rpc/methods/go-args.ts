import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { CGRError } from '../../util/cgr-error';

/**
 * Argument checking that behaves like Go's `encoding/json` decoding into CGRateS' argument structs:
 * field names match case-insensitively, unknown keys are ignored, and a value of the wrong JSON type
 * fails with Go's `json: cannot unmarshal <value> into Go struct field <Struct>.<Field> of type <T>`.
 * Validators are compiled once, at module load (ajv costs ~13 ms per compile, ~25 ns per validate).
 */

/** One struct field: its JSON schema and the Go type named in error texts. */
export interface GoField {
  readonly schema: Record<string, unknown>;
  readonly goType: string;
}

export type GoFields = Readonly<Record<string, GoField>>;

const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: false, verbose: true });
ajv.addKeyword({ keyword: 'goType', schemaType: 'string' });

export const goString: GoField = { schema: { type: 'string' }, goType: 'string' };
export const goBool: GoField = { schema: { type: 'boolean' }, goType: 'bool' };
export const goInt: GoField = { schema: { type: 'integer' }, goType: 'int' };
export const goFloat: GoField = { schema: { type: 'number' }, goType: 'float64' };
export const goIntPtr: GoField = { schema: { type: ['integer', 'null'] }, goType: '*int' };
export const goStringList: GoField = {
  schema: { type: ['array', 'null'], items: { type: 'string', goType: 'string' } },
  goType: '[]string',
};
export const goMap: GoField = { schema: { type: ['object', 'null'] }, goType: 'map[string]interface {}' };
/** Deviation 6: a duration is integer nanoseconds (Go) or a Go duration string. */
export const goDuration: GoField = { schema: { type: ['integer', 'string'] }, goType: 'time.Duration' };
export const goTimeString: GoField = { schema: { type: ['string', 'null'] }, goType: 'time.Time' };

export function goStructField(fields: GoFields, goType: string): GoField {
  return { schema: objectSchema(fields), goType };
}

export function goStructList(fields: GoFields, goType: string): GoField {
  return { schema: { type: ['array', 'null'], items: { ...objectSchema(fields), goType } }, goType };
}

export const activationIntervalField = goStructField(
  { ActivationTime: goTimeString, ExpiryTime: goTimeString },
  '*utils.ActivationInterval',
);

function objectSchema(fields: GoFields): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(fields)) properties[name] = { ...f.schema, goType: f.goType };
  return { type: ['object', 'null'], properties };
}

/** A compiled checker for one Go argument struct. */
export interface GoArgs {
  /**
   * Returns the argument with its keys in Go's casing (a new object only when a key needed
   * renaming), or throws CGRError with Go's decode error text. Non-object arguments pass through
   * unchanged: the service decides what a missing argument means.
   */
  check(arg: unknown): unknown;
}

export function goArgs(structName: string, fields: GoFields): GoArgs {
  const validate: ValidateFunction = ajv.compile(objectSchema(fields));
  const canonical = new Map(Object.keys(fields).map((k) => [k.toLowerCase(), k]));
  const known = new Set(Object.keys(fields));
  return {
    check(arg: unknown): unknown {
      if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) return arg;
      const normalised = normaliseKeys(arg as Record<string, unknown>, known, canonical);
      if (!validate(normalised)) throw decodeError(structName, validate.errors?.[0]);
      return normalised;
    },
  };
}

function normaliseKeys(
  obj: Record<string, unknown>,
  known: ReadonlySet<string>,
  canonical: ReadonlyMap<string, string>,
): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(obj)) {
    if (known.has(key)) continue;
    const name = canonical.get(key.toLowerCase());
    if (name === undefined) continue;
    out ??= { ...obj };
    out[name] = obj[key];
    delete out[key];
  }
  return out ?? obj;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'number' : `number ${v}`;
  return typeof v;
}

function decodeError(structName: string, err: ErrorObject | undefined): CGRError {
  if (err === undefined) return new CGRError(`json: cannot unmarshal into Go value of type ${structName}`);
  const path = err.instancePath
    .split('/')
    .filter((seg) => seg !== '' && !/^[0-9]+$/.test(seg))
    .join('.');
  const goType = (err.parentSchema as { goType?: string } | undefined)?.goType ?? 'unknown';
  const where =
    path === ''
      ? `Go value of type ${structName}`
      : `Go struct field ${structName}.${path} of type ${goType}`;
  return new CGRError(`json: cannot unmarshal ${jsonKind(err.data)} into ${where}`);
}
