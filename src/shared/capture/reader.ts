/**
 * Reads a capture's text in chunks (a file stream or one imported string) into header, entries
 * and problems. Whole lines are never lost to a bad neighbour; a last line cut by a crash is
 * reported as such; out-of-order seqs are renumbered (and reported) so a session stays seq-sorted.
 */
import type { CaptureHeader, Entry } from './entry';
import { decodeEntry, decodeHeader } from './format';
import type { FileProblem } from './problems';

export interface ReaderSink {
  header(header: CaptureHeader): void;
  entry(entry: Entry): void;
  problem(problem: FileProblem): void;
}

export class CaptureReadError extends Error {}

export class CaptureLineReader {
  private carry = '';
  private line = 0;
  private haveHeader = false;
  private lastSeq = 0;

  constructor(private readonly sink: ReaderSink) {}

  /** Feeds the next chunk of text. Throws CaptureReadError when the text is not a capture at all. */
  write(chunk: string): void {
    let start = 0;
    let text = chunk;
    if (this.carry.length > 0) {
      text = this.carry + chunk;
      this.carry = '';
    }
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      this.readLine(text.slice(start, nl), false);
      start = nl + 1;
    }
    this.carry = text.slice(start);
  }

  /** The number of the last line read (1-based). */
  get lineNumber(): number {
    return this.line;
  }

  /** Ends the text: a last line without its newline is read, or reported as cut. */
  end(): void {
    const rest = this.carry;
    this.carry = '';
    if (rest.trim().length > 0) this.readLine(rest, true);
    if (!this.haveHeader)
      throw new CaptureReadError('the file is empty: an OCPP Scope capture starts with a header line');
  }

  private readLine(text: string, unterminated: boolean): void {
    this.line++;
    let line = text.endsWith('\r') ? text.slice(0, -1) : text;
    // Editors on Windows save UTF-8 with a byte-order mark.
    if (this.line === 1 && line.startsWith('\uFEFF')) line = line.slice(1);
    if (line.trim().length === 0) return;
    if (!this.haveHeader) {
      const header = decodeHeader(line);
      if (!header.ok) throw new CaptureReadError(`line ${this.line}: ${header.error}`);
      this.haveHeader = true;
      this.sink.header(header.value);
      // An imported session's problems reading its source stay with it, as the file's own would.
      for (const problem of header.value.imported?.problems ?? []) this.sink.problem(problem);
      return;
    }
    const decoded = decodeEntry(line);
    if (!decoded.ok) {
      this.sink.problem(
        unterminated
          ? {
              line: this.line,
              kind: 'cut-line',
              message: `line ${this.line} is cut short (${decoded.error}), as when the writer stopped mid-line; every line before it was kept`,
            }
          : { line: this.line, kind: 'bad-line', message: `line ${this.line} was skipped: ${decoded.error}` },
      );
      return;
    }
    const entry = decoded.value;
    if (entry.seq <= this.lastSeq) {
      const original = entry.seq;
      entry.seq = this.lastSeq + 1;
      this.sink.problem({
        line: this.line,
        kind: 'seq-order',
        message: `line ${this.line}: seq ${original} does not follow ${this.lastSeq}; kept as seq ${entry.seq}`,
      });
    }
    this.lastSeq = entry.seq;
    this.sink.entry(entry);
  }
}
