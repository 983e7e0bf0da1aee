/** Opens the frame editor with this frame's text, aimed where it went if that connection is live. */
import type { Entry } from '../../../shared/capture/entry';
import type { TimelineRow } from '../../../shared/timeline/row';
import { useCsms } from '../../state/csms';
import { useProxies } from '../../state/proxy';
import { useSerial } from '../../state/serial';
import { openFrameEditor } from '../../state/send';
import { useApp } from '../../state/store';
import { defaultTarget, targetOptions } from '../send/send-targets';

/**
 * Indented, to edit one field comfortably; a CALL leaves as compact JSON anyway (its id is set).
 * A malformed frame keeps its text: re-printing would hide what is wrong with it.
 */
function indented(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

export function EditAndSendButton({ entry, row }: { entry: Entry; row: TimelineRow }) {
  const sessionId = useApp((s) => s.opened?.info.id);
  if (entry.kind !== 'frame' || entry.binary) return null;
  const open = () => {
    const options = targetOptions(
      useProxies.getState().proxies,
      useCsms.getState().servers,
      useSerial.getState().bridges,
    );
    openFrameEditor({
      raw: row.problem ? entry.raw : indented(entry.raw),
      targetKey: defaultTarget(entry, sessionId, options),
      // An answer is checked against the response of the CALL it answers.
      ...(row.messageType === 3 && row.action !== undefined ? { answers: row.action } : {}),
      from: `entry #${entry.seq}`,
    });
  };
  return (
    <button
      type="button"
      onClick={open}
      data-testid="edit-and-send"
      title="Open this frame in the editor to change and send it"
    >
      Edit &amp; send…
    </button>
  );
}
