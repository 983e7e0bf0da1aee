/**
 * An editable Monaco JSON editor (the config file, a command's payload), with one problem drawn
 * as a marker: at a field path (located in the text as it is) or at a JSON syntax error's offset.
 * The text is the parent's: edits go up through onChange, and a new value from above replaces it.
 */
import { useEffect, useRef } from 'react';
import type * as MonacoApi from 'monaco-editor';
import { locateJsonPath, type JsonLocationPath } from '../../../shared/ocpp/json-location';

type Monaco = typeof MonacoApi;
let loading: Promise<Monaco> | undefined;
function loadMonaco(): Promise<Monaco> {
  loading ??= import('../inspector/monaco').then((m) => m.monaco);
  return loading;
}

export interface EditorProblem {
  message: string;
  path?: JsonLocationPath;
  offset?: number;
}

const OWNER = 'ocpp-scope-editor';

function mark(monaco: Monaco, model: MonacoApi.editor.ITextModel, problem: EditorProblem | undefined): void {
  const text = model.getValue();
  const location = problem?.path ? locateJsonPath(text, problem.path) : undefined;
  const start = location
    ? location.found
      ? location.start
      : (location.keyStart ?? location.start)
    : problem?.offset;
  const end = location?.found ? location.end : start !== undefined ? start + 1 : undefined;
  if (problem === undefined || start === undefined || end === undefined) {
    monaco.editor.setModelMarkers(model, OWNER, []);
    return;
  }
  const from = model.getPositionAt(start);
  const to = model.getPositionAt(Math.max(end, start + 1));
  monaco.editor.setModelMarkers(model, OWNER, [
    {
      startLineNumber: from.lineNumber,
      startColumn: from.column,
      endLineNumber: to.lineNumber,
      endColumn: to.column,
      severity: monaco.MarkerSeverity.Error,
      message: problem.message,
    },
  ]);
}

export function JsonEditor({
  value,
  onChange,
  label,
  problem,
}: {
  value: string;
  onChange: (text: string) => void;
  label: string;
  problem?: EditorProblem;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<MonacoApi.editor.IStandaloneCodeEditor>(undefined);
  const latest = useRef({ value, onChange, problem });
  useEffect(() => {
    latest.current = { value, onChange, problem };
  });

  useEffect(() => {
    let disposed = false;
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      const created = monaco.editor.create(host.current, {
        value: latest.current.value,
        language: 'json',
        theme: 'vs-dark',
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        automaticLayout: true,
        fontSize: 12,
        lineNumbers: 'off',
        folding: true,
        tabSize: 2,
        ariaLabel: label,
        fixedOverflowWidgets: true,
      });
      editor.current = created;
      const model = created.getModel();
      if (!model) return;
      mark(monaco, model, latest.current.problem);
      model.onDidChangeContent(() => {
        const text = model.getValue();
        if (text !== latest.current.value) latest.current.onChange(text);
      });
    });
    return () => {
      disposed = true;
      // The editor first: its inline-completions observer reads the model while letting go of it.
      const model = editor.current?.getModel();
      editor.current?.dispose();
      model?.dispose();
      editor.current = undefined;
    };
  }, [label]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model) return;
    void loadMonaco().then((monaco) => {
      if (model.isDisposed()) return;
      if (model.getValue() !== value) model.setValue(value);
      mark(monaco, model, problem);
    });
  }, [value, problem]);

  return <div className="json-editor" ref={host} data-testid={`editor-${label}`} />;
}
