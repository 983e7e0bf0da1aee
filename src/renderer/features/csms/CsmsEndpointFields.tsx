/** Where chargers connect to the mock CSMS, the session's name and the capture file. */
import { Field } from '../../components/Field';
import type { EndpointDraft } from './csms-form';

interface Props {
  draft: EndpointDraft;
  change: (patch: Partial<EndpointDraft>) => void;
}

export function CsmsEndpointFields({ draft, change }: Props) {
  return (
    <fieldset className="form-section">
      <legend>Endpoint</legend>
      <Field
        label="Listen on"
        hint={
          <>
            <code>HOST:PORT</code> chargers connect to, followed by their identity. <code>0.0.0.0:9000</code>{' '}
            accepts chargers on the network; <code>127.0.0.1:0</code> only this machine, on a free port.
          </>
        }
      >
        {(id) => (
          <input
            id={id}
            className="mono"
            value={draft.listen}
            onChange={(e) => change({ listen: e.target.value })}
            placeholder="0.0.0.0:9000"
            spellCheck={false}
            required
          />
        )}
      </Field>
      <Field label="Session name" hint="Optional. By default “Mock CSMS on <listen>”.">
        {(id) => (
          <input
            id={id}
            value={draft.name}
            onChange={(e) => change({ name: e.target.value })}
            placeholder="e.g. ACME wallbox boot tests"
          />
        )}
      </Field>
      <Field
        label="Capture file"
        hint="Optional. Record into this file (it must not exist yet) instead of the data dir."
      >
        {(id) => (
          <input
            id={id}
            className="mono"
            value={draft.captureFile}
            onChange={(e) => change({ captureFile: e.target.value })}
            placeholder="/path/to/bench-session.jsonl"
            spellCheck={false}
          />
        )}
      </Field>
    </fieldset>
  );
}
