/**
 * One station connected to the mock CSMS: every frame it sends is captured, answered as configured
 * (or refused with the CALLERROR the version prescribes) and applied to its state; commands to it
 * get a fresh message id and wait for their answer, one at a time (2.0.1 Part 4 section 4.1.1: one
 * outstanding CALL per direction; 1.6 section 4.1.1 says the same as a SHOULD).
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { ConnectionEntry, Entry, FrameEntry } from '../../../shared/capture/entry';
import type { ActionOverride, CsmsConfig } from '../../../shared/csms/config';
import type { CommandAnswer } from '../../../shared/csms/info';
import type { CallFrame, Frame, Payload } from '../../../shared/ocpp/frame';
import type { OcppVersion } from '../../../shared/ocpp/versions';
import { RpcError } from '../../../shared/rpc/errors';
import { withMessageId } from '../../../shared/send/send';
import type { SchemaRegistry } from '../../../shared/validation/registry';
import type { CaptureSink } from '../proxy/bridge';
import { answerCall, schemaErrorAnswer, unanswerable, type Answer, type AnswerContext } from './answers';
import { answerBadFrame, answerText, readFrame } from './bad-frames';
import type { TransactionLedger } from './ledger';
import { StationModel } from './station-state';

export interface ConnectionContext {
  sink: CaptureSink;
  registry: SchemaRegistry;
  ledger: TransactionLedger;
  config(): CsmsConfig;
  /** How often each action's override has applied (for `times`), shared by every station. */
  overrideCounts: Map<string, number>;
  defaultAnswer: AnswerContext['defaultAnswer'];
  onStateChange(): void;
  onClosed(connection: StationConnection): void;
}

interface Outstanding {
  id: string;
  action: string;
  callSeq: number;
  sentAt: number;
  timer: ReturnType<typeof setTimeout>;
  resolve(answer: CommandAnswer): void;
}

export class StationConnection {
  readonly model: StationModel;
  private readonly base: { connectionId: string; stationId: string; source: 'csms' };
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private outstanding: Outstanding | undefined;
  /** Commands waiting for the one before them to be answered. */
  private commandChain: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Frames each way, and pings from the station (ws answers each with a pong by itself). */
  readonly counters = { frames: { toCsms: 0, toStation: 0 }, pings: 0, pongs: 0 };

  constructor(
    readonly connectionId: string,
    readonly stationId: string,
    readonly version: OcppVersion,
    private readonly socket: WebSocket,
    private readonly context: ConnectionContext,
  ) {
    this.base = { connectionId, stationId, source: 'csms' };
    this.model = new StationModel(stationId, connectionId, socket.protocol, version);
    socket.on('message', (data: Buffer, isBinary: boolean) => this.receive(data, isBinary));
    socket.on('ping', () => {
      this.counters.pings++;
      this.counters.pongs++;
    });
    socket.on('error', (error: Error) => {
      if (!this.closed)
        this.record({ kind: 'connection', event: 'error', message: `station connection: ${error.message}` });
    });
    socket.on('close', (code: number, reason: Buffer) => this.end('station', code, reason.toString('utf8')));
  }

  private record(entry: Omit<ConnectionEntry, 'seq' | 'ts' | 'connectionId' | 'stationId' | 'source'>): void {
    this.context.sink.append({ ...this.base, ...entry });
  }

  /** Every frame is recorded here, and counted (the Connections view shows the counts). */
  private appendFrame(frame: Pick<FrameEntry, 'direction' | 'raw' | 'binary' | 'flags' | 'faults'>): Entry {
    this.counters.frames[frame.direction]++;
    return this.context.sink.append({ ...this.base, kind: 'frame', ...frame });
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    if (isBinary) {
      // OCPP-J is text only (1.6J section 3; 2.0.1 Part 4 section 3): no id can be read from bytes.
      this.appendFrame({ direction: 'toCsms', raw: data.toString('base64'), binary: true });
      return;
    }
    const raw = data.toString('utf8');
    const received = this.appendFrame({ direction: 'toCsms', raw });
    const parsed = readFrame(raw);
    if (!parsed.ok) {
      const bad = answerBadFrame(this.version, parsed.problem);
      if (bad !== undefined) this.send(bad.id, bad.answer);
      return;
    }
    this.handle(parsed.frame, received);
  }

  private handle(frame: Frame, received: Entry): void {
    switch (frame.type) {
      case 2:
        this.call(frame);
        return;
      case 3:
      case 4:
      case 5:
        if (frame.type === 5 && this.version !== '2.1') return this.unsupportedType(frame.id, 5);
        this.answered(frame, received);
        return;
      case 6:
        // A SEND is never answered (2.1 Part 4 section 4.2.5); before 2.1 it is an unknown type.
        if (this.version !== '2.1') this.unsupportedType(frame.id, 6);
        return;
    }
  }

  private unsupportedType(id: string, type: number): void {
    // 2.0.1 Part 4 section 4.2.4 answers an unknown message type; 1.6 ignores it (section 4.1.3).
    if (this.version !== '2.0.1') return;
    this.send(id, {
      kind: 'error',
      code: 'MessageTypeNotSupported',
      description: `message type ${type} is not supported by OCPP 2.0.1`,
      details: {},
    });
  }

  private call(frame: CallFrame): void {
    const refusal = unanswerable(this.version, frame.action);
    if (refusal !== undefined) return this.send(frame.id, refusal);
    const issues = this.context.registry.validate(this.version, frame.action, 'request', frame.payload);
    if (issues !== undefined && issues.length > 0) {
      return this.send(frame.id, schemaErrorAnswer(this.version, frame.action, issues));
    }
    const config = this.context.config();
    const override = this.overrideFor(config, frame.action);
    let answer: Answer;
    if (override?.callError !== undefined) {
      answer = {
        kind: 'error',
        code: override.callError.code,
        description: override.callError.description ?? `configured CALLERROR for ${frame.action}`,
        details: override.callError.details ?? {},
      };
    } else if (override?.payload !== undefined) {
      answer = { kind: 'result', payload: override.payload };
    } else {
      // Also with noAnswer or a delay: the CSMS has taken the CALL in and only its answer is lost
      // or late, which is the case a charger's retry (and the idempotency switch) is about.
      const now = new Date();
      const outcome = answerCall(
        {
          version: this.version,
          stationId: this.stationId,
          config,
          ledger: this.context.ledger,
          now,
          defaultAnswer: this.context.defaultAnswer,
        },
        frame.action,
        frame.payload,
      );
      answer = outcome.answer;
      if (answer.kind === 'result' && this.model.apply(frame.action, frame.payload, outcome.effect, now)) {
        this.context.onStateChange();
      }
    }
    if (override?.noAnswer === true) return;
    const delay = override?.delayMs ?? 0;
    if (delay === 0) return this.send(frame.id, answer);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.send(frame.id, answer, [`delayed ${delay} ms (configured for ${frame.action})`]);
    }, delay);
    this.timers.add(timer);
  }

  /** The override for this CALL, counting it against `times`. */
  private overrideFor(config: CsmsConfig, action: string): ActionOverride | undefined {
    const override = config.actions[action];
    if (override === undefined) return undefined;
    if (override.times !== undefined) {
      const used = this.context.overrideCounts.get(action) ?? 0;
      if (used >= override.times) return undefined;
      this.context.overrideCounts.set(action, used + 1);
    }
    return override;
  }

  private send(id: string, answer: Answer, faults?: string[]): void {
    if (this.closed || this.socket.readyState !== WebSocket.OPEN) return;
    const raw = answerText(id, answer);
    this.socket.send(raw);
    this.appendFrame({
      direction: 'toStation',
      raw,
      ...(faults !== undefined ? { flags: ['delayed' as const], faults } : {}),
    });
  }

  private answered(frame: Frame & { type: 3 | 4 | 5 }, received: Entry): void {
    const pending = this.outstanding;
    // A late or unknown answer is only captured: the analysis reports it (rpc rules).
    if (pending === undefined || pending.id !== frame.id) return;
    this.finish(
      frame.type === 3
        ? { outcome: 'result', payload: frame.payload }
        : {
            outcome: 'error',
            code: frame.errorCode,
            description: frame.errorDescription,
            details: frame.errorDetails,
          },
      received,
    );
  }

  private finish(
    result:
      | { outcome: 'result'; payload: Payload }
      | { outcome: 'error'; code: string; description: string; details: Payload }
      | { outcome: 'timeout' }
      | { outcome: 'closed' },
    answer?: Entry,
  ): void {
    const pending = this.outstanding;
    if (pending === undefined) return;
    this.outstanding = undefined;
    clearTimeout(pending.timer);
    pending.resolve({
      messageId: pending.id,
      callSeq: pending.callSeq,
      // Entry times on both ends, so the answer says what the timeline's latency column says.
      elapsedMs: (answer?.ts ?? Date.now()) - pending.sentAt,
      ...(answer !== undefined ? { answerSeq: answer.seq } : {}),
      ...result,
    });
  }

  /**
   * Sends a CALL and resolves with its answer, a timeout, or the connection closing. The id is a
   * fresh one unless `messageId` pins it (to test how a station handles a duplicate).
   */
  command(action: string, payload: Payload, timeoutMs: number, messageId?: string): Promise<CommandAnswer> {
    const id = messageId ?? randomUUID();
    return this.inTurn(() =>
      this.sendCommand(id, action, JSON.stringify([2, id, action, payload]), timeoutMs),
    );
  }

  /**
   * Sends a frame as the engineer wrote it: a CALL gets a fresh id unless one is pinned, waits its
   * turn and then its answer, like a command; anything else (an answer, a frame broken on purpose)
   * goes out at once, as it is.
   */
  async sendFrame(
    raw: string,
    options: { messageId?: string; timeoutMs: number },
  ): Promise<{ seq: number; messageId?: string; answer?: CommandAnswer }> {
    const id = options.messageId ?? randomUUID();
    const call = withMessageId(raw, id);
    const head = call.replaced ? (JSON.parse(call.raw) as unknown[]) : undefined;
    if (head !== undefined && head[0] === 2 && typeof head[2] === 'string') {
      const action = head[2];
      const answer = await this.inTurn(() => this.sendCommand(id, action, call.raw, options.timeoutMs));
      if (answer.callSeq === 0)
        throw new RpcError('invalid', `${this.stationId} disconnected before the frame was sent`);
      return { seq: answer.callSeq, messageId: id, answer };
    }
    if (this.closed || this.socket.readyState !== WebSocket.OPEN)
      throw new RpcError('invalid', `${this.stationId} is not connected any more`);
    // A SEND (2.1) is never answered: it goes out at once with its id.
    const text = call.raw;
    this.socket.send(text);
    const entry = this.appendFrame({ direction: 'toStation', raw: text });
    return call.replaced ? { seq: entry.seq, messageId: id } : { seq: entry.seq };
  }

  /** One outstanding CALL at a time: each waits for the answer to the one before it. */
  private inTurn(run: () => Promise<CommandAnswer>): Promise<CommandAnswer> {
    const result = this.commandChain.then(run, run);
    this.commandChain = result.catch(() => undefined);
    return result;
  }

  private sendCommand(id: string, action: string, raw: string, timeoutMs: number): Promise<CommandAnswer> {
    return new Promise((resolve) => {
      if (this.closed || this.socket.readyState !== WebSocket.OPEN) {
        resolve({ messageId: id, callSeq: 0, elapsedMs: 0, outcome: 'closed' });
        return;
      }
      this.socket.send(raw);
      const entry = this.appendFrame({ direction: 'toStation', raw });
      this.outstanding = {
        id,
        action,
        callSeq: entry.seq,
        sentAt: entry.ts,
        timer: setTimeout(() => this.finish({ outcome: 'timeout' }), timeoutMs),
        resolve,
      };
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  private end(closedBy: 'station' | 'csms' | 'scope', code: number | undefined, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.finish({ outcome: 'closed' });
    this.model.disconnected();
    this.record({
      kind: 'connection',
      event: 'closed',
      ...(code !== undefined ? { code } : {}),
      ...(reason !== '' ? { reason } : {}),
      closedBy,
    });
    this.context.onClosed(this);
  }

  /** The CSMS stops: a clean close that says why. */
  shutdown(reason: string): void {
    if (this.closed) return;
    this.socket.close(1001, reason);
    this.end('scope', 1001, reason);
  }
}
