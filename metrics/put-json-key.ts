/**
 * Sets `key` on a plain object meant for JSON. Event IDs and field values are user data, and a plain
 * assignment of `"__proto__"` would change the prototype instead of adding the key.
 */
export function putJsonKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
