import { timingSafeEqual } from 'node:crypto';

/**
 * Compares presented credentials with the configured `listen.api_key` in constant time for equal
 * lengths, so response timing does not reveal how much of a guessed key was right.
 */
export class ApiKeyMatcher {
  private readonly key: Buffer;

  /** `apiKey` empty means authentication is disabled. */
  constructor(apiKey: string) {
    this.key = Buffer.from(apiKey, 'utf8');
  }

  /** True when an api key is configured. */
  get enabled(): boolean {
    return this.key.length > 0;
  }

  /** True when `candidate` is a string equal to the configured key (always false when disabled). */
  matches(candidate: unknown): boolean {
    if (typeof candidate !== 'string' || this.key.length === 0) return false;
    // Length mismatches return early: the key's length is not the secret part.
    if (Buffer.byteLength(candidate, 'utf8') !== this.key.length) return false;
    return timingSafeEqual(Buffer.from(candidate, 'utf8'), this.key);
  }

  /** Matches an HTTP `Authorization` header of the form `Bearer <key>` (scheme case-insensitive). */
  matchesBearer(header: string | undefined): boolean {
    if (header === undefined || header.length < 7) return false;
    if (header.slice(0, 7).toLowerCase() !== 'bearer ') return false;
    return this.matches(header.slice(7).trim());
  }
}
