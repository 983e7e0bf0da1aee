/** What every section needs to know about the report as a whole, worked out once. */
import type { ReportData } from '../report-data';
import { spansDays } from './format';

export interface RenderContext {
  /** Times carry their date when the capture spans more than one UTC day. */
  multiDay: boolean;
  /** The appendix is present, so seqs can link to its rows. */
  timeline: boolean;
  /**
   * The seqs something links to (evidence, transactions): only their appendix rows get an id,
   * which keeps 100,000 rows lean.
   */
  linked: Set<number>;
}

/**
 * The entries the transactions table names: all of a short list, else the first two (the start)
 * and the last (the stop); a long session's meter values would fill the cell.
 */
export function transactionSeqsShown(seqs: readonly number[]): number[] {
  if (seqs.length <= 4) return [...seqs];
  return [...seqs.slice(0, 2), ...seqs.slice(-1)];
}

export function renderContext(report: ReportData): RenderContext {
  const linked = new Set<number>();
  const timeline = report.timeline !== undefined && report.timeline.length > 0;
  if (timeline) {
    for (const f of report.findings) for (const e of f.evidence) linked.add(e.seq);
    for (const t of report.transactions) for (const seq of transactionSeqsShown(t.seqs)) linked.add(seq);
  }
  return { multiDay: spansDays(report.summary.firstTs, report.summary.lastTs), timeline, linked };
}

/** `seq 12`, a link to its appendix row when there is one. */
export function seqRef(seq: number, ctx: RenderContext): string {
  return ctx.timeline && ctx.linked.has(seq) ? `<a href="#e${seq}">seq ${seq}</a>` : `seq ${seq}`;
}
