/** Column kinds a {@link SlotRows} table holds. */
const Kind = { F64: 0, U32: 1 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

const F64_BYTES = 8;
const U32_BYTES = 4;

/**
 * A table of numeric rows, one per slot, all in ONE ArrayBuffer: row `s` holds every column's cell
 * for slot `s` side by side, float64 cells first, then uint32 cells, padded to 8 bytes. Everything an
 * event changes in a queue (the slot's reference count and each metric's value and compress factor)
 * is therefore one or two cache lines, where a column per metric would be a separate array, hence a
 * separate cache miss, per metric.
 *
 * Columns come and go as metrics do; a column's index never changes while it lives, and a freed one
 * is zeroed and reused before the row grows. The typed views are replaced when the table grows or
 * its layout changes, so users must read them through the table every time, never keep them.
 */
export class SlotRows {
  f64: Float64Array;
  u32: Uint32Array;
  i32: Int32Array;
  /** Elements per row in the f64 view. */
  private f64Stride = 0;
  /** Elements per row in the u32/i32 views, and where a row's uint32 cells start in them. */
  private u32Stride = 0;
  private u32Base = 0;
  private rows: number;
  /** Per column: in use or free, by kind. */
  private readonly used: [boolean[], boolean[]] = [[], []];

  constructor(rows: number) {
    this.rows = rows;
    this.f64 = new Float64Array(0);
    this.u32 = new Uint32Array(0);
    this.i32 = new Int32Array(0);
  }

  /** Number of rows (slots) the table holds. */
  get capacity(): number {
    return this.rows;
  }

  addF64Column(): number {
    return this.addColumn(Kind.F64);
  }

  addU32Column(): number {
    return this.addColumn(Kind.U32);
  }

  /** Frees a float64 column: its cells are zeroed for the next user. */
  removeF64Column(col: number): void {
    for (let s = 0; s < this.rows; s++) this.f64[s * this.f64Stride + col] = 0;
    this.used[Kind.F64][col] = false;
  }

  /** Frees a uint32 column: its cells are zeroed for the next user. */
  removeU32Column(col: number): void {
    for (let s = 0; s < this.rows; s++) this.u32[this.u32At(s, col)] = 0;
    this.used[Kind.U32][col] = false;
  }

  /** Index of (slot, float64 column) in {@link f64}. */
  f64At(slot: number, col: number): number {
    return slot * this.f64Stride + col;
  }

  /** Index of (slot, uint32 column) in {@link u32} and {@link i32}. */
  u32At(slot: number, col: number): number {
    return slot * this.u32Stride + this.u32Base + col;
  }

  /** Makes room for `rows` rows, keeping every cell. */
  resize(rows: number): void {
    this.relayout(rows, this.used[Kind.F64].length, this.used[Kind.U32].length);
  }

  /** Drops every column and row. */
  clear(rows: number): void {
    this.used[Kind.F64].length = 0;
    this.used[Kind.U32].length = 0;
    this.f64Stride = this.u32Stride = this.u32Base = 0;
    this.rows = 0;
    this.relayout(rows, 0, 0);
  }

  private addColumn(kind: Kind): number {
    const used = this.used[kind];
    const free = used.indexOf(false);
    if (free !== -1) {
      used[free] = true;
      return free;
    }
    const nF64 = this.used[Kind.F64].length + (kind === Kind.F64 ? 1 : 0);
    const nU32 = this.used[Kind.U32].length + (kind === Kind.U32 ? 1 : 0);
    this.relayout(this.rows, nF64, nU32);
    used.push(true);
    return used.length - 1;
  }

  /** New buffer with `rows` rows of `nF64` + `nU32` cells; copies the current cells over. */
  private relayout(rows: number, nF64: number, nU32: number): void {
    const rowBytes = nF64 * F64_BYTES + Math.ceil(nU32 / 2) * F64_BYTES;
    const buffer = new ArrayBuffer(rows * rowBytes);
    const f64 = new Float64Array(buffer);
    const u32 = new Uint32Array(buffer);
    const f64Stride = rowBytes / F64_BYTES;
    const u32Stride = rowBytes / U32_BYTES;
    const u32Base = nF64 * (F64_BYTES / U32_BYTES);
    const oldF64 = this.used[Kind.F64].length;
    const oldU32 = this.used[Kind.U32].length;
    const keep = Math.min(rows, this.rows);
    for (let s = 0; s < keep; s++) {
      for (let c = 0; c < oldF64; c++) f64[s * f64Stride + c] = this.f64[s * this.f64Stride + c] as number;
      for (let c = 0; c < oldU32; c++)
        u32[s * u32Stride + u32Base + c] = this.u32[s * this.u32Stride + this.u32Base + c] as number;
    }
    this.f64 = f64;
    this.u32 = u32;
    this.i32 = new Int32Array(buffer);
    this.f64Stride = f64Stride;
    this.u32Stride = u32Stride;
    this.u32Base = u32Base;
    this.rows = rows;
  }
}
