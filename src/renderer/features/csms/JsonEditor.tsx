/**
 * An editable Monaco JSON editor (the config file, a command's payload), with one problem drawn
 * as a marker: at a field path (located in the text as it is) or at a JSON syntax error's offset.
 * The text is the parent's: edits go up through onChange, and a new value from above replaces it.
 */
import { useEffect, useRef } from 'react';
import type * as MonacoApi from 'monaco-editor';
import type { JsonLocationPath } from '../../../shared/ocpp/json-location';
import {
  createEditor,
  disposeEditor,
  loadMonaco,
  offsetRange,
  pathRange,
  type Monaco,
} from '../../components/monaco-editor';

export interface EditorProblem {
  message: string;
  path?: JsonLocationPath;
  offset?: number;
}

const OWNER = 'ocpp-scope-editor';

function mark(monaco: Monaco, model: MonacoApi.editor.ITextModel, problem: EditorProblem | undefined): void {
  const range = problem?.path
    ? pathRange(model, problem.path)
    : problem?.offset !== undefined
      ? offsetRange(model, problem.offset, problem.offset + 1)
      : undefined;
  monaco.editor.setModelMarkers(
    model,
    OWNER,
    problem && range ? [{ ...range, severity: monaco.MarkerSeverity.Error, message: problem.message }] : [],
  );
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
      const created = createEditor(monaco, host.current, {
        value: latest.current.value,
        language: 'json',
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
      disposeEditor(editor.current);
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
