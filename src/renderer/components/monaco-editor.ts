/**
 * What every Monaco editor in the app shares: Monaco loaded once on first use, the same look, the
 * same order of disposal, and where a JSON path sits in the text for a marker.
 */
import type * as MonacoApi from 'monaco-editor';
import { locateJsonPath, type JsonLocationPath } from '../../shared/ocpp/json-location';

export type Monaco = typeof MonacoApi;
type Editor = MonacoApi.editor.IStandaloneCodeEditor;

let loading: Promise<Monaco> | undefined;
export function loadMonaco(): Promise<Monaco> {
  loading ??= import('./monaco').then((m) => m.monaco);
  return loading;
}

export function createEditor(
  monaco: Monaco,
  host: HTMLElement,
  options: MonacoApi.editor.IStandaloneEditorConstructionOptions,
): Editor {
  return monaco.editor.create(host, {
    theme: 'vs-dark',
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    automaticLayout: true,
    fontSize: 12,
    lineNumbers: 'off',
    folding: true,
    ...options,
  });
}

export function disposeEditor(editor: Editor | undefined): void {
  // The editor first: its inline-completions observer reads the model while letting go of it.
  const model = editor?.getModel();
  editor?.dispose();
  model?.dispose();
}

/**
 * The range a JSON path marks. A missing field has no text of its own: like VS Code's JSON
 * validation, the object that lacks it is marked by its key (or its opening bracket), not every
 * line of it.
 */
export function pathRange(
  model: MonacoApi.editor.ITextModel,
  path: JsonLocationPath,
): MonacoApi.IRange | undefined {
  const location = locateJsonPath(model.getValue(), path);
  if (!location) return undefined;
  const start = location.found ? location.start : (location.keyStart ?? location.start);
  const end = location.found ? location.end : location.start + 1;
  return offsetRange(model, start, end);
}

export function offsetRange(
  model: MonacoApi.editor.ITextModel,
  start: number,
  end: number,
): MonacoApi.IRange {
  const from = model.getPositionAt(start);
  const to = model.getPositionAt(Math.max(end, start + 1));
  return {
    startLineNumber: from.lineNumber,
    startColumn: from.column,
    endLineNumber: to.lineNumber,
    endColumn: to.column,
  };
}
