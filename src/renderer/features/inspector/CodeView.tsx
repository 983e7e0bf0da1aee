/**
 * A read-only Monaco view of one text (pretty JSON, or the raw text as captured), with the
 * findings that have a location drawn as markers. As tall as its text, up to a limit: a Heartbeat
 * takes two lines, not a fixed 300 px, so the pair and the findings stay in view.
 */
import { useEffect, useRef } from 'react';
import type * as MonacoApi from 'monaco-editor';
import { createEditor, disposeEditor, loadMonaco } from '../../components/monaco-editor';
import { applyMarkers, type CodeMarker } from './markers';

const NO_MARKERS: readonly CodeMarker[] = [];
const MIN_HEIGHT = 48;
const MAX_HEIGHT = 420;
/** Monaco reports the height of its lines; the frame around them needs a little more. */
const PADDING = 8;

export function CodeView({
  text,
  language,
  label,
  testId,
  markers = NO_MARKERS,
  raw = false,
  wrap = true,
}: {
  text: string;
  language: 'json' | 'plaintext';
  /** For screen readers: what the text is. */
  label: string;
  testId: string;
  markers?: readonly CodeMarker[];
  /** Raw text: runs of spaces and tabs are drawn, as they are part of what was sent. */
  raw?: boolean;
  /** Off for text in columns (a hex dump), which wrapping would scramble. */
  wrap?: boolean;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<MonacoApi.editor.IStandaloneCodeEditor>(undefined);
  // What the editor must show once Monaco has loaded, even if it changed while loading.
  const latest = useRef({ text, language, markers, label, raw, wrap });

  useEffect(() => {
    let disposed = false;
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      const { current } = latest;
      const created = createEditor(monaco, host.current, {
        value: current.text,
        language: current.language,
        readOnly: true,
        // Monaco hides markers in read-only editors by default; here they are the point.
        renderValidationDecorations: 'on',
        domReadOnly: true,
        wordWrap: current.wrap ? 'on' : 'off',
        ariaLabel: current.label,
        renderWhitespace: current.raw ? 'boundary' : 'none',
        scrollbar: { alwaysConsumeMouseWheel: false },
        // Nothing is edited here: a highlighted cursor line would only look like a selection.
        renderLineHighlight: 'none',
        overviewRulerBorder: false,
      });
      editor.current = created;
      const fit = () => {
        if (!host.current) return;
        const height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, created.getContentHeight() + PADDING));
        host.current.style.height = `${height}px`;
      };
      created.onDidContentSizeChange(fit);
      fit();
      applyMarkers(monaco, created, current.markers);
    });
    return () => {
      disposed = true;
      disposeEditor(editor.current);
      editor.current = undefined;
    };
  }, []);

  useEffect(() => {
    latest.current = { text, language, markers, label, raw, wrap };
    const current = editor.current;
    if (!current) return;
    void loadMonaco().then((monaco) => {
      const model = current.getModel();
      if (!model) return;
      if (model.getValue() !== text) {
        model.setValue(text);
        current.setScrollTop(0);
      }
      monaco.editor.setModelLanguage(model, language);
      current.updateOptions({
        ariaLabel: label,
        renderWhitespace: raw ? 'boundary' : 'none',
        wordWrap: wrap ? 'on' : 'off',
      });
      applyMarkers(monaco, current, markers);
    });
  }, [text, language, markers, label, raw, wrap]);

  return <div className="code-view" ref={host} data-testid={testId} />;
}
