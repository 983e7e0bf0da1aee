/**
 * The filter language's syntax: words, quoted strings, `and` / `or` / `not` (also `&&`, `||`,
 * `!`, `-`), parentheses, and terms `name<op>value` with op one of `:` `=` `!=` `>` `>=` `<` `<=`.
 * Two expressions side by side mean `and`, as in a search box. Bare words and quoted strings
 * search the text of frames and console lines. Every node and error carries its position in the
 * text, so the filter bar can underline what is wrong.
 *
 * Which term names exist and what their values mean is terms.ts's business: the parser only
 * splits `name<op>value` when `isTermName(name)` says the name is one.
 */

export type Operator = ':' | '=' | '!=' | '>' | '>=' | '<' | '<=';

/** The syntax as the in-app help shows it, next to the parser that reads it. */
export const SYNTAX_HELP: readonly { form: string; meaning: string }[] = [
  { form: 'a b', meaning: 'both (the same as a and b)' },
  { form: 'a or b', meaning: 'either (also ||)' },
  { form: 'not a', meaning: 'not a (also !a, -a)' },
  { form: '( … )', meaning: 'group: (a or b) and c' },
  { form: 'name:value', meaning: 'a term; = exactly, != not, > >= < <= for numbers and times' },
  { form: 'word, "two words"', meaning: 'search the text of frames and console lines (case ignored)' },
];

export interface Span {
  start: number;
  end: number;
}

export type FilterNode =
  | ({ kind: 'and' | 'or'; left: FilterNode; right: FilterNode } & Span)
  | ({ kind: 'not'; operand: FilterNode } & Span)
  | ({ kind: 'term'; name: string; op: Operator; value: string; valueSpan: Span } & Span)
  | ({ kind: 'text'; value: string } & Span);

export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

type Token =
  | ({ kind: 'word'; text: string } & Span)
  | ({ kind: 'string'; text: string } & Span)
  | ({ kind: '(' | ')' | '!' | '&&' | '||' } & Span);

/** Characters that end a bare word. */
const WORD_END = /[\s()]/;
/** `re:/.../flags`: a regular expression runs to its closing slash, parentheses and all. */
const REGEX_START = /^(?:re|regex)(?:!=|[:=])\/$/i;

function wordEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && !WORD_END.test(text[end]!)) {
    // `station:"CP 01"`: a quote right after the operator starts the value, a string of its own.
    if (text[end] === '"' && (end === start || /[:=<>]/.test(text[end - 1]!))) break;
    end++;
    if (text[end - 1] === '/' && REGEX_START.test(text.slice(start, end))) {
      while (end < text.length && text[end] !== '/') end += text[end] === '\\' ? 2 : 1;
      end = Math.min(end + 1, text.length);
      while (end < text.length && /[a-z]/i.test(text[end]!)) end++;
      return end;
    }
  }
  return end;
}
const TERM = /^([A-Za-z][\w-]*)(!=|>=|<=|[:=<>])(.*)$/s;
/** Quoted strings, in the expression as they would be in JSON (\" \\ \n \uXXXX ...). */
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function readString(text: string, start: number): Token {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') return { kind: 'string', text: value, start, end: i + 1 };
    if (ch === '\\') {
      const next = text[i + 1];
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      const escaped = next === undefined ? undefined : ESCAPES[next];
      if (escaped === undefined)
        throw new FilterSyntaxError(
          `unknown escape \\${next ?? ''} in a quoted string`,
          i,
          Math.min(i + 2, text.length),
        );
      value += escaped;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  throw new FilterSyntaxError('this quoted string has no closing "', start, text.length);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch, start: i, end: i + 1 });
      i++;
    } else if (ch === '"') {
      const token = readString(text, i);
      tokens.push(token);
      i = token.end;
    } else if ((ch === '&' || ch === '|') && text[i + 1] === ch) {
      tokens.push({ kind: ch === '&' ? '&&' : '||', start: i, end: i + 2 });
      i += 2;
    } else if ((ch === '!' || ch === '-') && i + 1 < text.length && !/\s/.test(text[i + 1]!)) {
      // `!x` and `-x` negate; a lone `-` or `!` is a word (searched for as text).
      tokens.push({ kind: '!', start: i, end: i + 1 });
      i++;
    } else {
      const end = wordEnd(text, i);
      tokens.push({ kind: 'word', text: text.slice(i, end), start: i, end });
      i = end;
    }
  }
  return tokens;
}

const KEYWORDS = new Set(['and', 'or', 'not']);
/** Nesting of parentheses and negations: deeper is a mistake (or an attack on the stack). */
const MAX_DEPTH = 64;

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly textLength: number,
    private readonly isTermName: (name: string) => boolean,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private keyword(token: Token | undefined): string | undefined {
    if (token?.kind !== 'word') return undefined;
    const word = token.text.toLowerCase();
    return KEYWORDS.has(word) ? word : undefined;
  }

  parse(): FilterNode {
    const node = this.or();
    const rest = this.peek();
    if (rest !== undefined) {
      throw new FilterSyntaxError(
        rest.kind === ')' ? 'this ) has no ( to close' : 'unexpected text here',
        rest.start,
        rest.end,
      );
    }
    return node;
  }

  private or(): FilterNode {
    let left = this.and();
    for (;;) {
      const token = this.peek();
      if (token?.kind !== '||' && this.keyword(token) !== 'or') return left;
      this.index++;
      const right = this.and(token);
      left = { kind: 'or', left, right, start: left.start, end: right.end };
    }
  }

  private and(after?: Token): FilterNode {
    let left = this.unary(after);
    for (;;) {
      const token = this.peek();
      if (token === undefined || token.kind === ')' || token.kind === '||') return left;
      const keyword = this.keyword(token);
      if (keyword === 'or') return left;
      if (token.kind === '&&' || keyword === 'and') this.index++;
      const right = this.unary(token);
      left = { kind: 'and', left, right, start: left.start, end: right.end };
    }
  }

  /** `after`: the operator before this operand, to point at it when the operand is missing. */
  private unary(after?: Token): FilterNode {
    const token = this.peek();
    if (token !== undefined && this.depth >= MAX_DEPTH) {
      throw new FilterSyntaxError(`nested more than ${MAX_DEPTH} levels deep`, token.start, token.end);
    }
    if (token === undefined) {
      const where = after ?? { start: this.textLength, end: this.textLength };
      throw new FilterSyntaxError('something to match is missing after this', where.start, where.end);
    }
    if (token.kind === '!' || this.keyword(token) === 'not') {
      this.index++;
      this.depth++;
      const operand = this.unary(token);
      this.depth--;
      return { kind: 'not', operand, start: token.start, end: operand.end };
    }
    return this.primary(after);
  }

  private primary(after?: Token): FilterNode {
    const token = this.peek()!;
    if (token.kind === '(') {
      this.index++;
      if (this.peek()?.kind === ')')
        throw new FilterSyntaxError('empty parentheses', token.start, token.start + 2);
      this.depth++;
      const inner = this.or();
      this.depth--;
      const close = this.peek();
      if (close?.kind !== ')') throw new FilterSyntaxError('this ( is never closed', token.start, token.end);
      this.index++;
      return { ...inner, start: token.start, end: close.end };
    }
    if (token.kind === 'string') {
      this.index++;
      return { kind: 'text', value: token.text, start: token.start, end: token.end };
    }
    if (token.kind === 'word') {
      if (this.keyword(token) !== undefined) {
        throw new FilterSyntaxError(
          `"${token.text}" needs something to match before it`,
          token.start,
          token.end,
        );
      }
      this.index++;
      return this.word(token);
    }
    const where = after ?? token;
    throw new FilterSyntaxError(`unexpected ${token.kind}`, where.start, where.end);
  }

  private word(token: Token & { kind: 'word' }): FilterNode {
    const match = TERM.exec(token.text);
    if (match === null || !this.isTermName(match[1]!.toLowerCase())) {
      if (match !== null && match[2] === ':' && !/^\d+$/.test(match[1]!)) {
        throw new FilterSyntaxError(
          `unknown term "${match[1]}:" (to search for this text, put it in quotes)`,
          token.start,
          token.start + match[1]!.length + 1,
        );
      }
      return { kind: 'text', value: token.text, start: token.start, end: token.end };
    }
    const name = match[1]!.toLowerCase();
    const op = match[2] as Operator;
    let value = match[3]!;
    let valueStart = token.start + match[1]!.length + op.length;
    let end = token.end;
    // `station:"CP 01"`: the value is the quoted string right after the operator.
    const next = this.peek();
    if (value === '' && next?.kind === 'string' && next.start === token.end) {
      this.index++;
      value = next.text;
      valueStart = next.start;
      end = next.end;
    }
    if (value === '') {
      throw new FilterSyntaxError(`"${name}${op}" needs a value`, token.start, token.end);
    }
    return { kind: 'term', name, op, value, valueSpan: { start: valueStart, end }, start: token.start, end };
  }
}

/** Parses a filter; throws FilterSyntaxError with the position of the problem. */
export function parseFilter(text: string, isTermName: (name: string) => boolean): FilterNode {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new FilterSyntaxError('the filter is empty', 0, text.length);
  return new Parser(tokens, text.length, isTermName).parse();
}
