/** A read-only Monaco view of one text (pretty JSON, or the raw text when it is not JSON). */
import { useEffect, useRef } from 'react';
import type * as MonacoApi from 'monaco-editor';

type Monaco = typeof MonacoApi;
let loading: Promise<Monaco> | undefined;
function loadMonaco(): Promise<Monaco> {
  loading ??= import('./monaco').then((m) => m.monaco);
  return loading;
}

export function CodeView({
  text,
  language,
  label,
}: {
  text: string;
  language: 'json' | 'plaintext';
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<MonacoApi.editor.IStandaloneCodeEditor>(undefined);
  // What the editor must show once Monaco has loaded, even if it changed while loading.
  const latest = useRef({ text, language });

  useEffect(() => {
    let disposed = false;
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      editor.current = monaco.editor.create(host.current, {
        value: latest.current.text,
        language: latest.current.language,
        readOnly: true,
        domReadOnly: true,
        theme: 'vs-dark',
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        automaticLayout: true,
        fontSize: 12,
        lineNumbers: 'off',
        folding: true,
        wordWrap: 'on',
        ariaLabel: label,
      });
    });
    return () => {
      disposed = true;
      editor.current?.getModel()?.dispose();
      editor.current?.dispose();
      editor.current = undefined;
    };
  }, [label]);

  useEffect(() => {
    latest.current = { text, language };
    const current = editor.current;
    if (!current) return;
    void loadMonaco().then((monaco) => {
      const model = current.getModel();
      if (!model) return;
      if (model.getValue() !== text) model.setValue(text);
      monaco.editor.setModelLanguage(model, language);
    });
  }, [text, language]);

  return <div className="code-view" ref={host} data-testid={`code-${label}`} />;
}
