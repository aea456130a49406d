/**
 * Streams the records of one tariff-plan CSV file with Go `encoding/csv` rules as CGRateS configures
 * it: `,` separator, `#` whole-line comments, RFC 4180 quoting (no lazy quotes), leading spaces kept,
 * blank lines skipped. Column counts are left to the caller so it can name the item of a bad row.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import type { CsvError, Info } from 'csv-parse';
import type { CsvRow } from './row-reader';

/** How often (in records) progress is reported while a file is parsed. */
const PROGRESS_EVERY_ROWS = 1000;

/** Callbacks of readCsvRows. */
export interface CsvRowHandlers {
  onRow(row: CsvRow): void;
  /** A record the parser could not read (bad quoting); parsing goes on with the next record. */
  onParseError(line: number, message: string): void;
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

/** How much of a file is looked at to tell CRLF files from LF ones. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Whether the file uses CRLF line ends. csv-parse's record-delimiter auto-detection allocates on
 * every character (10x slower on big files), so the delimiter is chosen here from the first bytes.
 */
async function usesCrlf(absPath: string): Promise<boolean> {
  const fh = await open(absPath, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead).includes('\r\n');
  } finally {
    await fh.close();
  }
}

/** Counts lines the way an editor numbers them, streaming (for progress totals). */
async function countLines(absPath: string): Promise<number> {
  let lines = 0;
  let lastByte = -1;
  for await (const chunk of createReadStream(absPath) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines++;
    if (chunk.length > 0) lastByte = chunk[chunk.length - 1] ?? -1;
  }
  return lastByte !== -1 && lastByte !== 0x0a ? lines + 1 : lines;
}

function countChar(cells: readonly string[], ch: string): number {
  let n = 0;
  for (const cell of cells) {
    for (let i = cell.indexOf(ch); i !== -1; i = cell.indexOf(ch, i + 1)) n++;
  }
  return n;
}

/**
 * Reads `absPath` and hands every record to `handlers.onRow` with `file` = `relPath`. Rejects only
 * when the file cannot be read at all.
 */
export async function readCsvRows(absPath: string, relPath: string, handlers: CsvRowHandlers): Promise<void> {
  const rowsTotal = handlers.onProgress === undefined ? 0 : await countLines(absPath);
  // csv-parse counts every CR and every LF it visits as a line, except inside a CRLF record
  // delimiter; Go counts LFs. Each CR that ends up inside a cell (a quoted CRLF, or a CRLF line in a
  // file sniffed as LF) is therefore one line too many, for this record and every later one.
  let extraLines = 0;
  // Go's encoding/csv takes both line ends; a CRLF file also gets bare LF as a fallback.
  const recordDelimiter = (await usesCrlf(absPath)) ? ['\r\n', '\n'] : '\n';
  const parser = parse({
    delimiter: ',',
    record_delimiter: recordDelimiter,
    // comment_no_infix: `#` only starts a comment at the beginning of a line, as in Go; without it
    // `*sum#~*req.Usage` would be cut at the `#` (toolchain notes §2, "csv-parse trap").
    comment: '#',
    comment_no_infix: true,
    relax_column_count: true,
    relax_quotes: false,
    skip_empty_lines: true,
    skip_records_with_error: true,
    bom: true,
    info: true,
    on_skip: (err: CsvError | undefined) => {
      if (err !== undefined) handlers.onParseError(errorLine(err) - extraLines, err.message);
      return undefined;
    },
  });
  const input = createReadStream(absPath);
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  let rowsDone = 0;
  let records = 0;
  handlers.onProgress?.(0, rowsTotal);
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: Info }>) {
    const cells = rec.record;
    const crs = countChar(cells, '\r');
    extraLines += crs;
    // info.lines is where the record ends; a quoted cell spanning lines moves the start back.
    const line = rec.info.lines - extraLines - countChar(cells, '\n');
    if (crs > 0) dropCarriageReturns(cells);
    handlers.onRow({ file: relPath, cells, line });
    rowsDone = rec.info.lines - extraLines;
    if (handlers.onProgress !== undefined && ++records % PROGRESS_EVERY_ROWS === 0) {
      handlers.onProgress(rowsDone, Math.max(rowsTotal, rowsDone));
    }
  }
  handlers.onProgress?.(Math.max(rowsTotal, rowsDone), Math.max(rowsTotal, rowsDone));
}

/**
 * Go's reader removes a CR before an LF, inside quoted cells too (`"a\r\nb"` reads `a\nb`); a CR
 * left at the end of the last cell comes from a CRLF line in a file sniffed as LF.
 */
function dropCarriageReturns(cells: string[]): void {
  for (let i = 0; i < cells.length; i++) cells[i] = (cells[i] ?? '').replaceAll('\r\n', '\n');
  const lastIdx = cells.length - 1;
  const last = cells[lastIdx];
  if (last !== undefined && last.endsWith('\r')) cells[lastIdx] = last.slice(0, -1);
}

function errorLine(err: CsvError): number {
  const lines = (err as unknown as { lines?: unknown }).lines;
  return typeof lines === 'number' ? lines : 0;
}
