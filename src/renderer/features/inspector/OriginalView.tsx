/**
 * A frame edited at a breakpoint: the text as it arrived, next to what was sent on (the entry's
 * own text, shown as usual below), so what the engineer changed is never lost from the capture.
 */
import type { Entry } from '../../../shared/capture/entry';
import { CodeView } from './CodeView';
import type { TextMode } from './inspector-prefs';

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function OriginalView({ entry, mode }: { entry: Entry; mode: TextMode }) {
  if (entry.kind !== 'frame' || entry.original === undefined) return null;
  return (
    <section className="original" aria-label="Original text" data-testid="original-view">
      <h3 className="original-title">
        Original{' '}
        <span className="muted small">
          as it arrived, before the edit at a breakpoint; the text below is what was sent on
        </span>
      </h3>
      <CodeView
        label={`entry #${entry.seq} as it arrived`}
        testId="code-original"
        text={mode === 'raw' ? entry.original : pretty(entry.original)}
        language="json"
        raw={mode === 'raw'}
      />
    </section>
  );
}
