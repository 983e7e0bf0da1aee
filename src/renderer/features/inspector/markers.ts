/**
 * Findings with a location drawn in Monaco: the path into the frame's JSON is looked up in the
 * text the editor shows (pretty-printed or raw, whichever it is), so the squiggle sits on the
 * offending value (or, for a missing field, on the object that lacks it).
 */
import type * as MonacoApi from 'monaco-editor';
import type { Severity } from '../../../shared/analysis/finding';
import type { JsonLocationPath } from '../../../shared/ocpp/json-location';
import { pathRange } from '../../components/monaco-editor';

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
  const severity: Record<Severity, MonacoApi.MarkerSeverity> = {
    error: monaco.MarkerSeverity.Error,
    warning: monaco.MarkerSeverity.Warning,
    info: monaco.MarkerSeverity.Info,
  };
  const data = markers.flatMap((marker): MonacoApi.editor.IMarkerData[] => {
    const range = pathRange(model, marker.path);
    if (!range) return [];
    return [
      { ...range, severity: severity[marker.severity], message: marker.message, source: marker.source },
    ];
  });
  monaco.editor.setModelMarkers(model, OWNER, data);
  const first = data[0];
  if (first) editor.revealLineInCenterIfOutsideViewport(first.startLineNumber);
}
