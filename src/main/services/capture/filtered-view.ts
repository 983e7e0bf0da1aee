/**
 * The filtered view of a session the renderer is scrolling: the filter is compiled and run over
 * the whole session once, then pages are cut from the matching indices until the session changes
 * (a live capture grows, a finding lands on an earlier row) or another filter comes.
 */
import { compileFilter } from '../../../shared/filter/filter';
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
    let view = this.views.get(sessionId);
    if (
      view === undefined ||
      view.model !== model ||
      view.filter !== filter ||
      view.version !== model.version
    ) {
      const compiled = compileFilter(filter, { day: model.allRows()[0]?.ts });
      if (!compiled.ok) {
        this.views.delete(sessionId);
        return { ok: false, error: compiled.error };
      }
      view = { model, filter, version: model.version, indices: model.matching(compiled.filter) };
      this.views.set(sessionId, view);
    }
    const rows = model.allRows();
    return {
      ok: true,
      total: view.indices.length,
      sessionTotal: model.size,
      rows: view.indices.slice(offset, offset + limit).map((index) => rows[index]!),
    };
  }

  /** The session was closed or deleted. */
  forget(sessionId: string): void {
    this.views.delete(sessionId);
  }
}
