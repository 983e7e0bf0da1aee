/**
 * Cuts the byte stream of a serial port into lines at a delimiter. A UART hands over whatever
 * arrived, so a frame may come in many chunks and one chunk may hold several lines; a line that
 * grows past the limit is counted and dropped as it arrives rather than held in memory (a wrong
 * baud rate produces megabytes of noise without a single newline).
 */

export type FramedLine =
  /** A whole line without its delimiter (and, with a `\n` delimiter, without a `\r` before it). */
  | { kind: 'line'; bytes: Buffer }
  /**
   * A line longer than the limit: how long it was (up to its delimiter, a `\r` before a `\n`
   * included), and its first bytes to say what it was.
   */
  | { kind: 'overlong'; bytes: number; head: Buffer };

/** How much of a dropped line is kept to show what it was. */
const HEAD_BYTES = 64;

export class LineFramer {
  private readonly delimiter: Buffer;
  private readonly stripCr: boolean;
  /**
   * How far the line so far may pass the limit before it is given up: its last bytes may be the
   * start of a delimiter split over two chunks (or the `\r` of a `\r\n`), which are not part of
   * the line, so a line of exactly the limit must not be dropped for them.
   */
  private readonly slack: number;
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
    this.slack = this.stripCr ? 1 : this.delimiter.length - 1;
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
      // Only with a limit under HEAD_BYTES is the head still short here.
      if (this.skipping.head.length < HEAD_BYTES)
        this.skipping.head = Buffer.concat([this.skipping.head, piece.subarray(0, HEAD_BYTES)]).subarray(
          0,
          HEAD_BYTES,
        );
      return;
    }
    if (this.pendingBytes + piece.length > this.maxLineBytes + this.slack) {
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
      const { bytes, head } = this.skipping;
      // The head may hold the first bytes of the delimiter that ended the line.
      out.push({ kind: 'overlong', bytes, head: Buffer.from(head.subarray(0, bytes)) });
      this.skipping = undefined;
      return;
    }
    const raw = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    const line = this.stripCr && raw.length > 0 && raw[raw.length - 1] === 0x0d ? raw.subarray(0, -1) : raw;
    // Within the slack but past the limit once the delimiter's bytes are known not to be the line's.
    if (line.length > this.maxLineBytes)
      out.push({ kind: 'overlong', bytes: raw.length, head: Buffer.from(raw.subarray(0, HEAD_BYTES)) });
    else out.push({ kind: 'line', bytes: line });
  }
}
