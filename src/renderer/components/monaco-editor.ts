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
  loading ??= import('./monaco').then(({ monaco }) => {
    followColorScheme(monaco);
    return monaco;
  });
  return loading;
}

const LIGHT_QUERY = '(prefers-color-scheme: light)';
const THEME = 'ocpp-scope';

/**
 * Monaco's theme is global (setTheme restyles every editor), so it is set once here and again
 * whenever the system's scheme changes, the same moment styles.css swaps its palette. Its colours
 * are read from that palette, so the editors sit on the app's own surface and squiggles use the
 * app's severity colours, in either theme.
 */
function followColorScheme(monaco: Monaco): void {
  const query = window.matchMedia(LIGHT_QUERY);
  const apply = (): void => {
    monaco.editor.defineTheme(THEME, themeFromPalette(query.matches));
    monaco.editor.setTheme(THEME);
  };
  apply();
  // Never removed: Monaco, once loaded, lives as long as the page.
  query.addEventListener('change', apply);
}

function themeFromPalette(light: boolean): MonacoApi.editor.IStandaloneThemeData {
  // getComputedStyle re-evaluates the media query, so this reads the palette that now applies.
  const style = getComputedStyle(document.documentElement);
  const color = (name: string): string => style.getPropertyValue(name).trim();
  return {
    base: light ? 'vs' : 'vs-dark',
    inherit: true,
    rules: [],
    colors: {
      'editor.background': color('--bg'),
      'editor.foreground': color('--fg'),
      'editorGutter.background': color('--bg'),
      'editorError.foreground': color('--error'),
      'editorWarning.foreground': color('--warning'),
      'editorInfo.foreground': color('--info'),
      focusBorder: color('--accent'),
    },
  };
}

export function createEditor(
  monaco: Monaco,
  host: HTMLElement,
  options: MonacoApi.editor.IStandaloneEditorConstructionOptions,
): Editor {
  return monaco.editor.create(host, {
    theme: THEME,
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
