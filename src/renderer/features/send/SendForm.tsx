/**
 * The frame editor: a target (a live proxy connection either way, or the mock CSMS to a station),
 * the frame in Monaco with its schema, a fresh or pinned message id, and what came of each send.
 * It stays open after a send: the point is to change one field and send again.
 */
import { useState, type FormEvent } from 'react';
import type { Direction } from '../../../shared/capture/entry';
import type { OcppVersion } from '../../../shared/ocpp/versions';
import type { SendResult } from '../../../shared/send/send';
import { useCsms } from '../../state/csms';
import { useProxies } from '../../state/proxy';
import { useSerial } from '../../state/serial';
import { closeFrameEditor, sendFrame, type EditorSeed } from '../../state/send';
import { FrameEditor } from './FrameEditor';
import { frameParts } from './frame-parts';
import { ScratchPicker } from './ScratchPicker';
import { SendOutcome } from './SendOutcome';
import { targetOptions } from './send-targets';
import { useFrameSchema } from './use-frame-schema';

interface Sent {
  result: SendResult;
  stationId: string;
  action: string;
  payload: unknown;
  sentAt: number;
}

export function SendForm({ seed }: { seed: EditorSeed }) {
  const proxies = useProxies((s) => s.proxies);
  const servers = useCsms((s) => s.servers);
  const bridges = useSerial((s) => s.bridges);
  const options = targetOptions(proxies, servers, bridges);
  // A captured frame whose connection is gone gets no target: sending it elsewhere is a choice.
  const [targetKey, setTargetKey] = useState(
    () => seed.targetKey ?? (seed.from === undefined ? options[0]?.key : undefined) ?? '',
  );
  const target = options.find((o) => o.key === targetKey);
  const [scratchVersion, setScratchVersion] = useState<OcppVersion>('1.6');
  const [scratchDirection, setScratchDirection] = useState<Direction>('toCsms');
  const version = target?.version ?? scratchVersion;
  const direction = target?.direction ?? scratchDirection;
  const [raw, setRaw] = useState(seed.raw);
  const [answers, setAnswers] = useState(seed.answers);
  const [pin, setPin] = useState(false);
  const [pinnedId, setPinnedId] = useState(() => frameParts(seed.raw).messageId ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [sent, setSent] = useState<Sent>();
  const schema = useFrameSchema(raw, version, answers);

  const send = (force: boolean) => {
    if (!target) return;
    const parts = frameParts(raw);
    setBusy(true);
    setError(undefined);
    const sentAt = Date.now();
    void sendFrame({
      target: target.target,
      raw,
      ...(pin ? { messageId: pinnedId } : {}),
      ...(answers !== undefined && parts.action === undefined ? { answers } : {}),
      ...(force ? { force } : {}),
    }).then((outcome) => {
      setBusy(false);
      if (!outcome.ok) {
        setError(outcome.error);
        return;
      }
      setSent({
        result: outcome.value,
        stationId: target.stationId,
        action: parts.action ?? answers ?? 'answer',
        payload: parts.payload,
        sentAt,
      });
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send(false);
  };

  return (
    <form
      className="proxy-form send-form"
      onSubmit={submit}
      aria-label="Edit and send a frame"
      data-testid="send-form"
    >
      <header className="dialog-head">
        <h2>Edit &amp; send</h2>
        <p className="muted">
          {seed.from !== undefined ? `Starting from ${seed.from}. ` : 'Start from a template. '}
          The frame is checked against the schema of its action before it leaves; a CALL waits for its answer.
        </p>
      </header>
      <div className="dialog-body send-body">
        <label className="send-row">
          <span className="field-label">Target</span>
          <select value={targetKey} onChange={(e) => setTargetKey(e.target.value)} aria-label="Target">
            {options.length === 0 && (
              <option value="">No live connection: start a proxy or the mock CSMS</option>
            )}
            {options.length > 0 && !target && <option value="">Choose a target…</option>}
            {options.map((o) => (
              <option key={o.key} value={o.key}>
                {o.label}
                {o.version === undefined ? ' (no OCPP version)' : ` · OCPP ${o.version}`}
              </option>
            ))}
          </select>
        </label>
        <div className="send-row">
          <span className="field-label">Template</span>
          <ScratchPicker
            version={version}
            setVersion={setScratchVersion}
            direction={direction}
            setDirection={setScratchDirection}
            lockedByTarget={target !== undefined}
            pick={(picked) => {
              setRaw(picked.raw);
              setAnswers(picked.answers);
            }}
          />
        </div>
        <div className="send-row">
          <span className="field-label">Message id</span>
          <span className="message-id">
            <label>
              <input type="checkbox" checked={pin} onChange={(e) => setPin(e.target.checked)} /> pin id
            </label>
            {pin ? (
              <input
                className="mono"
                value={pinnedId}
                onChange={(e) => setPinnedId(e.target.value)}
                aria-label="Pinned message id"
                spellCheck={false}
              />
            ) : (
              <span className="muted small">
                a fresh id for each CALL (pin one to test duplicate-id handling)
              </span>
            )}
          </span>
        </div>
        <p className="muted small schema-title" data-testid="send-schema">
          {schema ? `Completion and checks: ${schema.title}` : 'No schema applies to this text (yet).'}
        </p>
        <FrameEditor
          value={raw}
          onChange={setRaw}
          label="Frame to send"
          testId="send-editor"
          schema={schema}
        />
        {sent && <SendOutcome {...sent} forceSend={() => send(true)} busy={busy} />}
      </div>
      <footer className="dialog-foot">
        <div className="form-error" role="alert" data-testid="send-error">
          {error}
        </div>
        <button type="button" onClick={closeFrameEditor}>
          Close
        </button>
        <button
          type="submit"
          className="primary"
          disabled={busy || !target || raw.trim() === ''}
          data-testid="send-submit"
        >
          {busy ? 'Sending…' : 'Send'}
        </button>
      </footer>
    </form>
  );
}
