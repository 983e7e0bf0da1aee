/**
 * Sends one direction of a proxied connection in order: a frame behind a delayed one (a fault
 * rule's delay) waits for it, so a delay never reorders the conversation.
 */
import WebSocket from 'ws';

interface Queued {
  data: Buffer;
  binary: boolean;
  at: number;
}

export class OrderedSender {
  private readonly items: Queued[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly target: WebSocket) {}

  send(data: Buffer, binary: boolean, delay: number): void {
    if (delay === 0 && this.items.length === 0) {
      this.target.send(data, { binary });
      return;
    }
    this.items.push({ data, binary, at: Date.now() + delay });
    this.pump();
  }

  private pump(): void {
    if (this.timer !== undefined) return;
    const now = Date.now();
    let head = this.items[0];
    while (head !== undefined && head.at <= now) {
      this.items.shift();
      if (this.target.readyState === WebSocket.OPEN) this.target.send(head.data, { binary: head.binary });
      head = this.items[0];
    }
    if (head !== undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, head.at - now);
    }
  }

  /** Discards what is still delayed (the connection ended). */
  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.items.length = 0;
  }
}
