/**
 * The serial port: typed freely (a /dev/serial/by-id path, a pty, COM3), or picked from the ports
 * the system reports with what identifies each adapter (maker, USB ids, serial number), listed
 * again with Refresh after plugging one in. When the system cannot list ports it says why.
 */
import { TextInput } from '../../components/Inputs';
import { describePort, type SerialPorts } from './use-serial-ports';

interface Props {
  id: string;
  value: string;
  set: (port: string) => void;
  ports: SerialPorts;
  /** The port would not open (from the last start): the field is marked. */
  invalid: boolean;
}

export function PortPicker({ id, value, set, ports, invalid }: Props) {
  const listId = `${id}-ports`;
  const found = ports.ports ?? [];
  return (
    <div className="port-picker">
      <div className="port-input-row">
        <TextInput
          id={id}
          code
          value={value}
          set={set}
          placeholder="/dev/ttyUSB0"
          required
          aria-controls={found.length > 0 ? listId : undefined}
          aria-invalid={invalid || undefined}
        />
        <button
          type="button"
          onClick={ports.refresh}
          disabled={ports.loading}
          title="List the system's serial ports again (after plugging in an adapter)"
        >
          {ports.loading ? 'Listing…' : 'Refresh'}
        </button>
      </div>
      {found.length > 0 && (
        <div
          id={listId}
          className="port-list"
          role="group"
          aria-label="Serial ports the system reports"
          data-testid="serial-port-list"
        >
          <span className="port-list-caption muted">The system reports:</span>
          {found.map((port) => {
            const details = describePort(port);
            return (
              <button
                key={port.path}
                type="button"
                className="port-option"
                aria-pressed={port.path === value.trim()}
                onClick={() => set(port.path)}
                title={`Use ${port.path}`}
                data-testid="serial-port-option"
              >
                <span className="mono">{port.path}</span>
                {details !== '' && <span className="muted">{details}</span>}
              </button>
            );
          })}
        </div>
      )}
      {ports.error !== undefined ? (
        <p className="form-warning" role="note" data-testid="serial-ports-error">
          {ports.error}. Type the port&apos;s path instead.
        </p>
      ) : (
        ports.ports?.length === 0 && (
          <p className="field-hint">
            The system reports no serial port: plug the adapter in and Refresh, or type the path.
          </p>
        )
      )}
    </div>
  );
}
