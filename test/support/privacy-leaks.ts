/**
 * Finds values in text however they were written down: as is, JSON- or HTML-escaped, percent-
 * encoded, or base64-encoded at any byte alignment (a Basic-auth header, a binary frame or console
 * line). Shared by the privacy unit tests, the report-secrets integration test and the e2e export
 * spec.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Not test/unit/support's ROOT: this file serves the e2e project too, which does not include it.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const SECRETS_FIXTURE = join(ROOT, 'fixtures/sessions/secrets-everywhere.jsonl');

export interface SecretsList {
  secrets: string[];
  stationIds: string[];
  idTags: string[];
  redactions: number;
  redactedSeqs: number[];
  pseudonyms: number;
}

export function secretsList(): SecretsList {
  return JSON.parse(
    readFileSync(join(ROOT, 'fixtures/sessions/secrets-everywhere.secrets.json'), 'utf8'),
  ) as SecretsList;
}

/** The base64 characters that depend only on `value`'s bytes, for each of the 3 alignments. */
export function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  return [0, 1, 2].map((pad) => {
    const text = Buffer.concat([Buffer.alloc(pad, 0x20), bytes]).toString('base64');
    const head = [0, 2, 3][pad]!;
    // The last group may mix in the bytes after the value (or padding).
    return text.slice(head, text.length - 4);
  });
}

function unescapeJson(text: string): string {
  return text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&#x([0-9a-fA-F]+);/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(parseInt(dec, 10)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The values of `values` found in `text`, in any of the forms above. */
export function leaks(text: string, values: readonly string[]): string[] {
  const views = [text, unescapeJson(text), unescapeHtml(text), unescapeHtml(unescapeJson(text))];
  return values.filter(
    (value) =>
      views.some((view) => view.includes(value) || view.includes(encodeURIComponent(value))) ||
      base64Forms(value).some((form) => text.includes(form)),
  );
}
