/**
 * Findings with a location drawn in Monaco: the path into the frame's JSON is looked up in the
 * text the editor shows (pretty-printed or raw, whichever it is), so the squiggle sits on the
 * offending value.
 */
import type * as MonacoApi from 'monaco-editor';
import type { Severity } from '../../../shared/analysis/finding';
import { locateJsonPath, type JsonLocationPath } from '../../../shared/ocpp/json-location';

export interface CodeMarker {
  path: JsonLocationPath;
  severity: Severity;
  message: string;
  /** Shown in the hover next to the message: the rule id. */
  source: string;
}

const OWNER = 'ocpp-scope-findings';

export function applyMarkers(
  monaco: typeof MonacoApi,
  editor: MonacoApi.editor.IStandaloneCodeEditor,
  markers: readonly CodeMarker[],
): void {
  const model = editor.getModel();
  if (!model) return;
  const text = model.getValue();
  const severity: Record<Severity, MonacoApi.MarkerSeverity> = {
    error: monaco.MarkerSeverity.Error,
    warning: monaco.MarkerSeverity.Warning,
    info: monaco.MarkerSeverity.Info,
  };
  const data = markers.flatMap((marker): MonacoApi.editor.IMarkerData[] => {
    const location = locateJsonPath(text, marker.path);
    if (!location) return [];
    // A missing field has no text of its own: like VS Code's JSON validation, mark the object
    // that lacks it by its key (or its opening bracket), not every line of it.
    const start = location.found ? location.start : (location.keyStart ?? location.start);
    const end = location.found ? location.end : location.start + 1;
    const from = model.getPositionAt(start);
    const to = model.getPositionAt(end);
    return [
      {
        startLineNumber: from.lineNumber,
        startColumn: from.column,
        endLineNumber: to.lineNumber,
        endColumn: to.column,
        severity: severity[marker.severity],
        message: marker.message,
        source: marker.source,
      },
    ];
  });
  monaco.editor.setModelMarkers(model, OWNER, data);
  const first = data[0];
  if (first) editor.revealLineInCenterIfOutsideViewport(first.startLineNumber);
}
