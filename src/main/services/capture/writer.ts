/**
 * Appends entry lines to a session file in small batches: flushed every 100 ms at the latest (or
 * at 1 MiB), so a crash loses at most the last batch. Writes are serialized through one chain so
 * a header rewrite (rename) can slip in between batches. A failed write keeps its bytes and is
 * retried on the next flush: nothing captured is dropped for a full disk that gets freed.
 *
 * Performance: a live proxy appends every frame it forwards. Lines are encoded straight into a
 * batch buffer that is reused once written, rather than joined into one string and encoded again:
 * joining and encoding a fresh megabyte per batch (and faulting in its pages) cost a proxied
 * charger several times what the write itself costs.
 */
import { open, type FileHandle } from 'node:fs/promises';

export const FLUSH_INTERVAL_MS = 100;
const FLUSH_BYTES = 1024 * 1024;
/** A batch buffer: room for a full batch plus the line that fills it, in most cases. */
const BATCH_BUFFER_BYTES = 2 * FLUSH_BYTES;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit, plus the newline. */
const worstCaseBytes = (line: string) => line.length * 3 + 1;

export class CaptureWriter {
  /** Filled batches waiting for the file, oldest first (a failed write puts its batch back). */
  private pending: Buffer[] = [];
  private current: Buffer | undefined;
  private used = 0;
  private pendingBytes = 0;
  /** A written batch buffer, kept for the next batch. */
  private spare: Buffer | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  /** The last write failed: the retry timer, not every new line, tries again. */
  private failing = false;
  /** A full batch is already queued for writing: the lines after it ride along, not a flush each. */
  private batchQueued = false;

  private constructor(
    readonly path: string,
    private handle: FileHandle,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Creates a new file (never overwrites) holding the header line. */
  static async create(
    path: string,
    headerLine: string,
    onError: (error: Error) => void,
  ): Promise<CaptureWriter> {
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(headerLine + '\n');
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new CaptureWriter(path, handle, onError);
  }

  append(line: string): void {
    if (this.closed) throw new Error(`capture ${this.path} is closed`);
    const room = worstCaseBytes(line);
    if (this.current === undefined || this.current.length - this.used < room) {
      this.seal();
      // A huge frame (the 10 MB a charger may send) gets a buffer of its own, never kept.
      this.current =
        room > BATCH_BUFFER_BYTES
          ? Buffer.allocUnsafe(room)
          : (this.takeSpare() ?? Buffer.allocUnsafe(BATCH_BUFFER_BYTES));
    }
    this.used += this.current.write(line, this.used, 'utf8');
    this.current[this.used++] = 0x0a;
    if (this.pendingBytes + this.used >= FLUSH_BYTES && !this.failing) {
      if (!this.batchQueued) {
        this.batchQueued = true;
        void this.flush();
      }
    } else this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
  }

  private takeSpare(): Buffer | undefined {
    const spare = this.spare;
    this.spare = undefined;
    return spare;
  }

  /** The batch being filled joins the ones waiting for the file. */
  private seal(): void {
    if (this.current === undefined || this.used === 0) return;
    this.pending.push(this.current.subarray(0, this.used));
    this.pendingBytes += this.used;
    this.current = undefined;
    this.used = 0;
  }

  /** Writes everything appended so far; resolves when it is on disk (as far as the OS says). */
  flush(): Promise<void> {
    return this.enqueue(async () => {
      await this.writePending();
    });
  }

  private async writePending(): Promise<void> {
    this.batchQueued = false;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.seal();
    while (this.pending.length > 0) {
      const batch = this.pending[0]!;
      let written: number;
      try {
        written = (await this.handle.write(batch, 0, batch.length)).bytesWritten;
      } catch (error) {
        this.failing = true;
        this.onError(error instanceof Error ? error : new Error(String(error)));
        if (!this.closed) this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS * 10);
        return;
      }
      this.failing = false;
      this.pendingBytes -= written;
      if (written < batch.length) {
        // A nearly full disk took part of it: the rest is next, so nothing is written twice.
        this.pending[0] = batch.subarray(written);
        continue;
      }
      this.pending.shift();
      if (batch.byteOffset === 0 && batch.buffer.byteLength === BATCH_BUFFER_BYTES) {
        this.spare = Buffer.from(batch.buffer, 0, BATCH_BUFFER_BYTES);
      }
    }
  }

  /** Runs `fn` with the file flushed and closed, then reopens it for appending. */
  exclusive(fn: () => Promise<void>): Promise<void> {
    return this.enqueue(async () => {
      await this.writePending();
      await this.handle.close();
      try {
        await fn();
      } finally {
        this.handle = await open(this.path, 'a');
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return this.chain;
    const done = this.enqueue(async () => {
      await this.writePending();
      await this.handle.close();
    });
    this.closed = true;
    return done;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(task);
    // Keep the chain alive after a failure: later batches still get their turn.
    this.chain = run.catch(() => undefined);
    return run;
  }
}
