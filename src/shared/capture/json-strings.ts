/**
 * Rewrites string values of a JSON text in place: every byte outside the rewritten strings stays
 * as it was (whitespace, number spelling, duplicate keys), so the analysis of the result differs
 * only where a value was replaced. JSON.parse + JSON.stringify would lose exactly what the
 * analysis checks (duplicate keys, `1.50`, key order of repeated keys).
 */
import { isJsonObject } from '../json-object';

export interface JsonStringSite {
  value: string;
  /** Keys and indices from the root to this value. */
  path: readonly (string | number)[];
  /**
   * The parsed containers from the root to this value's parent (as JSON.parse gave them; with a
   * duplicate key, the earlier occurrence sees the later one's value, or undefined).
   */
  ancestors: readonly unknown[];
}

/** `rewrite` returns the new value, or undefined to keep it. Returns undefined when nothing changed. */
export function rewriteJsonStrings(
  text: string,
  root: unknown,
  rewrite: (site: JsonStringSite) => string | undefined,
): string | undefined {
  const scanner = new Scanner(text, rewrite);
  scanner.value(root);
  if (scanner.parts.length === 0) return undefined;
  scanner.parts.push(text.slice(scanner.copied));
  return scanner.parts.join('');
}

class Scanner {
  i = 0;
  copied = 0;
  readonly parts: string[] = [];
  private readonly path: (string | number)[] = [];
  private readonly ancestors: unknown[] = [];

  constructor(
    private readonly text: string,
    private readonly rewrite: (site: JsonStringSite) => string | undefined,
  ) {}

  private skipSpace(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.i++;
    }
  }

  /** The text was accepted by JSON.parse: the scanner only has to find its way, not check it. */
  value(node: unknown): void {
    this.skipSpace();
    const c = this.text[this.i];
    if (c === '{') this.object(node);
    else if (c === '[') this.array(node);
    else if (c === '"') this.stringValue();
    else {
      while (this.i < this.text.length && !',]}\t\r\n '.includes(this.text[this.i]!)) this.i++;
    }
  }

  private object(node: unknown): void {
    const obj = isJsonObject(node) ? node : undefined;
    this.i++;
    this.ancestors.push(obj);
    for (;;) {
      this.skipSpace();
      if (this.text[this.i] === '}') break;
      const key = this.readString().value;
      this.skipSpace();
      this.i++; // ':'
      this.path.push(key);
      this.value(obj?.[key]);
      this.path.pop();
      this.skipSpace();
      if (this.text[this.i] === ',') this.i++;
    }
    this.i++;
    this.ancestors.pop();
  }

  private array(node: unknown): void {
    const arr = Array.isArray(node) ? (node as unknown[]) : undefined;
    this.i++;
    this.ancestors.push(arr);
    for (let index = 0; ; index++) {
      this.skipSpace();
      if (this.text[this.i] === ']') break;
      this.path.push(index);
      this.value(arr?.[index]);
      this.path.pop();
      this.skipSpace();
      if (this.text[this.i] === ',') this.i++;
    }
    this.i++;
    this.ancestors.pop();
  }

  private readString(): { value: string; start: number } {
    const t = this.text;
    const start = this.i;
    let end = t.indexOf('"', start + 1);
    for (;;) {
      let slashes = 0;
      while (t.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
      if (slashes % 2 === 0) break;
      end = t.indexOf('"', end + 1);
    }
    this.i = end + 1;
    const inner = t.slice(start + 1, end);
    return { value: inner.includes('\\') ? (JSON.parse(t.slice(start, end + 1)) as string) : inner, start };
  }

  private stringValue(): void {
    const { value, start } = this.readString();
    const replaced = this.rewrite({ value, path: this.path, ancestors: this.ancestors });
    if (replaced === undefined || replaced === value) return;
    this.parts.push(this.text.slice(this.copied, start), JSON.stringify(replaced));
    this.copied = this.i;
  }
}
