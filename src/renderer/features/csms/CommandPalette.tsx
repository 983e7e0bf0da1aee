/**
 * Commands to a connected station: every CSMS-initiated action of its OCPP version with a
 * schema-valid template, filtered by typing, the payload edited as JSON, sent, and answered in
 * the history next to it. Edits to a template are kept per action until the station changes. A
 * payload that breaks the action's schema is not sent: its issues are listed, and it can be sent
 * anyway on purpose (to see how the charger copes).
 */
import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { CsmsInfo, CsmsPalette, StationState } from '../../../shared/csms/info';
import type { SchemaIssue } from '../../../shared/validation/issues';
import { fetchPalette } from '../../state/csms';
import { IssueList } from '../send/SendOutcome';
import { CommandHistory } from './CommandHistory';
import { JsonEditor } from './JsonEditor';
import { sendPaletteCommand } from './palette-send';

interface Refusal {
  action: string;
  payload: unknown;
  issues: SchemaIssue[];
}

interface Props {
  csms: CsmsInfo;
  stations: StationState[];
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

function without(edits: Record<string, string>, action: string): Record<string, string> {
  const rest = { ...edits };
  delete rest[action];
  return rest;
}

export function CommandPalette({ csms, stations }: Props) {
  const [chosen, setChosen] = useState<string>();
  const stationId = stations.some((s) => s.stationId === chosen) ? chosen : stations[0]?.stationId;
  const [palette, setPalette] = useState<CsmsPalette>();
  const [loadError, setLoadError] = useState<string>();
  const [filter, setFilter] = useState('');
  const [action, setAction] = useState<string>();
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [payloadError, setPayloadError] = useState<string>();
  const [refusal, setRefusal] = useState<Refusal>();

  useEffect(() => {
    if (stationId === undefined) return;
    let current = true;
    void fetchPalette(csms.id, stationId).then((outcome) => {
      if (!current) return;
      setPalette(outcome.ok ? outcome.value : undefined);
      setLoadError(outcome.ok ? undefined : outcome.error);
      setEdits({});
    });
    return () => {
      current = false;
    };
  }, [csms.id, stationId]);

  if (stationId === undefined) {
    return <p className="muted section-empty">Commands need a connected station: connect a charger first.</p>;
  }
  const entries = palette?.stationId === stationId ? palette.actions : [];
  const shown = entries.filter((e) => e.action.toLowerCase().includes(filter.trim().toLowerCase()));
  const entry = entries.find((e) => e.action === action) ?? shown[0];
  const text = entry ? (edits[entry.action] ?? pretty(entry.template)) : '';

  const move = (event: KeyboardEvent) => {
    // Enter picks the highlighted action; it never sends a command from the filter by accident.
    if (event.key === 'Enter') {
      event.preventDefault();
      if (entry) setAction(entry.action);
      return;
    }
    const k = shown.findIndex((e) => e === entry);
    const next =
      event.key === 'ArrowDown' ? shown[k + 1] : event.key === 'ArrowUp' ? shown[k - 1] : undefined;
    if (next) {
      event.preventDefault();
      setAction(next.action);
    }
  };
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (!entry) return;
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (error) {
      setPayloadError(
        `The payload is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    setPayloadError(undefined);
    submit(entry.action, payload, false);
  };
  const submit = (chosen: string, payload: unknown, force: boolean) => {
    setRefusal(undefined);
    void sendPaletteCommand(csms.id, stationId, chosen, payload, force).then((outcome) => {
      if (outcome.status === 'invalid') setRefusal({ action: chosen, payload, issues: outcome.issues });
    });
  };
  // A refusal is about the payload it names: another action or an edit makes it stale.
  const shownRefusal = refusal && entry?.action === refusal.action ? refusal : undefined;

  return (
    <form className="palette" onSubmit={send} aria-label="Command palette" data-testid="command-palette">
      <div className="palette-actions">
        <select value={stationId} onChange={(e) => setChosen(e.target.value)} aria-label="Station">
          {stations.map((s) => (
            <option key={s.stationId} value={s.stationId}>
              {s.stationId}
            </option>
          ))}
        </select>
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={move}
          placeholder={`Filter ${entries.length} actions…`}
          aria-label="Filter actions"
          spellCheck={false}
        />
        <div className="palette-list" role="listbox" aria-label="Actions">
          {shown.map((e) => (
            <button
              key={e.action}
              type="button"
              role="option"
              aria-selected={e === entry}
              onClick={() => setAction(e.action)}
            >
              {e.action}
            </button>
          ))}
          {loadError && <p className="form-error">{loadError}</p>}
          {!loadError && palette && shown.length === 0 && (
            <p className="muted small">No action matches “{filter}”.</p>
          )}
        </div>
      </div>
      <div className="palette-editor">
        <div className="palette-editor-head">
          <span className="mono ellipsis">{entry?.action ?? '…'}</span>
          {palette && <span className="muted">OCPP {palette.version}</span>}
        </div>
        <JsonEditor
          label="Command payload"
          value={text}
          onChange={(next) => {
            if (!entry) return;
            setEdits((all) => ({ ...all, [entry.action]: next }));
            setRefusal(undefined);
          }}
        />
        {shownRefusal && (
          <div className="send-outcome invalid" role="alert" data-testid="palette-refusal">
            <p>
              <strong>Not sent:</strong> the payload breaks the {shownRefusal.action} schema.
            </p>
            <IssueList issues={shownRefusal.issues} />
            <button
              type="button"
              className="danger"
              onClick={() => submit(shownRefusal.action, shownRefusal.payload, true)}
              data-testid="palette-send-anyway"
            >
              Send anyway
            </button>
          </div>
        )}
        <div className="palette-editor-foot">
          <button type="submit" className="primary" disabled={!entry}>
            Send
          </button>
          {entry && edits[entry.action] !== undefined && (
            <button type="button" onClick={() => setEdits((all) => without(all, entry.action))}>
              Reset to template
            </button>
          )}
          {payloadError && <span className="form-error ellipsis">{payloadError}</span>}
        </div>
      </div>
      <CommandHistory csms={csms} />
    </form>
  );
}
