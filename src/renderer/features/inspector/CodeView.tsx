/**
 * A read-only Monaco view of one text (pretty JSON, or the raw text when it is not JSON), with the
 * findings that have a location drawn as markers.
 */
import { useEffect, useRef } from 'react';
import type * as MonacoApi from 'monaco-editor';
import { createEditor, disposeEditor, loadMonaco } from '../../components/monaco-editor';
import { applyMarkers, type CodeMarker } from './markers';

const NO_MARKERS: readonly CodeMarker[] = [];

export function CodeView({
  text,
  language,
  label,
  markers = NO_MARKERS,
}: {
  text: string;
  language: 'json' | 'plaintext';
  label: string;
  markers?: readonly CodeMarker[];
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<MonacoApi.editor.IStandaloneCodeEditor>(undefined);
  // What the editor must show once Monaco has loaded, even if it changed while loading.
  const latest = useRef({ text, language, markers });

  useEffect(() => {
    let disposed = false;
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      editor.current = createEditor(monaco, host.current, {
        value: latest.current.text,
        language: latest.current.language,
        readOnly: true,
        // Monaco hides markers in read-only editors by default; here they are the point.
        renderValidationDecorations: 'on',
        domReadOnly: true,
        wordWrap: 'on',
        ariaLabel: label,
      });
      applyMarkers(monaco, editor.current, latest.current.markers);
    });
    return () => {
      disposed = true;
      disposeEditor(editor.current);
      editor.current = undefined;
    };
  }, [label]);

  useEffect(() => {
    latest.current = { text, language, markers };
    const current = editor.current;
    if (!current) return;
    void loadMonaco().then((monaco) => {
      const model = current.getModel();
      if (!model) return;
      if (model.getValue() !== text) model.setValue(text);
      monaco.editor.setModelLanguage(model, language);
      applyMarkers(monaco, current, markers);
    });
  }, [text, language, markers]);

  return <div className="code-view" ref={host} data-testid={`code-${label}`} />;
}
