/** Where chargers connect, where the proxy connects, and the session's name. */
import { Field } from '../../components/Field';
import type { ProxyDraft } from './proxy-form';

interface Props {
  draft: ProxyDraft;
  change: (patch: Partial<ProxyDraft>) => void;
}

export function EndpointFields({ draft, change }: Props) {
  return (
    <fieldset className="form-section">
      <legend>Endpoints</legend>
      <Field
        label="Listen on"
        hint={
          <>
            <code>HOST:PORT</code> chargers connect to. <code>0.0.0.0:8080</code> accepts chargers on the
            network; <code>127.0.0.1:0</code> only this machine, on a free port.
          </>
        }
      >
        {(id) => (
          <input
            id={id}
            className="mono"
            value={draft.listen}
            onChange={(e) => change({ listen: e.target.value })}
            placeholder="0.0.0.0:8080"
            spellCheck={false}
            required
          />
        )}
      </Field>
      <Field
        label="CSMS URL"
        hint={
          <>
            <code>ws://</code> or <code>wss://</code>. The charger&apos;s identity is appended to it, or put{' '}
            <code>{'{id}'}</code> where it goes: <code>wss://csms.example.com/ocpp/{'{id}'}/ws</code>.
          </>
        }
      >
        {(id) => (
          <input
            id={id}
            className="mono"
            value={draft.upstream}
            onChange={(e) => change({ upstream: e.target.value })}
            placeholder="wss://csms.example.com/ocpp/"
            spellCheck={false}
            required
          />
        )}
      </Field>
      <Field label="Session name" hint="Optional. By default “Proxy to <CSMS URL>”.">
        {(id) => (
          <input
            id={id}
            value={draft.name}
            onChange={(e) => change({ name: e.target.value })}
            placeholder="e.g. ACME wallbox vs. staging CSMS"
          />
        )}
      </Field>
    </fieldset>
  );
}
