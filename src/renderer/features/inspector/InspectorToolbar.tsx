/** Pretty or raw text, and the copies an engineer pastes into a ticket or a test. */
import type { Entry } from '../../../shared/capture/entry';
import type { TimelineRow } from '../../../shared/timeline/row';
import { CopyButton } from '../../components/CopyButton';
import { Segmented } from '../../components/Field';
import { EditAndSendButton } from './EditAndSendButton';
import { captureLine, payloadText } from './entry-text';
import { setTextMode, type TextMode } from './inspector-prefs';

const MODES = [
  { value: 'pretty', text: 'Pretty', title: 'Indented JSON (a malformed frame stays as received)' },
  { value: 'raw', text: 'Raw', title: 'The exact text as captured, byte for byte' },
] as const;

export function InspectorToolbar({
  entry,
  row,
  mode,
  shown,
}: {
  entry: Entry;
  row: TimelineRow;
  mode: TextMode;
  shown: string;
}) {
  const payload = payloadText(entry);
  return (
    <div className="inspector-toolbar" data-testid="inspector-toolbar">
      <Segmented label="Text view" value={mode} options={MODES} onChange={setTextMode} />
      <EditAndSendButton entry={entry} row={row} />
      <span className="spacer" />
      <span className="copy-group" role="group" aria-label="Copy">
        <span className="muted">Copy</span>
        {entry.kind === 'frame' && <CopyButton label="frame" text={shown} />}
        {entry.kind === 'console' && <CopyButton label="line" text={shown} />}
        {payload !== undefined && <CopyButton label="payload" text={payload} />}
        <CopyButton label="entry" text={captureLine(entry)} />
      </span>
    </div>
  );
}
