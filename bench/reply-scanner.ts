const LF = 0x0a;
/** Every successful v1 reply ends with `"error":null}`. */
export const OK_TAIL = 'null}';
const ID_HEAD = '{"id":';

/**
 * Finds reply boundaries (`\n`) in a byte stream and, per reply, whether it succeeded and, when
 * asked, its numeric id. Only the first and last few bytes of a reply are looked at.
 */
export class ReplyScanner {
  private head = '';
  private tail = '';
  private readonly wantIDs: boolean;
  firstError: string | null = null;
  private errorText = '';

  constructor(wantIDs: boolean) {
    this.wantIDs = wantIDs;
  }

  /** Calls `onReply` per complete reply; returns the number of replies. */
  scan(chunk: Buffer, onReply: (id: number, ok: boolean) => void): number {
    let pos = 0;
    let n = 0;
    const len = chunk.length;
    for (;;) {
      const nl = chunk.indexOf(LF, pos);
      if (nl < 0) {
        if (this.wantIDs && this.head.length < 24)
          this.head += chunk.toString('latin1', pos, Math.min(len, pos + 24));
        this.tail = (this.tail + chunk.toString('latin1', Math.max(pos, len - 5), len)).slice(-5);
        if (this.firstError === null && len - pos < 512) this.errorText += chunk.toString('utf8', pos, len);
        return n;
      }
      const last =
        nl - pos >= 5
          ? chunk.toString('latin1', nl - 5, nl)
          : (this.tail + chunk.toString('latin1', pos, nl)).slice(-5);
      const ok = last === OK_TAIL;
      let id = -1;
      if (this.wantIDs) {
        const head = this.head + chunk.toString('latin1', pos, Math.min(nl, pos + 24));
        if (head.startsWith(ID_HEAD)) id = Number.parseInt(head.slice(ID_HEAD.length), 10);
      }
      if (!ok && this.firstError === null) {
        this.firstError = (this.errorText + chunk.toString('utf8', pos, nl)).slice(0, 300);
      }
      this.head = '';
      this.tail = '';
      this.errorText = '';
      onReply(id, ok);
      n++;
      pos = nl + 1;
    }
  }
}
