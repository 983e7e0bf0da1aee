/**
 * Monaco, bundled (no CDN), with its workers built by Vite's `?worker`. The full entry: in 0.57 the
 * editor contributions (find, folding, hover...) need services that only it registers; a trimmed
 * editor.api import throws "depends on UNKNOWN service" at run time. Loaded on first use, so the
 * timeline paints without waiting for it.
 */
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

export { monaco };
