/**
 * Waits between attempts to reach something that went away (a serial port, a CSMS): short at
 * first, so a quick replug or restart costs little, then doubling up to a ceiling so that a
 * long outage does not flood the log.
 */

export interface BackoffSettings {
  /** The first wait, ms. */
  initialMs: number;
  /** The longest wait, ms. */
  maxMs: number;
}

export const PORT_RETRY: BackoffSettings = { initialMs: 250, maxMs: 10_000 };
export const LINK_RETRY: BackoffSettings = { initialMs: 1000, maxMs: 30_000 };

export class Backoff {
  private attempt = 0;

  constructor(private readonly settings: BackoffSettings) {}

  /** The wait before the next attempt. */
  next(): number {
    const delay = Math.min(this.settings.maxMs, this.settings.initialMs * 2 ** this.attempt);
    if (delay < this.settings.maxMs) this.attempt++;
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }
}
