/**
 * A value already written as JSON text. Snapshots of large entities (stat queues) are produced this
 * way because writing the text directly is several times cheaper than building the object and
 * stringifying it; the record codec embeds the text as is.
 */
export class JsonText {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }
}
