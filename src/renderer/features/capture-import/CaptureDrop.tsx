/**
 * Opening a file: the file picker and drag and drop anywhere on the window, in both faces. Any
 * format main imports (OCPP Scope captures, Open OCPP Traces, pcap/pcapng, DebugKit traces, logs of
 * OCPP-J frames): main tells it by the content, so the picker does not filter by name.
 */
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { importFile } from '../../state/imports';
import './capture-import.css';

const WHAT =
  'An OCPP Scope capture, Open OCPP Trace, pcap or pcapng, DebugKit trace, or a log of OCPP-J frames';

export function OpenCaptureButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} title={`Open or import a file: ${WHAT}`}>
        Open capture…
      </button>
      <input
        ref={input}
        type="file"
        hidden
        data-testid="open-capture-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) void importFile(file);
          event.target.value = '';
        }}
      />
    </>
  );
}

export function CaptureDrop({ children }: { children: ReactNode }) {
  const [over, setOver] = useState(false);
  const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');
  return (
    <div
      className={over ? 'drop-target drop-active' : 'drop-target'}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setOver(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const file = event.dataTransfer.files[0];
        if (file) void importFile(file);
      }}
    >
      {children}
      {over && (
        <div className="drop-overlay">
          Drop a file to open it
          <small>{WHAT}</small>
        </div>
      )}
    </div>
  );
}
