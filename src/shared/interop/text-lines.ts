/**
 * The text formats' reading: text in chunks to numbered lines, CRLF and a leading byte-order mark
 * dropped. Blank lines are counted, not passed on.
 */
export class TextLines {
  private carry = '';
  private line = 0;

  constructor(private readonly onLine: (text: string, line: number) => void) {}

  /** The number of the last line passed on or skipped (1-based). */
  get lineNumber(): number {
    return this.line;
  }

  write(chunk: string): void {
    const text = this.carry.length > 0 ? this.carry + chunk : chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.emit(text.slice(start, nl));
      start = nl + 1;
    }
    this.carry = text.slice(start);
  }

  /** The last line, even without its newline. */
  end(): void {
    const rest = this.carry;
    this.carry = '';
    if (rest.length > 0) this.emit(rest);
  }

  private emit(raw: string): void {
    this.line++;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.line === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
    if (text.trim().length === 0) return;
    this.onLine(text, this.line);
  }
}
