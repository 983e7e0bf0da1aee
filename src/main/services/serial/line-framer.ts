/**
 * Cuts the byte stream of a serial port into lines at a delimiter. A UART hands over whatever
 * arrived, so a frame may come in many chunks and one chunk may hold several lines; a line that
 * grows past the limit is counted and dropped as it arrives rather than held in memory (a wrong
 * baud rate produces megabytes of noise without a single newline).
 */

export type FramedLine =
  /** A whole line without its delimiter (and, with a `\n` delimiter, without a `\r` before it). */
  | { kind: 'line'; bytes: Buffer }
  /** A line longer than the limit: how long it was, and its first bytes to say what it was. */
  | { kind: 'overlong'; bytes: number; head: Buffer };

/** How much of a dropped line is kept to show what it was. */
const HEAD_BYTES = 64;

export class LineFramer {
  private readonly delimiter: Buffer;
  private readonly stripCr: boolean;
  /** The unfinished line, in the chunks it came in (joined once, when it ends). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Set while a line past the limit is being skipped: its size so far and its head. */
  private skipping: { bytes: number; head: Buffer; tail: Buffer } | undefined;

  constructor(
    delimiter: Uint8Array,
    private readonly maxLineBytes: number,
  ) {
    this.delimiter = Buffer.from(delimiter);
    this.stripCr = this.delimiter.length === 1 && this.delimiter[0] === 0x0a;
  }

  push(chunk: Buffer): FramedLine[] {
    const out: FramedLine[] = [];
    const d = this.delimiter.length;
    // A delimiter of several bytes may straddle two chunks: the end of the line so far is searched too.
    const carried = d > 1 ? this.lineTail(d - 1) : Buffer.alloc(0);
    let haystack = carried.length > 0 ? Buffer.concat([carried, chunk]) : chunk;
    let offset = carried.length;
    let start = 0;
    for (;;) {
      const at = haystack.indexOf(this.delimiter, offset > 0 ? 0 : start);
      if (at < 0) break;
      const end = at - offset;
      if (end < 0) {
        // The delimiter began in the line so far: the line ends before those bytes.
        this.dropLineTail(-end);
        this.finishLine(out, Buffer.alloc(0));
      } else {
        this.finishLine(out, chunk.subarray(start, end));
      }
      start = end + d;
      haystack = chunk;
      offset = 0;
    }
    if (start < chunk.length) this.add(chunk.subarray(start));
    return out;
  }

  /** What is left when the port closes: an unfinished line, if any. */
  flush(): FramedLine | undefined {
    if (this.skipping === undefined && this.pendingBytes === 0) return undefined;
    const out: FramedLine[] = [];
    this.finishLine(out, Buffer.alloc(0));
    return out[0];
  }

  /** The last bytes of the line so far (kept while skipping too, for a straddling delimiter). */
  private lineTail(bytes: number): Buffer {
    if (this.skipping !== undefined) return this.skipping.tail.subarray(-bytes);
    if (this.pendingBytes === 0) return Buffer.alloc(0);
    const joined = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [joined];
    return joined.subarray(Math.max(0, joined.length - bytes));
  }

  private dropLineTail(bytes: number): void {
    if (this.skipping !== undefined) {
      this.skipping.bytes -= bytes;
      return;
    }
    const joined = Buffer.concat(this.pending);
    this.pending = [joined.subarray(0, joined.length - bytes)];
    this.pendingBytes -= bytes;
  }

  private add(piece: Buffer): void {
    if (this.skipping !== undefined) {
      this.skipping.bytes += piece.length;
      this.skipping.tail = this.keepTail(this.skipping.tail, piece);
      return;
    }
    if (this.pendingBytes + piece.length > this.maxLineBytes) {
      const head = Buffer.concat([...this.pending, piece.subarray(0, HEAD_BYTES)]).subarray(0, HEAD_BYTES);
      const tail = this.keepTail(this.lineTail(this.delimiter.length), piece);
      this.skipping = { bytes: this.pendingBytes + piece.length, head: Buffer.from(head), tail };
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    // A copy: a chunk can be a view of a larger pooled buffer, which a kept line would pin.
    this.pending.push(Buffer.from(piece));
    this.pendingBytes += piece.length;
  }

  /** The last bytes of `before` + `piece` that a straddling delimiter could start in. */
  private keepTail(before: Buffer, piece: Buffer): Buffer {
    const keep = Math.max(1, this.delimiter.length - 1);
    if (piece.length >= keep) return Buffer.from(piece.subarray(-keep));
    return Buffer.from(Buffer.concat([before, piece]).subarray(-keep));
  }

  private finishLine(out: FramedLine[], last: Buffer): void {
    this.add(last);
    if (this.skipping !== undefined) {
      out.push({ kind: 'overlong', bytes: this.skipping.bytes, head: this.skipping.head });
      this.skipping = undefined;
      return;
    }
    let line = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    if (this.stripCr && line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, -1);
    out.push({ kind: 'line', bytes: line });
  }
}
