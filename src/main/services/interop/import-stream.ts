/**
 * One import, fed the file's bytes as they come (read from disk, or uploaded by the UI in chunks):
 * the format is detected from the first bytes (or taken as told), then every chunk goes to that
 * format's importer, which turns it into entries and problems. An OCPP Scope capture is kept as its
 * text instead: the store copies its lines byte for byte.
 */
import { StringDecoder } from 'node:string_decoder';
import type { FileProblem } from '../../../shared/capture/problems';
import { debugkitImporter } from '../../../shared/interop/debugkit';
import {
  type ImportError,
  type ImportedEntry,
  type ImportOptions,
  type ImportResult,
  type ImportSink,
  type TextImporterFactory,
} from '../../../shared/interop/importer';
import { linesImporter } from '../../../shared/interop/lines';
import { ootImporter } from '../../../shared/interop/oot/import';
import { FORMAT_NAMES, type ImportFormat } from '../../../shared/interop/formats';
import { DETECT_BYTES, detectFormat, type Detected } from './detect';
import { pcapImporter } from './pcap/import';

/** Problems kept with a session: a file bad on every line would otherwise bloat its header. */
export const MAX_KEPT_PROBLEMS = 1000;

const TEXT_IMPORTERS: Record<'oot' | 'debugkit' | 'lines', TextImporterFactory> = {
  oot: ootImporter,
  debugkit: debugkitImporter,
  lines: linesImporter,
};

export type ImportOutcome =
  | { detected: Detected; format: 'scope'; text: string }
  | {
      detected: Detected;
      format: Exclude<ImportFormat, 'scope'>;
      entries: ImportedEntry[];
      /** The first MAX_KEPT_PROBLEMS, the last of them saying how many more there were. */
      problems: FileProblem[];
      problemCount: number;
      result: ImportResult;
    };

interface Target {
  write(chunk: Buffer): void;
  end(): ImportOutcome;
}

export class ImportStream {
  private head: Buffer[] = [];
  private headBytes = 0;
  private target: Target | undefined;
  /** Bytes taken so far. */
  bytes = 0;
  private readonly entries: ImportedEntry[] = [];
  private readonly problems: FileProblem[] = [];
  private problemCount = 0;

  /**
   * `format` undefined or `auto`: detected from the content, once DETECT_BYTES have come, or all of
   * `size` (the file's, when known: a small upload is told its format with its last chunk).
   */
  constructor(
    private readonly options: ImportOptions,
    private readonly format?: ImportFormat | 'auto',
    private readonly size = Infinity,
  ) {}

  /** Entries read so far (progress). */
  get entryCount(): number {
    return this.entries.length;
  }

  /** The format, once known (after the first DETECT_BYTES, or at the end of a shorter file). */
  detected: Detected | undefined;

  /** Throws ImportError when the file is not of the format (detected or told). */
  write(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.target !== undefined) {
      this.target.write(chunk);
      return;
    }
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes >= Math.min(DETECT_BYTES, this.size)) this.start();
  }

  end(): ImportOutcome {
    if (this.target === undefined) this.start();
    return this.target!.end();
  }

  private start(): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    const told = this.format === undefined || this.format === 'auto' ? undefined : this.format;
    const detected: Detected = told
      ? { format: told, reason: 'as told (--format)' }
      : detectFormat(head.subarray(0, DETECT_BYTES));
    this.detected = detected;
    this.target = this.targetFor(detected);
    this.target.write(head);
  }

  private targetFor(detected: Detected): Target {
    const format = detected.format;
    if (format === 'scope') {
      const chunks: Buffer[] = [];
      return {
        write: (chunk) => chunks.push(chunk),
        end: () => ({ detected, format, text: Buffer.concat(chunks).toString('utf8') }),
      };
    }
    const sink: ImportSink = {
      entry: (entry) => this.entries.push(entry),
      problem: (problem) => {
        this.problemCount++;
        if (this.problems.length < MAX_KEPT_PROBLEMS - 1) this.problems.push(problem);
      },
    };
    const done = (result: ImportResult): ImportOutcome => {
      const problems = this.problems;
      const more = this.problemCount - problems.length;
      if (more > 0)
        problems.push({
          line: 0,
          kind: 'import-warning',
          message: `${more} more problems reading ${this.options.fileName} are not listed: the first ${problems.length} are`,
        });
      return { detected, format, entries: this.entries, problems, problemCount: this.problemCount, result };
    };
    if (format === 'pcap') {
      const importer = pcapImporter(sink, this.options);
      return { write: (chunk) => importer.write(chunk), end: () => done(importer.end()) };
    }
    const importer = TEXT_IMPORTERS[format](sink, this.options);
    const decoder = new StringDecoder('utf8');
    return {
      write: (chunk) => importer.write(decoder.write(chunk)),
      end: () => {
        importer.write(decoder.end());
        return done(importer.end());
      },
    };
  }
}

/** `<file>: <what is wrong>` for a file that cannot be imported as `format`. */
export function importFailure(fileName: string, error: ImportError, format?: ImportFormat): string {
  const as = format === undefined ? '' : ` as ${FORMAT_NAMES[format]}`;
  return `${fileName} cannot be imported${as}: ${error.message}`;
}
