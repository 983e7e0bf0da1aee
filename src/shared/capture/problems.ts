/** What went wrong reading a capture file, line by line. Nothing readable is dropped for it. */
export interface FileProblem {
  /** 1-based number, in the file, of the line (or, per `unit`, the packet or record) at fault. */
  line: number;
  /**
   * `unreadable`: the file could not be read past this line (an I/O error while loading).
   * `import-skipped`: an imported file's line, record or packet that could not be read, skipped
   * (every good one around it kept). `import-warning`: read and kept, with something to know
   * (a trace record whose `raw` disagrees with its own fields, a TCP gap in a packet capture).
   */
  kind: 'cut-line' | 'bad-line' | 'seq-order' | 'unreadable' | 'import-skipped' | 'import-warning';
  /** What `line` counts, for imports: `line` (the default), `packet` (pcap) or `record`. */
  unit?: 'line' | 'packet' | 'record';
  message: string;
}

/** Where a problem is, for people: `line 12`, `packet 3401`, `record 7`, or `file`. */
export function problemPlace(problem: FileProblem): string {
  return problem.line > 0 ? `${problem.unit ?? 'line'} ${problem.line}` : 'file';
}
