import { JsonText } from '../util/json-text';
import { RECORD_FORMAT_VERSION } from './memory-store';
import { RecordFormatError } from './store-errors';

/**
 * The one on-disk encoding of a record, shared by every backend: `{"v":<version>,"data":<value>}`.
 * It is byte-identical to what memory-store keeps, so a later format can be migrated by looking at
 * `v` alone, whatever the backend.
 */
export function encodeRecord(data: unknown): string {
  // Pre-written text goes in as is: the same bytes JSON.stringify would give the envelope.
  if (data instanceof JsonText) return `{"v":${RECORD_FORMAT_VERSION},"data":${data.text}}`;
  // The envelope is an object literal, so the result is always a string; a BigInt or a cycle in
  // `data` throws here, before anything is sent, and the caller sees a failed write.
  return JSON.stringify({ v: RECORD_FORMAT_VERSION, data });
}

/**
 * Decodes an encoded record. `where` names the record (a key) in the error message.
 *
 * @throws RecordFormatError when the text is not JSON, is not an envelope, or carries a version this
 * build does not read (a newer build wrote it, or the data is not ours).
 */
export function decodeRecord(encoded: string, where: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(encoded);
  } catch (err) {
    throw new RecordFormatError(`${where}: record is not valid JSON`, { cause: err });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('v' in parsed)) {
    throw new RecordFormatError(`${where}: record has no format version field "v"`);
  }
  const { v } = parsed;
  if (v !== RECORD_FORMAT_VERSION) {
    throw new RecordFormatError(
      `${where}: unsupported record format version ${JSON.stringify(v)} (this build reads version ${RECORD_FORMAT_VERSION})`,
    );
  }
  return (parsed as { data?: unknown }).data;
}
