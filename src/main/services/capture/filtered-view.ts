/**
 * The filtered view of a session the renderer is scrolling: the filter is compiled and run over
 * the whole session once, then pages are cut from the matching indices until the session changes
 * (a live capture grows, a finding lands on an earlier row) or another filter comes.
 */
import { compileFilter, type FilterError } from '../../../shared/filter/filter';
import type { FilterPage } from '../../../shared/rpc/contract';
import type { SessionModel } from '../../../shared/timeline/session-model';

interface View {
  model: SessionModel;
  filter: string;
  version: number;
  indices: number[];
}

export class FilteredViews {
  /** One view per session: the filter bar shows one filter at a time. */
  private readonly views = new Map<string, View>();

  page(sessionId: string, model: SessionModel, filter: string, offset: number, limit: number): FilterPage {
    const view = this.view(sessionId, model, filter);
    if ('message' in view) return { ok: false, error: view };
    const rows = model.allRows();
    return {
      ok: true,
      total: view.indices.length,
      sessionTotal: model.size,
      rows: view.indices.slice(offset, offset + limit).map((index) => rows[index]!),
    };
  }

  /**
   * Where the entry `seq` is in the filtered view (to select a finding's entry, to keep the
   * selection when the filter changes); undefined when the filter leaves it out.
   */
  locate(sessionId: string, model: SessionModel, filter: string, seq: number): number | undefined {
    const view = this.view(sessionId, model, filter);
    if ('message' in view) return undefined;
    const index = model.indexOf(seq);
    if (index < 0) return undefined;
    // Indices are in increasing order: a binary search.
    let lo = 0;
    let hi = view.indices.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = view.indices[mid]!;
      if (at === index) return mid;
      if (at < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** The session was closed or deleted. */
  forget(sessionId: string): void {
    this.views.delete(sessionId);
  }

  private view(sessionId: string, model: SessionModel, filter: string): View | FilterError {
    const cached = this.views.get(sessionId);
    if (
      cached !== undefined &&
      cached.model === model &&
      cached.filter === filter &&
      cached.version === model.version
    ) {
      return cached;
    }
    const compiled = compileFilter(filter, { day: model.allRows()[0]?.ts });
    if (!compiled.ok) {
      this.views.delete(sessionId);
      return compiled.error;
    }
    const view = { model, filter, version: model.version, indices: model.matching(compiled.filter) };
    this.views.set(sessionId, view);
    return view;
  }
}
