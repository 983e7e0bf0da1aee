/** Seconds left until a moment (a paused frame forwarding itself), ticking while on screen. */
import { useEffect, useState } from 'react';

export function Countdown({ until }: { until: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  return (
    <span className="countdown mono" data-testid="countdown" title="Forwarded unchanged when this reaches 0">
      {left} s
    </span>
  );
}
