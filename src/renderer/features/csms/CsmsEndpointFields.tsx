/** Where chargers connect to the mock CSMS, the session's name and the capture file. */
import { TextField } from '../../components/Field';
import { ListenField } from '../endpoint/ListenField';
import type { EndpointDraft } from './csms-form';

interface Props {
  draft: EndpointDraft;
  change: (patch: Partial<EndpointDraft>) => void;
}

export function CsmsEndpointFields({ draft, change }: Props) {
  return (
    <fieldset className="form-section">
      <legend>Endpoint</legend>
      <ListenField
        value={draft.listen}
        set={(listen) => change({ listen })}
        example="0.0.0.0:9000"
        withIdentity
      />
      <TextField
        label="Session name"
        hint="Optional. By default “Mock CSMS on <listen>”."
        value={draft.name}
        set={(name) => change({ name })}
        placeholder="e.g. ACME wallbox boot tests"
      />
      <TextField
        label="Capture file"
        hint="Optional. Record into this file (it must not exist yet) instead of the data dir."
        code
        value={draft.captureFile}
        set={(captureFile) => change({ captureFile })}
        placeholder="/path/to/bench-session.jsonl"
      />
    </fieldset>
  );
}
