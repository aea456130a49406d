/**
 * The message of anything thrown. Checks the shape rather than `instanceof Error`, which fails for
 * errors made in another realm (Node's core errors seen from a vm context, as under Jest).
 */
export function errorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const msg = (err as { message?: unknown }).message;
    if (typeof msg === 'string' && msg !== '') return msg;
  }
  return String(err);
}
