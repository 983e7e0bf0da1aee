/**
 * What a benchmark is to the runner. A benchmark is one module in bench/ exporting a `Benchmark`,
 * listed in the registry of bench/run.ts. It measures, it never judges: a result carries figures
 * and an optional target, and nothing fails on wall time (architecture guide, "Conventions").
 */

export interface BenchContext {
  /** A directory of its own for generated data, removed by the runner at the end. */
  dir: string;
  /** Measured runs per timed case, after `warmup` unmeasured ones. */
  runs: number;
  warmup: number;
  /** Progress for the person waiting (stderr), kept out of the printed results. */
  progress(message: string): void;
}

/** One line of "label: value" printed around the table. */
export interface Fact {
  label: string;
  value: string;
}

/** One timed case: a row of the table. */
export interface Case {
  label: string;
  /** What the case times, in a few words. */
  what: string;
  /** Wall time of each measured run, ms. */
  samples: number[];
  /** Items handled per run (frames, rows...), for the throughput column. */
  items?: number;
  /** A goal to print the median against; reported, never asserted. */
  targetMs?: number;
}

/**
 * A table of the benchmark's own making, for figures that are not one wall time per run (rates,
 * percentiles, CPU...). The first and last columns are words, the others figures.
 */
export interface Table {
  /** A line printed above the table (what the ratios are against, say). */
  intro?: string;
  header: string[];
  rows: string[][];
}

export interface Result {
  /** About the input (size, counts), printed above the table. */
  facts: Fact[];
  /** The first case is the baseline the others are compared with. None: no wall-time table. */
  cases: Case[];
  /** Printed after the cases' table, each after a blank line. */
  tables?: Table[];
  /** What `items` counts, for the throughput column header ("frames" -> "frames/s"). */
  itemsName?: string;
  /** Printed below the table (memory, notes). */
  after?: Fact[];
}

export interface Benchmark {
  /** The name given on the command line: `npm run bench -- <name>`. */
  name: string;
  description: string;
  run(context: BenchContext): Promise<Result>;
}
