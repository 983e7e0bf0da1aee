/**
 * A replay's conversation on an open socket. The replayed side's CALLs go out in recorded order,
 * each with a fresh message id (answers are matched by the new id; the recorded id stays on the
 * diff item), one outstanding at a time (1.6 and 2.x section 4.1.1), spaced as recorded divided by
 * the speed, or at once after the previous answer with speed `max`. As the CSMS, a CALL also waits
 * until the station has sent what it had sent before it in the recording (a GetConfiguration
 * after the boot), or until the station makes no progress for the timeout. The other side's CALLs
 * are answered from the recording by action, in order (the last answer again when they run out);
 * an action the recording never answered gets NotImplemented or a schema-valid default. Every frame
 * both ways is captured.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Direction } from '../../../shared/capture/entry';
import { parseFrame, type Frame } from '../../../shared/ocpp/frame';
import { diffExchange, type Exchange, type ReplayedAnswer } from '../../../shared/replay/diff';
import type { PlannedCall, ReplayPlan } from '../../../shared/replay/plan';
import { stationTransactionId, TransactionIdMap } from '../../../shared/replay/rewrite';
import type { ReplaySpeed, ReplayStep, UnmatchedPolicy } from '../../../shared/replay/types';
import { frameTemplate } from '../../../shared/send/template';
import type { SchemaRegistry } from '../../../shared/validation/registry';
import type { CaptureSink } from '../proxy/bridge';

export interface ConversationOptions {
  plan: ReplayPlan;
  socket: WebSocket;
  sink: CaptureSink;
  stationId: string;
  speed: ReplaySpeed;
  timeoutMs: number;
  unmatched: UnmatchedPolicy;
  registry: SchemaRegistry;
  onSent(): void;
  onStep(step: ReplayStep): void;
  onAnswered(): void;
  onWarning(message: string): void;
}

export interface ConversationEnd {
  exchanges: Exchange[];
  /** The other side's CALLs per action in the replay. */
  peerCalls: Record<string, number>;
  /** Why it ended before every CALL was sent, if it did. */
  incomplete?: string;
}

interface Outstanding {
  id: string;
  resolve(answer: { answer: ReplayedAnswer; seq?: number }): void;
}

export class Conversation {
  private readonly base: { connectionId: string; stationId: string; source: 'replay' };
  private readonly ours: Direction;
  private readonly peer: Direction;
  private readonly ids = new TransactionIdMap();
  private readonly peerCalls: Record<string, number> = {};
  private readonly repliesUsed = new Map<string, number>();
  private readonly peerTransactionIds = new Set<string>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** Told when the conversation ends (a wait in progress gives up). */
  private onEnd: (() => void)[] = [];
  /** Told on every CALL of the other side, and when the conversation ends. */
  private onProgress: (() => void)[] = [];
  private outstanding: Outstanding | undefined;
  private ended: string | undefined;
  /** The session no longer takes entries: whatever still arrives is ignored. */
  private detached = false;

  constructor(private readonly options: ConversationOptions) {
    this.base = { connectionId: 'c1', stationId: options.stationId, source: 'replay' };
    this.ours = options.plan.side === 'station' ? 'toCsms' : 'toStation';
    this.peer = options.plan.side === 'station' ? 'toStation' : 'toCsms';
    const socket = options.socket;
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (!this.detached) this.receive(data, isBinary);
    });
    socket.on('close', (code: number, reason: Buffer) => {
      if (this.ended === undefined && !this.detached) {
        const text = reason.toString('utf8');
        options.sink.append({
          ...this.base,
          kind: 'connection',
          event: 'closed',
          code,
          ...(text !== '' ? { reason: text } : {}),
          closedBy: options.plan.side === 'station' ? 'csms' : 'station',
        });
        this.end(
          `the ${options.plan.side === 'station' ? 'CSMS' : 'station'} closed the connection (${code})`,
        );
      }
    });
    socket.on('error', (error: Error) => {
      if (this.ended === undefined && !this.detached)
        options.sink.append({ ...this.base, kind: 'connection', event: 'error', message: error.message });
    });
  }

  /** Runs the replay to its end (or until stopped) and says what happened. */
  async run(): Promise<ConversationEnd> {
    const { plan, speed } = this.options;
    this.options.socket.resume();
    const exchanges: Exchange[] = [];
    let lastSentAt = Date.now();
    for (const call of plan.calls) {
      if (this.ended === undefined && speed !== 'max')
        await this.sleep(lastSentAt + call.gapMs / speed - Date.now());
      if (this.ended === undefined && plan.side === 'csms')
        await this.peerReached(call.peerCallsBefore, call.action);
      if (this.ended !== undefined) {
        exchanges.push(this.unsent(call));
        this.options.onStep({
          recordedSeq: call.seq,
          action: call.action,
          outcome: 'not-sent',
          differences: 1,
        });
        continue;
      }
      lastSentAt = Date.now();
      const exchange = await this.exchange(call);
      exchanges.push(exchange);
      const step: ReplayStep = {
        recordedSeq: call.seq,
        action: call.action,
        outcome: exchange.replayed.outcome,
        differences: diffExchange(exchange).length,
        elapsedMs: Date.now() - lastSentAt,
      };
      if (exchange.replayedSeq !== undefined) step.replayedSeq = exchange.replayedSeq;
      if (exchange.replayed.outcome === 'error') step.code = exchange.replayed.code;
      this.options.onStep(step);
    }
    // As the CSMS, the station's side of the recording is part of the flow: wait for it to finish.
    if (plan.side === 'csms' && this.ended === undefined) await this.peerReached(plan.peerCalls, undefined);
    const incomplete = exchanges.some((e) => e.replayed.outcome === 'not-sent') ? this.ended : undefined;
    this.end('the replay finished');
    return {
      exchanges,
      peerCalls: { ...this.peerCalls },
      ...(incomplete !== undefined ? { incomplete } : {}),
    };
  }

  /** Before the session is finished: nothing the peer still sends is recorded or answered. */
  detach(): void {
    this.end('the replay finished');
    this.detached = true;
  }

  /** Ends the conversation early: what is still to send is not sent. */
  stop(why: string): void {
    this.end(why);
  }

  private end(why: string): void {
    if (this.ended !== undefined) return;
    this.ended = why;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.outstanding?.resolve({ answer: { outcome: 'closed' } });
    this.outstanding = undefined;
    const told = [...this.onEnd.splice(0), ...this.onProgress.splice(0)];
    for (const tell of told) tell();
  }

  private progress(): void {
    for (const tell of this.onProgress.splice(0)) tell();
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const stopped = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.onEnd = this.onEnd.filter((tell) => tell !== stopped);
        resolve();
      }, ms);
      this.timers.add(timer);
      this.onEnd.push(stopped);
    });
  }

  /** Until the other side has sent at least `counts` CALLs per action, or stalls for the timeout. */
  private async peerReached(counts: Record<string, number>, before: string | undefined): Promise<void> {
    const missing = () =>
      Object.entries(counts)
        .filter(([action, n]) => (this.peerCalls[action] ?? 0) < n)
        .map(([action, n]) => `${action} (${this.peerCalls[action] ?? 0} of ${n})`);
    while (this.ended === undefined && missing().length > 0) {
      const progressed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve(false);
        }, this.options.timeoutMs);
        this.timers.add(timer);
        this.onProgress.push(() => {
          clearTimeout(timer);
          this.timers.delete(timer);
          resolve(true);
        });
      });
      if (!progressed) {
        this.options.onWarning(
          `the station did not send ${missing().join(', ')} as in the recording within ${this.options.timeoutMs / 1000} s; ${before === undefined ? 'the replay ends' : `${before} is sent anyway`}`,
        );
        return;
      }
    }
  }

  private unsent(call: PlannedCall): Exchange {
    return {
      recordedSeq: call.seq,
      action: call.action,
      recordedId: call.id,
      recorded: call.recorded,
      replayed: { outcome: 'not-sent' },
    };
  }

  /** Sends one planned CALL and waits for its answer (a SEND is not answered). */
  private async exchange(call: PlannedCall): Promise<Exchange> {
    const id = randomUUID();
    const { payload, replaced } = this.ids.apply(call.payload);
    const raw = JSON.stringify([call.send ? 6 : 2, id, call.action, payload]);
    const answer = call.send
      ? undefined
      : new Promise<{ answer: ReplayedAnswer; seq?: number }>((resolve) => {
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            this.outstanding = undefined;
            resolve({ answer: { outcome: 'timeout' } });
          }, this.options.timeoutMs);
          this.timers.add(timer);
          this.outstanding = {
            id,
            resolve: (value) => {
              clearTimeout(timer);
              this.timers.delete(timer);
              resolve(value);
            },
          };
        });
    this.options.socket.send(raw);
    const entry = this.options.sink.append({
      ...this.base,
      kind: 'frame',
      direction: this.ours,
      raw,
      ...(replaced.length > 0
        ? {
            faults: replaced.map(
              (r) =>
                `${r.path} ${JSON.stringify(r.from)} replaced by ${JSON.stringify(r.to)}: the id the ${this.options.plan.side === 'station' ? 'CSMS' : 'station'} gave in this replay`,
            ),
          }
        : {}),
    });
    this.options.onSent();
    const exchange: Exchange = {
      recordedSeq: call.seq,
      action: call.action,
      recordedId: call.id,
      replayedSeq: entry.seq,
      replayedId: id,
      recorded: call.recorded,
      replayed: { outcome: 'sent' },
    };
    if (answer === undefined) return exchange;
    const { answer: replayed, seq } = await answer;
    exchange.replayed = replayed;
    if (seq !== undefined) exchange.answerSeq = seq;
    // 1.6: the CSMS's transactionId replaces the recorded one in the CALLs that follow.
    if (call.recorded.outcome === 'result' && replayed.outcome === 'result')
      this.ids.learn(call.recorded.payload.transactionId, replayed.payload.transactionId);
    return exchange;
  }

  private receive(data: Buffer, isBinary: boolean): void {
    const raw = isBinary ? data.toString('base64') : data.toString('utf8');
    const entry = this.options.sink.append({
      ...this.base,
      kind: 'frame',
      direction: this.peer,
      raw,
      ...(isBinary ? { binary: true as const } : {}),
    });
    if (isBinary || this.ended !== undefined) return;
    const parsed = parseFrame(raw);
    // What does not parse is captured; the analysis of the new session says what is wrong with it.
    if (!parsed.ok) return;
    const frame = parsed.frame;
    if (frame.type === 2 || frame.type === 6) {
      this.peerCalls[frame.action] = (this.peerCalls[frame.action] ?? 0) + 1;
      this.learnPeerTransaction(frame.action, frame.payload);
      if (frame.type === 2) this.reply(frame);
      this.progress();
      return;
    }
    const pending = this.outstanding;
    if (pending === undefined || pending.id !== frame.id) return;
    this.outstanding = undefined;
    pending.resolve({
      seq: entry.seq,
      answer:
        frame.type === 3
          ? { outcome: 'result', payload: frame.payload }
          : { outcome: 'error', code: frame.errorCode, description: frame.errorDescription },
    });
  }

  /** 2.x as the CSMS: the station's n-th transaction is the recording's n-th. */
  private learnPeerTransaction(action: string, payload: Record<string, unknown>): void {
    const id = stationTransactionId(action, payload);
    if (id === undefined || this.peerTransactionIds.has(JSON.stringify(id))) return;
    const recorded = this.options.plan.peerTransactionIds[this.peerTransactionIds.size];
    this.peerTransactionIds.add(JSON.stringify(id));
    this.ids.learn(recorded, id);
  }

  private reply(frame: Extract<Frame, { type: 2 }>): void {
    const { plan, registry, unmatched } = this.options;
    const recorded = plan.replies[frame.action];
    let raw: string;
    let note: string | undefined;
    if (recorded !== undefined && recorded.length > 0) {
      const used = this.repliesUsed.get(frame.action) ?? 0;
      this.repliesUsed.set(frame.action, used + 1);
      const reply = recorded[Math.min(used, recorded.length - 1)]!;
      raw =
        reply.outcome === 'result'
          ? JSON.stringify([3, frame.id, reply.payload])
          : JSON.stringify([4, frame.id, reply.code, reply.description, reply.details]);
    } else {
      const fallback =
        unmatched === 'default'
          ? frameTemplate(registry, plan.version, frame.action, 'response', new Date())
          : undefined;
      if (fallback !== undefined) {
        raw = JSON.stringify([3, frame.id, fallback.payload]);
        note = `${frame.action} is not answered in the recording: a schema-valid default answer`;
      } else {
        raw = JSON.stringify([
          4,
          frame.id,
          'NotImplemented',
          `${frame.action} is not in the recording being replayed`,
          {},
        ]);
        note = `${frame.action} is not answered in the recording: NotImplemented`;
      }
    }
    if (this.options.socket.readyState !== WebSocket.OPEN) return;
    this.options.socket.send(raw);
    this.options.sink.append({
      ...this.base,
      kind: 'frame',
      direction: this.ours,
      raw,
      ...(note !== undefined ? { faults: [note] } : {}),
    });
    this.options.onAnswered();
  }
}
