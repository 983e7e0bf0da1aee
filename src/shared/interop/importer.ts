/**
 * Importing captures made by other tools (Open OCPP Trace, pcap/pcapng, DebugKit traces, plain
 * logs): every format is an importer fed the file in chunks (the text formats here, as decoded
 * text; pcap in main, as bytes), which turns what it reads into entries (source `import`) and
 * problems. The store writes the entries into a new session; the
 * problems, each with its line, record or packet number, are kept with it. A bad record never stops
 * the ones after it from being read; only a file that is not of the format at all throws.
 */
import type { NewEntry } from '../capture/entry';
import type { FileProblem } from '../capture/problems';

/** An entry as an importer makes it: the store stamps its seq; its time comes from the file. */
export type ImportedEntry = NewEntry & { ts: number };

export interface ImportSink {
  /** The next entry, in file order. */
  entry(entry: ImportedEntry): void;
  /** What went wrong or is worth knowing, with where (`line` and `unit`). */
  problem(problem: FileProblem): void;
}

export interface ImportOptions {
  /** The file's name (for messages and the session's name). */
  fileName: string;
  /** Time base (ms since the epoch) for entries whose source carries no time; marked inferred. */
  now: number;
}

export interface ImportResult {
  /**
   * What the file was and what was read from it, one line for the CLI and the UI, e.g.
   * `Open OCPP Trace v1.1: 1204 records, 3 stations (OCPP 1.6), 2 orphan responses`.
   */
  description: string;
  /** The OCPP version every imported connection speaks, when they share one: `ocpp1.6`, ... */
  ocppVersion?: string;
}

/** A text format's importer (main decodes the file's UTF-8 across chunk boundaries). */
export interface TextImporter {
  /** The next text of the file. May throw ImportError when the file is not of this format. */
  write(text: string): void;
  /** The file has ended: whatever is held is read (or reported cut) and the summary returned. */
  end(): ImportResult;
}

export type TextImporterFactory = (sink: ImportSink, options: ImportOptions) => TextImporter;

/** The file cannot be read as the format at all (wrong magic, not JSON...): says what to do. */
export class ImportError extends Error {}
