/** What went wrong reading a capture file, line by line. Nothing readable is dropped for it. */
export interface FileProblem {
  /** 1-based line number in the file. */
  line: number;
  /** `unreadable`: the file could not be read past this line (an I/O error while loading). */
  kind: 'cut-line' | 'bad-line' | 'seq-order' | 'unreadable';
  message: string;
}
