/**
 * An editable Monaco editor for one OCPP-J frame, with the OCA schema of its action and direction
 * bound to it (completion, hovers, squiggles), and the problems Monaco found listed under it, so an
 * engineer sees what the send path will refuse before sending.
 */
import { useEffect, useRef, useState } from 'react';
import type * as MonacoApi from 'monaco-editor';
import { createEditor, disposeEditor, loadMonaco } from '../../components/monaco-editor';
import { bindSchema } from './monaco-schemas';
import type { BoundSchema } from './use-frame-schema';

let models = 0;

interface Problem {
  line: number;
  message: string;
  severity: 'error' | 'warning';
}

export function FrameEditor({
  value,
  onChange,
  label,
  testId,
  schema,
}: {
  value: string;
  onChange: (text: string) => void;
  label: string;
  testId: string;
  schema: BoundSchema | undefined;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<MonacoApi.editor.IStandaloneCodeEditor>(undefined);
  const [modelUri] = useState(() => `inmemory://ocpp-scope/frame-${++models}.json`);
  const [problems, setProblems] = useState<Problem[]>([]);
  const latest = useRef({ value, onChange, schema });
  useEffect(() => {
    latest.current = { value, onChange, schema };
  });

  useEffect(() => {
    let disposed = false;
    let markers: MonacoApi.IDisposable | undefined;
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      const uri = monaco.Uri.parse(modelUri);
      const model = monaco.editor.createModel(latest.current.value, 'json', uri);
      bindSchema(monaco, modelUri, latest.current.schema);
      editor.current = createEditor(monaco, host.current, {
        model,
        tabSize: 2,
        ariaLabel: label,
        fixedOverflowWidgets: true,
        lineNumbers: 'on',
        wordWrap: 'on',
      });
      model.onDidChangeContent(() => {
        const text = model.getValue();
        if (text !== latest.current.value) latest.current.onChange(text);
      });
      markers = monaco.editor.onDidChangeMarkers((uris) => {
        if (!uris.some((u) => u.toString() === uri.toString())) return;
        setProblems(
          monaco.editor.getModelMarkers({ resource: uri }).map((m) => ({
            line: m.startLineNumber,
            message: m.message,
            severity: m.severity === monaco.MarkerSeverity.Error ? 'error' : 'warning',
          })),
        );
      });
    });
    return () => {
      disposed = true;
      markers?.dispose();
      void loadMonaco().then((monaco) => bindSchema(monaco, modelUri, undefined));
      disposeEditor(editor.current);
      editor.current = undefined;
    };
  }, [label, modelUri]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (model && !model.isDisposed() && model.getValue() !== value) model.setValue(value);
  }, [value]);

  useEffect(() => {
    void loadMonaco().then((monaco) => {
      if (editor.current) bindSchema(monaco, modelUri, schema);
    });
  }, [schema, modelUri]);

  return (
    <div className="frame-editor">
      <div className="frame-editor-code" ref={host} data-testid={testId} />
      <ul className="frame-problems" aria-label="Problems in the frame" data-testid={`${testId}-problems`}>
        {problems.map((p, k) => (
          <li key={k} className={`frame-problem ${p.severity}`}>
            <span className="muted">line {p.line}</span> {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
