/**
 * Appends entry lines to a session file in small batches: flushed every 100 ms at the latest (or
 * at 1 MiB), so a crash loses at most the last batch. Writes are serialized through one chain so
 * a header rewrite (rename) can slip in between batches. A failed write keeps its lines and is
 * retried on the next flush: nothing captured is dropped for a full disk that gets freed.
 */
import { open, type FileHandle } from 'node:fs/promises';

export const FLUSH_INTERVAL_MS = 100;
const FLUSH_BYTES = 1024 * 1024;

export class CaptureWriter {
  private buffer: string[] = [];
  private bufferedChars = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

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
    this.buffer.push(line);
    this.bufferedChars += line.length + 1;
    if (this.bufferedChars >= FLUSH_BYTES) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
  }

  /** Writes everything appended so far; resolves when it is on disk (as far as the OS says). */
  flush(): Promise<void> {
    return this.enqueue(async () => {
      await this.writeBuffer();
    });
  }

  private async writeBuffer(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.buffer.length === 0) return;
    const lines = this.buffer;
    this.buffer = [];
    this.bufferedChars = 0;
    try {
      await this.handle.appendFile(lines.join('\n') + '\n');
    } catch (error) {
      this.buffer = lines.concat(this.buffer);
      this.bufferedChars = this.buffer.reduce((n, l) => n + l.length + 1, 0);
      this.onError(error instanceof Error ? error : new Error(String(error)));
      if (!this.closed) this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS * 10);
    }
  }

  /** Runs `fn` with the file flushed and closed, then reopens it for appending. */
  exclusive(fn: () => Promise<void>): Promise<void> {
    return this.enqueue(async () => {
      await this.writeBuffer();
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
      await this.writeBuffer();
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
