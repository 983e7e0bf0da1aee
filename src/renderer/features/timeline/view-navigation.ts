/**
 * What the timeline and the sequence diagram share as two windows on the same view: rows fetched
 * as they scroll into view, a live tail followed, the selection kept on screen, and the keys that
 * move the selection.
 */
import { useEffect } from 'react';
import type { KeyboardEvent } from 'react';
import type { Virtualizer } from '@tanstack/react-virtual';
import { useApp } from '../../state/store';
import { ensureRows, rowAt, select, selectSeq } from '../../state/view';

/** `before`: rows to fetch ahead of the first on screen (the diagram measures a gap from it). */
export function useViewWindow(virtualizer: Virtualizer<HTMLDivElement, Element>, before = 0): void {
  const total = useApp((s) => s.total);
  const followTail = useApp((s) => s.followTail);
  const selectedIndex = useApp((s) => s.selectedIndex);
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (items.length > 0) ensureRows(Math.max(0, first - before), last + 1);
  }, [first, last, items.length, total, before]);

  useEffect(() => {
    if (followTail && total > 0) virtualizer.scrollToIndex(total - 1, { align: 'end' });
  }, [followTail, total, virtualizer]);

  useEffect(() => {
    if (selectedIndex !== undefined) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);
}

/**
 * Arrows, Page Up/Down and Home/End move the selection; Enter goes from a CALL to its answer and
 * back (the pair is what an engineer reads together). Returns whether the key was one of them.
 */
export function moveSelection(event: KeyboardEvent, visibleRows: number): boolean {
  const { selectedIndex, total, pages } = useApp.getState();
  const partner = selectedIndex === undefined ? undefined : rowAt({ pages }, selectedIndex)?.partnerSeq;
  if (event.key === 'Enter' && partner !== undefined) {
    event.preventDefault();
    void selectSeq(partner);
    return true;
  }
  const current = selectedIndex ?? -1;
  const moves: Record<string, number> = {
    ArrowDown: current + 1,
    ArrowUp: current - 1,
    PageDown: current + visibleRows,
    PageUp: current - visibleRows,
    Home: 0,
    End: total - 1,
  };
  const next = moves[event.key];
  if (next === undefined) return false;
  event.preventDefault();
  select(Math.max(0, Math.min(total - 1, next)));
  return true;
}
