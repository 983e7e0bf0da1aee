/** What went wrong reading a capture file, line by line. Nothing readable is dropped for it. */
export interface FileProblem {
  /** 1-based line number in the file. */
  line: number;
  kind: 'cut-line' | 'bad-line' | 'seq-order';
  message: string;
}
