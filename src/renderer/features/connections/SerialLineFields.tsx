/** The serial side of the bridge: the port, its line settings, and what ends a line on it. */
import { Field, TextField } from '../../components/Field';
import { Select } from '../../components/Inputs';
import { DATA_BITS, PARITIES, STOP_BITS, type Parity } from '../../../shared/serial/config';
import { BaudInput } from './BaudInput';
import { PortPicker } from './PortPicker';
import { delimiterError, type SerialDraft } from './serial-form';
import type { SerialPorts } from './use-serial-ports';

interface Props {
  draft: SerialDraft;
  change: (patch: Partial<SerialDraft>) => void;
  ports: SerialPorts;
  /** Why the port did not open on the last start. */
  portError: string | undefined;
}

const numbers = <T extends number>(values: readonly T[]) =>
  values.map((v) => ({ value: String(v), text: String(v) }));

export function SerialLineFields({ draft, change, ports, portError }: Props) {
  return (
    <fieldset className="form-section">
      <legend>Serial line</legend>
      <Field
        label="Port"
        error={portError}
        hint="Any path can be typed: /dev/ttyUSB0, /dev/serial/by-id/…, COM3, a pty made with socat."
      >
        {(id) => (
          <PortPicker
            id={id}
            value={draft.port}
            set={(port) => change({ port })}
            ports={ports}
            invalid={portError !== undefined}
          />
        )}
      </Field>
      <Field label="Baud rate">
        {(id) => <BaudInput id={id} value={draft.baudRate} set={(baudRate) => change({ baudRate })} />}
      </Field>
      <Field
        label="Line settings"
        hint="Most chargers and UART adapters: 8 data bits, no parity, 1 stop bit (8N1)."
      >
        {(id) => (
          <span className="field-inline line-settings">
            <span>
              <label className="muted" htmlFor={id}>
                data bits
              </label>{' '}
              <Select
                id={id}
                value={String(draft.dataBits)}
                set={(bits) => change({ dataBits: Number(bits) as SerialDraft['dataBits'] })}
                options={numbers(DATA_BITS)}
              />
            </span>
            <span>
              <label className="muted" htmlFor={`${id}-parity`}>
                parity
              </label>{' '}
              <Select<Parity>
                id={`${id}-parity`}
                value={draft.parity}
                set={(parity) => change({ parity })}
                options={PARITIES}
              />
            </span>
            <span>
              <label className="muted" htmlFor={`${id}-stop`}>
                stop bits
              </label>{' '}
              <Select
                id={`${id}-stop`}
                value={String(draft.stopBits)}
                set={(bits) => change({ stopBits: Number(bits) as SerialDraft['stopBits'] })}
                options={numbers(STOP_BITS)}
              />
            </span>
            <label className="check" htmlFor={`${id}-rtscts`}>
              <input
                id={`${id}-rtscts`}
                type="checkbox"
                checked={draft.rtscts}
                onChange={(e) => change({ rtscts: e.target.checked })}
              />
              RTS/CTS flow control
            </label>
          </span>
        )}
      </Field>
      <TextField
        label="Delimiter"
        hint={
          <>
            What ends each frame and log line: <code>\n</code> (default), <code>\r\n</code>, <code>\x1e</code>
            , <code>\0</code>, any byte as <code>\xHH</code>.
          </>
        }
        error={delimiterError(draft.delimiter)}
        code
        className="delimiter-input"
        value={draft.delimiter}
        set={(delimiter) => change({ delimiter })}
        aria-invalid={delimiterError(draft.delimiter) !== undefined || undefined}
      />
    </fieldset>
  );
}
