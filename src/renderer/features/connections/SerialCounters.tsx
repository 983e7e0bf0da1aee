/** What went through a serial bridge, each way, and how often its port and its CSMS link came back. */
import type { SerialCounters as Counters } from '../../../shared/serial/config';
import { formatBytes } from '../../format';

interface Counter {
  key: string;
  label: string;
  title: string;
  value: (c: Counters) => string;
  /** A class for a value that asks for attention (a dropped line). */
  tone?: (c: Counters) => string | undefined;
}

const COUNTERS: readonly Counter[] = [
  {
    key: 'to-csms',
    label: 'frames → CSMS',
    title: 'OCPP frames read from the port and sent to the CSMS',
    value: (c) => c.frames.toCsms.toLocaleString(),
    tone: () => 'dir-toCsms',
  },
  {
    key: 'to-station',
    label: 'frames ← CSMS',
    title: 'OCPP frames from the CSMS written to the port',
    value: (c) => c.frames.toStation.toLocaleString(),
    tone: () => 'dir-toStation',
  },
  {
    key: 'log-lines',
    label: 'log lines',
    title:
      'Lines from the port that are not OCPP frames (the firmware’s console), recorded between the frames',
    value: (c) => c.consoleLines.toLocaleString(),
  },
  {
    key: 'dropped',
    label: 'dropped lines',
    title: 'Lines longer than the limit, dropped (each is noted in the session)',
    value: (c) => c.droppedLines.toLocaleString(),
    tone: (c) => (c.droppedLines > 0 ? 'tone-warning' : undefined),
  },
  { key: 'bytes-in', label: 'bytes in', title: 'Read from the port', value: (c) => formatBytes(c.bytesIn) },
  {
    key: 'bytes-out',
    label: 'bytes out',
    title: 'Written to the port',
    value: (c) => formatBytes(c.bytesOut),
  },
  {
    key: 'port-reopens',
    label: 'port reopens',
    title: 'Times the port was lost and opened again',
    value: (c) => c.portReopens.toLocaleString(),
  },
  {
    key: 'reconnects',
    label: 'reconnects',
    title: 'Times the CSMS connection was opened again after it dropped',
    value: (c) => c.reconnects.toLocaleString(),
  },
];

export function SerialCounters({ counters }: { counters: Counters }) {
  return (
    <dl className="serial-counters" data-testid="serial-counters">
      {COUNTERS.map((c) => (
        <div key={c.key} title={c.title}>
          <dt>{c.label}</dt>
          <dd className={c.tone?.(counters)} data-testid={`serial-count-${c.key}`}>
            {c.value(counters)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
