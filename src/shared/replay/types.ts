/**
 * Replay, as the faces see it: how one is started (the UI's dialog, `ocpp-scope replay`), its
 * progress while it runs, and what it found. Plain JSON, like the rest of the RPC contract.
 */
import type { ReplayDiff } from './diff';

/** Which side of the recording OCPP Scope plays: its CALLs are sent, the other side's answered. */
export type ReplaySide = 'station' | 'csms';
export const REPLAY_SIDES: readonly ReplaySide[] = ['station', 'csms'];

/** 1 as recorded, 2 twice as fast, 0.5 half as fast; `max`: each CALL as soon as the last is answered. */
export type ReplaySpeed = number | 'max';

/** What a CALL from the other side gets when the recording has no answer for its action. */
export type UnmatchedPolicy = 'error' | 'default';

export interface ReplayStartParams {
  /** A capture file on this machine ... */
  file?: string;
  /** ... or a stored session (exactly one of the two). */
  sessionId?: string;
  /** Only these entries (their seqs); absent: the whole connection. */
  seqs?: number[];
  /** The recorded connection to replay when the capture has several. */
  connectionId?: string;
  as: ReplaySide;
  /** As the station: the CSMS URL (`ws://` or `wss://`; the identity is appended, or `{id}` replaced). */
  target?: string;
  /** As the CSMS: `HOST:PORT` the station connects to (default 127.0.0.1:0, any free port). */
  listen?: string;
  speed?: ReplaySpeed;
  /** How long an answer (or, as the CSMS, the station's next step) is waited for; default 30 s. */
  timeoutMs?: number;
  /** Default: `error` as the station (NotImplemented), `default` as the CSMS (a schema-valid answer). */
  unmatched?: UnmatchedPolicy;
  /** As the station: HTTP Basic auth `USER:PASS` for the CSMS (the recording keeps no password). */
  auth?: string;
  /** As the station against wss://: do not verify the CSMS's certificate (lab CSMSs only). */
  insecure?: boolean;
  /** The new session's name; by default "Replay of <source> as the <side>". */
  name?: string;
  /** Record into this file (never overwritten) instead of the data dir. */
  captureFile?: string;
}

export type ReplayPhase = 'connecting' | 'waiting' | 'running' | 'finished' | 'stopped' | 'failed';

/** One CALL of the replay done (answered, timed out, or not sent), for progress lines. */
export interface ReplayStep {
  /** The CALL's seq in the recording, and in the new session when it was sent. */
  recordedSeq: number;
  replayedSeq?: number;
  action: string;
  outcome: 'result' | 'error' | 'timeout' | 'closed' | 'not-sent' | 'sent';
  /** CALLERROR code. */
  code?: string;
  elapsedMs?: number;
  /** How many differences this CALL's answer has from the recorded one. */
  differences: number;
}

export interface PeerCallCount {
  action: string;
  recorded: number;
  replayed: number;
}

export interface ReplayResult {
  diff: ReplayDiff;
  /** The other side's CALLs per action, recorded and in the replay (informational). */
  peerCalls: PeerCallCount[];
  /** The replay ended before every CALL was sent (stopped, or the connection closed). */
  incomplete: boolean;
  /** Why it ended early, if it did. */
  reason?: string;
}

export interface ReplayStatus {
  id: string;
  as: ReplaySide;
  phase: ReplayPhase;
  /** The new live session everything replayed is recorded into. */
  sessionId: string;
  /** The capture or session replayed, for people. */
  source: string;
  connectionId: string;
  stationId: string;
  subprotocol: string;
  /** As the station: the CSMS URL connected to; as the CSMS: the URL the station must connect to. */
  url: string;
  speed: ReplaySpeed;
  startedAt: string;
  finishedAt?: string;
  /** CALLs to send, sent, and done (answered, timed out or given up). */
  calls: number;
  sent: number;
  done: number;
  /** CALLs of the other side answered so far. */
  answered: number;
  warnings: string[];
  result?: ReplayResult;
  /** phase `failed`: what went wrong. */
  error?: string;
}
