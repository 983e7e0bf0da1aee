/**
 * What a capture may carry when it is handed over (a report, an export): secrets redacted by
 * default (ocpp-notes, "Secrets"), and on request the station ids and idTags / idTokens replaced by
 * consistent pseudonyms that still satisfy the schemas (`station-1`, `token-1`: 1.6 idTag <= 20
 * chars, 2.x idToken <= 36), so the analysis of the result gives the same verdicts.
 *
 * Two passes over the entries, each frame parsed at most once: the first learns the secret values
 * and the tokens from the frames that can hold them, the second rewrites, so a password a console
 * line printed before the ChangeConfiguration that set it is redacted too. A frame is parsed only
 * when a cheap test says it may hold something; the others (nearly all of them) are left as they
 * are, and every entry that needed no change is returned as the same object.
 */
import type { ReportPrivacy } from '../report/report-data';
import { base64ToBinary, binaryToBase64, utf8Binary } from './bytes';
import type { CaptureHeader, ConnectionEntry, ConsoleEntry, Entry, FrameEntry } from './entry';
import { rewriteJsonStrings, type JsonStringSite } from './json-strings';
import {
  isSecretField,
  isSecretHeader,
  isTokenField,
  jsonStringValue,
  mayHoldToken,
  TOKEN_PAIR,
  walkStrings,
} from './privacy-fields';
import { protectHeaderValue, type HeaderContext } from './privacy-headers';
import { Literals, mayHoldSecret, pemCloses, REDACTED, redactText, type ScrubCounts } from './privacy-text';

export interface PrivacyOptions {
  redact: boolean;
  anonymize: boolean;
}

/** A secret value shorter than this is not looked for in free text (it would match too much). */
const MIN_SECRET_LENGTH = 6;
/** Nor is a station id or token shorter than this (its own fields are still replaced). */
const MIN_NAME_LENGTH = 3;

const MALFORMED = Symbol('malformed');

function tryParse(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return MALFORMED;
  }
}

export function protectCapture(
  header: CaptureHeader,
  entries: Iterable<Entry>,
  options: PrivacyOptions,
): { header: CaptureHeader; entries: Entry[]; privacy: ReportPrivacy } {
  const { texts: _texts, ...out } = protectCaptureWithTexts(header, entries, [], options);
  return out;
}

/**
 * protectCapture, plus lines that are no entries (the bad lines of a file, kept in an export so
 * nothing is lost): redacted and anonymized as free text, with what the entries taught.
 */
export function protectCaptureWithTexts(
  header: CaptureHeader,
  entries: Iterable<Entry>,
  texts: readonly string[],
  options: PrivacyOptions,
): { header: CaptureHeader; entries: Entry[]; texts: string[]; privacy: ReportPrivacy } {
  const list = Array.isArray(entries) ? (entries as Entry[]) : [...entries];
  const before = header.privacy;
  if (!options.redact && !options.anonymize) {
    const privacy = before ?? { redacted: false, anonymized: false, redactions: 0, pseudonyms: 0 };
    return { header, entries: list, texts: [...texts], privacy: { ...privacy } };
  }
  const protector = new Protector(options);
  for (const entry of list) protector.learn(entry);
  const out = list.map((entry) => protector.protect(entry));
  const protectedTexts = texts.map((text) => protector.text(text));
  const privacy: ReportPrivacy = {
    redacted: options.redact || (before?.redacted ?? false),
    anonymized: options.anonymize || (before?.anonymized ?? false),
    redactions: protector.counts.redactions + (before?.redactions ?? 0),
    pseudonyms: protector.pseudonyms + (before?.pseudonyms ?? 0),
  };
  const name = options.anonymize ? protector.names.replace(header.name, () => {}) : header.name;
  return {
    header: { ...header, name, privacy: { ...privacy } },
    entries: out,
    texts: protectedTexts,
    privacy,
  };
}

class Protector implements HeaderContext {
  readonly counts: ScrubCounts = { redactions: 0 };
  /** Secret values learnt from the frames: redacted wherever else they appear. */
  readonly secrets = new Literals(false);
  /** Station ids and tokens (and their URL forms) -> pseudonyms, in free text. */
  readonly names = new Literals(true);
  readonly stations = new Map<string, string>();
  private readonly tokens = new Map<string, string>();
  private readonly parsed = new Map<string, unknown>();
  /** Consoles (station + connection) in the middle of printing a PEM block. */
  private readonly pemOpen = new Set<string>();
  private binaryLiterals: { secrets: Literals; names: Literals } | undefined;
  private frameHints = { secrets: false, names: false };

  constructor(readonly options: PrivacyOptions) {}

  get pseudonyms(): number {
    return this.stations.size + this.tokens.size;
  }

  learnSecret(value: string): void {
    if (value.length >= MIN_SECRET_LENGTH && value !== REDACTED) this.secrets.add(value, REDACTED);
  }

  station(id: string): string {
    let pseudonym = this.stations.get(id);
    if (pseudonym === undefined) {
      pseudonym = `station-${this.stations.size + 1}`;
      this.stations.set(id, pseudonym);
      this.addName(id, pseudonym);
    }
    return pseudonym;
  }

  private token(value: string): string {
    let pseudonym = this.tokens.get(value);
    if (pseudonym === undefined) {
      pseudonym = `token-${this.tokens.size + 1}`;
      this.tokens.set(value, pseudonym);
      this.addName(value, pseudonym);
    }
    return pseudonym;
  }

  private addName(value: string, pseudonym: string): void {
    if (value.length < MIN_NAME_LENGTH) return;
    this.names.add(value, pseudonym);
    // The identity as the URL path carries it.
    const encoded = encodeURIComponent(value);
    if (encoded !== value) this.names.add(encoded, pseudonym);
  }

  learn(entry: Entry): void {
    if (this.options.anonymize && entry.stationId !== '') this.station(entry.stationId);
    if (entry.kind === 'frame' && !entry.binary) {
      this.learnFrame(entry.raw);
      if (entry.original !== undefined) this.learnFrame(entry.original);
    } else if (entry.kind === 'connection' && entry.headers) {
      for (const [name, value] of Object.entries(entry.headers)) {
        if (isSecretHeader(name)) protectHeaderValue(name, value, entry.stationId, this, true);
      }
    }
  }

  /** Parsed once while learning, kept for the rewrite (only frames that may hold a secret). */
  private parse(raw: string): unknown {
    let value = this.parsed.get(raw);
    if (value === undefined) {
      value = tryParse(raw);
      this.parsed.set(raw, value);
    }
    return value;
  }

  private learnFrame(raw: string): void {
    const secrets = this.options.redact && mayHoldSecret(raw);
    const tokens = this.options.anonymize && mayHoldToken(raw);
    if (!secrets && !tokens) return;
    // 2.1 `idTokens` is an array of plain strings: only a parse finds them.
    const parsed = secrets || raw.includes('"idTokens"') ? this.parse(raw) : undefined;
    if (parsed === undefined || parsed === MALFORMED) {
      // Tokens only (most 2.x transaction frames): found in the text, which is much faster than
      // parsing every frame and keeping the trees for the rewrite.
      if (tokens) this.learnTokenPairs(raw);
      return;
    }
    walkStrings(parsed, (value, path, ancestors) => {
      if (secrets && isSecretField(path, ancestors)) this.learnSecret(value);
      if (tokens && value !== '' && isTokenField(path)) this.token(value);
    });
  }

  private learnTokenPairs(raw: string): void {
    for (const match of raw.matchAll(TOKEN_PAIR)) {
      const value = jsonStringValue(match[3]!);
      if (value !== undefined && value !== '') this.token(value);
    }
  }

  /** Token values replaced in the text, every other byte kept. */
  private replaceTokenPairs(raw: string): string {
    TOKEN_PAIR.lastIndex = 0;
    return raw.replace(TOKEN_PAIR, (found, key: string, colon: string, inner: string) => {
      const value = jsonStringValue(inner);
      if (value === undefined || value === '') return found;
      return `"${key}"${colon}${JSON.stringify(this.token(value))}`;
    });
  }

  protect(entry: Entry): Entry {
    switch (entry.kind) {
      case 'frame':
        return this.protectFrame(entry);
      case 'connection':
        return this.protectConnection(entry);
      case 'console':
        return this.protectConsole(entry);
    }
  }

  private stationOf(entry: Entry): string {
    return this.options.anonymize && entry.stationId !== '' ? this.station(entry.stationId) : entry.stationId;
  }

  /** Free text: the patterns and learnt secrets, then the names. */
  text(text: string): string {
    let out = text;
    if (this.options.redact) out = redactText(out, this.secrets, this.counts).text;
    if (this.options.anonymize) out = this.names.replace(out, () => {});
    return out;
  }

  private protectFrame(entry: FrameEntry): Entry {
    const raw = this.frameText(entry.raw, entry.binary === true);
    const original = entry.original === undefined ? undefined : this.frameText(entry.original, false);
    const faults = entry.faults?.map((f) => this.text(f));
    const stationId = this.stationOf(entry);
    const faultsChanged = faults !== undefined && faults.some((f, i) => f !== entry.faults![i]);
    if (raw === entry.raw && original === entry.original && !faultsChanged && stationId === entry.stationId)
      return entry;
    const out: FrameEntry = { ...entry, raw, stationId };
    if (original !== undefined) out.original = original;
    if (faults !== undefined) out.faults = faults;
    return out;
  }

  private frameText(raw: string, binary: boolean): string {
    if (binary) {
      const bytes = base64ToBinary(raw);
      const protectedBytes = this.binaryText(bytes);
      return protectedBytes === bytes ? raw : binaryToBase64(protectedBytes);
    }
    const parsed = this.parsed.get(raw);
    if (parsed === undefined) {
      // Not parsed while learning: it names no secret field, so only its tokens and the values
      // learnt elsewhere (a password, an identity) can be in it.
      const out = this.options.anonymize && mayHoldToken(raw) ? this.replaceTokenPairs(raw) : raw;
      const literal =
        (this.options.redact && this.secrets.test(out)) || (this.options.anonymize && this.names.test(out));
      if (!literal) return out;
      return this.rewriteFrame(out, tryParse(out));
    }
    return this.rewriteFrame(raw, parsed);
  }

  private rewriteFrame(raw: string, parsed: unknown): string {
    if (parsed === MALFORMED) {
      return this.text(this.options.anonymize && mayHoldToken(raw) ? this.replaceTokenPairs(raw) : raw);
    }
    // Whole-frame tests, so that the strings of a frame that has nothing for them skip them.
    this.frameHints = {
      secrets: this.options.redact && (mayHoldSecret(raw) || this.secrets.test(raw)),
      names: this.options.anonymize && this.names.test(raw),
    };
    return rewriteJsonStrings(raw, parsed, (site) => this.jsonString(site)) ?? raw;
  }

  private jsonString({ value, path, ancestors }: JsonStringSite): string | undefined {
    // The message id, action and error code: rewriting them would break the pairing.
    if (path.length === 1 && typeof path[0] === 'number' && path[0] <= 2) return undefined;
    let out = value;
    if (this.options.redact) {
      if (isSecretField(path, ancestors)) {
        if (value === '' || value === REDACTED) return undefined;
        this.counts.redactions++;
        return REDACTED;
      }
      if (this.frameHints.secrets) out = redactText(out, this.secrets, this.counts).text;
    }
    if (this.options.anonymize) {
      if (out !== '' && isTokenField(path)) return this.token(out);
      if (this.frameHints.names) out = this.names.replace(out, () => {});
    }
    return out;
  }

  /**
   * The learnt values as UTF-8 bytes, for text that is bytes (built once: every value has been
   * learnt before the first entry is rewritten).
   */
  private bytesLiterals(): { secrets: Literals; names: Literals } {
    if (!this.binaryLiterals) {
      const secrets = new Literals(false);
      const names = new Literals(true);
      this.secrets.forEach((value, to) => secrets.add(utf8Binary(value), to));
      this.names.forEach((value, to) => names.add(utf8Binary(value), to));
      this.binaryLiterals = { secrets, names };
    }
    return this.binaryLiterals;
  }

  /** Bytes that are not UTF-8: searched as bytes, so every byte not replaced is kept. */
  private binaryText(bytes: string): string {
    const { secrets, names } = this.bytesLiterals();
    let out = bytes;
    if (this.options.redact) out = redactText(out, secrets, this.counts).text;
    if (this.options.anonymize) out = names.replace(out, () => {});
    return out;
  }

  private protectConsole(entry: ConsoleEntry): Entry {
    const text = entry.binary ? base64ToBinary(entry.text) : entry.text;
    let out = text;
    const console = `${entry.stationId}\u0000${entry.connectionId}`;
    if (this.options.redact && this.pemOpen.has(console) && !pemCloses(text)) {
      // Inside a key the firmware prints line by line: the line is key material.
      if (text !== REDACTED) {
        this.counts.redactions++;
        out = REDACTED;
      }
    } else {
      if (this.options.redact) {
        this.pemOpen.delete(console);
        const secrets = entry.binary ? this.bytesLiterals().secrets : this.secrets;
        const redacted = redactText(out, secrets, this.counts);
        if (redacted.pemOpen) this.pemOpen.add(console);
        out = redacted.text;
      }
      if (this.options.anonymize) {
        out = (entry.binary ? this.bytesLiterals().names : this.names).replace(out, () => {});
      }
    }
    const stationId = this.stationOf(entry);
    if (out === text && stationId === entry.stationId) return entry;
    return {
      ...entry,
      stationId,
      text: out === text ? entry.text : entry.binary ? binaryToBase64(out) : out,
    };
  }

  private protectConnection(entry: ConnectionEntry): Entry {
    const out: ConnectionEntry = { ...entry, stationId: this.stationOf(entry) };
    let changed = out.stationId !== entry.stationId;
    for (const key of ['url', 'upstream'] as const) {
      const value = entry[key];
      if (value === undefined) continue;
      const protectedValue = this.url(value);
      if (protectedValue !== value) [out[key], changed] = [protectedValue, true];
    }
    for (const key of ['reason', 'message'] as const) {
      const value = entry[key];
      if (value === undefined) continue;
      const protectedValue = this.text(value);
      if (protectedValue !== value) [out[key], changed] = [protectedValue, true];
    }
    if (entry.headers) {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(entry.headers)) {
        headers[name] = isSecretHeader(name)
          ? protectHeaderValue(name, value, entry.stationId, this, false)
          : this.text(value);
        if (headers[name] !== value) changed = true;
      }
      out.headers = headers;
    }
    return changed ? out : entry;
  }

  /** A path or URL: a segment that is a station id is replaced whatever its length. */
  private url(value: string): string {
    let out = value;
    if (this.options.anonymize) {
      const at = out.search(/[?#]/);
      const [path, rest] = at < 0 ? [out, ''] : [out.slice(0, at), out.slice(at)];
      const segments = path.split('/').map((segment) => {
        let id = segment;
        try {
          id = decodeURIComponent(segment);
        } catch {
          // Not valid percent-encoding: compared as it is.
        }
        const pseudonym = this.stations.get(id);
        return pseudonym ?? segment;
      });
      out = segments.join('/') + rest;
    }
    return this.text(out);
  }
}
