/**
 * The inspector's left edge, dragged (or moved with the arrow keys) to make it wider: a CALL and
 * its answer fit side by side from about 640 px.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { MIN_WIDTH, setInspectorWidth, useInspectorPrefs } from './inspector-prefs';

/** What stays for the sessions sidebar (220 px) and a timeline that still reads. */
const ROOM_LEFT = 600;
const STEP = 40;

function maxWidth(): number {
  return Math.max(MIN_WIDTH, window.innerWidth - ROOM_LEFT);
}

function clamp(width: number): number {
  return Math.min(maxWidth(), Math.max(MIN_WIDTH, width));
}

export function InspectorResizer() {
  const width = useInspectorPrefs((s) => s.width);
  const drag = useRef<{ x: number; width: number }>(undefined);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    // From the width on screen: the stored one may be more than this window allows.
    const shown = event.currentTarget.parentElement?.getBoundingClientRect().width ?? width;
    drag.current = { x: event.clientX, width: shown };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    setInspectorWidth(clamp(drag.current.width + drag.current.x - event.clientX), false);
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    drag.current = undefined;
    event.currentTarget.releasePointerCapture(event.pointerId);
    setInspectorWidth(useInspectorPrefs.getState().width, true);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const delta = event.key === 'ArrowLeft' ? STEP : event.key === 'ArrowRight' ? -STEP : 0;
    if (delta === 0) return;
    event.preventDefault();
    setInspectorWidth(clamp(width + delta), true);
  };

  return (
    <div
      className="inspector-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Inspector width"
      aria-valuenow={width}
      aria-valuemin={MIN_WIDTH}
      aria-valuemax={maxWidth()}
      tabIndex={0}
      title="Drag to resize the inspector"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      data-testid="inspector-resizer"
    />
  );
}
