/**
 * How the inspector is set up, kept across selections and restarts (per machine, in local
 * storage): an engineer reading raw frames all day should not switch to Raw on every row.
 */
import { create } from 'zustand';

export type TextMode = 'pretty' | 'raw';

export const DEFAULT_WIDTH = 400;
export const MIN_WIDTH = 320;

interface InspectorPrefs {
  mode: TextMode;
  /** The inspector's width in px, as the user last dragged it. */
  width: number;
}

const KEY = 'ocpp-scope.inspector';

function load(): InspectorPrefs {
  const prefs: InspectorPrefs = { mode: 'pretty', width: DEFAULT_WIDTH };
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (typeof stored !== 'object' || stored === null) return prefs;
    const { mode, width } = stored as Record<string, unknown>;
    if (mode === 'pretty' || mode === 'raw') prefs.mode = mode;
    if (typeof width === 'number' && Number.isFinite(width)) prefs.width = Math.max(MIN_WIDTH, width);
  } catch {
    // A corrupt entry only costs the defaults.
  }
  return prefs;
}

export const useInspectorPrefs = create<InspectorPrefs>(load);

function save(): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(useInspectorPrefs.getState()));
  } catch {
    // Storage full or disabled: the choice holds until the window closes.
  }
}

export function setTextMode(mode: TextMode): void {
  useInspectorPrefs.setState({ mode });
  save();
}

/** While dragging: shown at once, stored when the drag ends (`commit`). */
export function setInspectorWidth(width: number, commit: boolean): void {
  useInspectorPrefs.setState({ width: Math.max(MIN_WIDTH, Math.round(width)) });
  if (commit) save();
}
