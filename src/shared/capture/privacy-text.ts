/**
 * Secrets and identities in text that is not (or not only) JSON: console lines a firmware printed,
 * close reasons, error messages, frames too broken to parse, and string values inside frames. The
 * patterns are deliberately eager: text that only looks like a credential is redacted too, since a
 * report that hides a little too much is harmless and one that leaks a password is not.
 */
import { SECRET_NAME, secretKey } from './privacy-fields';

export const REDACTED = '<redacted>';

/**
 * A cheap test run on every frame and line: when it fails, none of the patterns below can match.
 * (A superset of them: `pass`, `private`, `authorization`, ... and URL credentials.)
 */
const HINT =
  /pass|secret|authorization|private|csr|certificate request|api[-_]?key|psk|pwd|(?<!id)token|:\/\/[^\s/@]*@/i;

export function mayHoldSecret(text: string): boolean {
  return HINT.test(text);
}

// Private keys (PKCS#1, PKCS#8, EC, encrypted) and CSRs; an unterminated block runs to the end.
const PEM = /-----BEGIN ([A-Z0-9 ]*?)(PRIVATE KEY|CERTIFICATE REQUEST)-----([\s\S]*?)(-----END \1\2-----|$)/g;
const PEM_CLOSED = /-----END [A-Z0-9 ]*?(?:PRIVATE KEY|CERTIFICATE REQUEST)-----/;

// "name": "value" pairs of JSON that did not parse (or sits inside a string).
const JSON_PAIR = /"([A-Za-z0-9_.-]+)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
// A configuration entry naming a secret ({"key":"AuthorizationKey","value":...}): its value goes.
const CONFIG_NAME = /"(?:key|name)"\s*:\s*"([^"\\]*)"/g;
const CONFIG_VALUE = /("(?:value|attributeValue)"\s*:\s*")((?:[^"\\]|\\.)*)"/g;
const AUTHORIZATION =
  /\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)(?:(basic|bearer|digest|token|negotiate)\s+)?([A-Za-z0-9+/=._~:-]+)/gi;
// password=..., AuthorizationKey: ..., "WifiPassword is ...", api_key=... (query strings too).
const KEY_VALUE =
  /\b([A-Za-z0-9_.-]*?(?:pass(?:word|wd|phrase)|secret|authorizationkey|private_?key|api[-_]?key|psk|pwd|token|csr))(\s*["']?\s*(?:[:=]|\s(?:is|to)\s)\s*["']?)([^\s"',;{}[\]<>]+)/gi;
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"']+:)([^\s/@"']+)@/gi;

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A set of literal values and what each becomes, matched in one regex. */
export class Literals {
  private readonly map = new Map<string, string>();
  private regex: RegExp | undefined;
  private dirty = false;

  /**
   * @param bounded match only where the value is not part of a longer word (identities and
   *   tokens: `CP1` must not eat `CP12`); secrets are matched anywhere.
   */
  constructor(private readonly bounded: boolean) {}

  get size(): number {
    return this.map.size;
  }

  forEach(visit: (value: string, replacement: string) => void): void {
    for (const [value, replacement] of this.map) visit(value, replacement);
  }

  add(value: string, replacement: string): void {
    if (this.map.has(value)) return;
    this.map.set(value, replacement);
    this.dirty = true;
  }

  private pattern(): RegExp | undefined {
    if (this.dirty) {
      // Longest first: of two values where one contains the other, the longer one wins.
      const alternatives = [...this.map.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
      const body = `(?:${alternatives.join('|')})`;
      this.regex =
        alternatives.length === 0
          ? undefined
          : new RegExp(this.bounded ? `(?<![A-Za-z0-9])${body}(?![A-Za-z0-9])` : body, 'g');
      this.dirty = false;
    }
    return this.regex;
  }

  test(text: string): boolean {
    const regex = this.pattern();
    if (regex === undefined) return false;
    regex.lastIndex = 0;
    return regex.test(text);
  }

  /** Replaces every occurrence; `count` is called once per replacement. */
  replace(text: string, count: () => void): string {
    const regex = this.pattern();
    if (regex === undefined) return text;
    regex.lastIndex = 0;
    return text.replace(regex, (found) => {
      count();
      return this.map.get(found) ?? found;
    });
  }
}

export interface ScrubCounts {
  redactions: number;
}

/**
 * Redacts the secrets text patterns can see, then the secret values learnt elsewhere in the
 * capture (`secrets`). `pem` tells whether a PEM block is left open at the end of the text.
 */
export function redactText(
  text: string,
  secrets: Literals,
  counts: ScrubCounts,
): { text: string; pemOpen: boolean } {
  const count = () => counts.redactions++;
  let out = text;
  let pemOpen = false;
  if (HINT.test(out)) {
    out = out.replace(PEM, (found, kind: string, label: string, body: string, end: string) => {
      if (end === '') pemOpen = true;
      // A BEGIN line alone holds nothing yet: the lines after it do (see pemOpen).
      if (body.trim() === REDACTED || body.trim() === '') return found;
      count();
      return `-----BEGIN ${kind}${label}-----${REDACTED}${end}`;
    });
    out = out.replace(JSON_PAIR, (found, key: string, colon: string, value: string) => {
      if (!secretKey(key) || value === REDACTED || value === '') return found;
      count();
      return `"${key}"${colon}"${REDACTED}"`;
    });
    if ([...out.matchAll(CONFIG_NAME)].some((m) => SECRET_NAME.test(m[1] ?? ''))) {
      out = out.replace(CONFIG_VALUE, (found, head: string, value: string) => {
        if (value === REDACTED || value === '') return found;
        count();
        return `${head}${REDACTED}"`;
      });
    }
    out = out.replace(
      AUTHORIZATION,
      (found, name: string, separator: string, scheme: string | undefined, value: string) => {
        if (scheme === undefined && value.length < 12) return found;
        count();
        return `${name}${separator}${scheme === undefined ? '' : `${scheme} `}${REDACTED}`;
      },
    );
    out = out.replace(KEY_VALUE, (found, key: string, separator: string) => {
      if (/id(?:token|tag)$/i.test(key)) return found;
      count();
      return `${key}${separator}${REDACTED}`;
    });
    out = out.replace(URL_CREDENTIALS, (found, head: string, value: string) => {
      if (value === REDACTED) return found;
      count();
      return `${head}${REDACTED}@`;
    });
  }
  out = secrets.replace(out, count);
  return { text: out, pemOpen };
}

export function pemCloses(text: string): boolean {
  return PEM_CLOSED.test(text);
}
