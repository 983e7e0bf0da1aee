/** Opening a capture: the file picker and drag-and-drop anywhere on the window, in both faces. */
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { importFile } from '../../state/sessions';

export function OpenCaptureButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()}>
        Open capture…
      </button>
      <input
        ref={input}
        type="file"
        accept=".jsonl,.ndjson,.json,application/x-ndjson"
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
      {over && <div className="drop-overlay">Drop a capture to open it</div>}
    </div>
  );
}
