/**
 * Start from scratch: a version, an action and the direction it travels give a schema-valid
 * template (a CALL, or the answer to one when the other side initiates the action).
 */
import { useState } from 'react';
import type { Direction } from '../../../shared/capture/entry';
import { allActions } from '../../../shared/ocpp/actions';
import { OCPP_VERSIONS, type OcppVersion } from '../../../shared/ocpp/versions';
import { templateKind } from '../../../shared/send/template';
import { Select } from '../../components/Inputs';
import { fetchTemplate } from '../../state/send';

const DIRECTIONS = [
  { value: 'toCsms', text: '→ to CSMS' },
  { value: 'toStation', text: '← to station' },
] as const satisfies readonly { value: Direction; text: string }[];

export interface Picked {
  raw: string;
  /** For a response template: the action it answers. */
  answers?: string;
}

export function ScratchPicker({
  version,
  setVersion,
  direction,
  setDirection,
  lockedByTarget,
  pick,
}: {
  version: OcppVersion;
  setVersion: (version: OcppVersion) => void;
  direction: Direction;
  setDirection: (direction: Direction) => void;
  /** The target fixes the version and direction. */
  lockedByTarget: boolean;
  pick: (picked: Picked) => void;
}) {
  const actions = allActions(version);
  const [action, setAction] = useState('');
  const [error, setError] = useState<string>();
  const chosen = actions.includes(action) ? action : (actions[0] ?? '');
  const kind = templateKind(version, chosen, direction);

  const load = () => {
    void fetchTemplate(version, chosen, direction).then((outcome) => {
      setError(outcome.ok ? undefined : outcome.error);
      if (outcome.ok) pick({ raw: outcome.value, ...(kind === 'response' ? { answers: chosen } : {}) });
    });
  };

  return (
    <div className="scratch-picker" role="group" aria-label="Template">
      <Select
        value={version}
        set={setVersion}
        options={OCPP_VERSIONS.map((v) => ({ value: v, text: `OCPP ${v}` }))}
        disabled={lockedByTarget}
        aria-label="Template version"
      />
      <Select value={chosen} set={setAction} options={actions} aria-label="Template action" />
      <Select
        value={direction}
        set={setDirection}
        options={DIRECTIONS}
        disabled={lockedByTarget}
        aria-label="Template direction"
      />
      <button type="button" onClick={load} disabled={chosen === ''} data-testid="load-template">
        {kind === 'response' ? 'Answer template' : 'CALL template'}
      </button>
      {error && <span className="form-error">{error}</span>}
    </div>
  );
}
