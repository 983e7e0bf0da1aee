/**
 * The engineer's frames through a running proxy: one written in the editor and sent on a live
 * connection (as if from the station or from the CSMS), and one edited at a breakpoint. Both are
 * checked against the schema of their action and direction first, and refused with the issues
 * unless forced (src/shared/send/send.ts).
 */
import { versionFromSubprotocol } from '../../../shared/ocpp/versions';
import type { ReleaseResult } from '../../../shared/proxy/intercept';
import { RpcError } from '../../../shared/rpc/errors';
import { checkOutgoing, type SendFrameParams, type SendResult } from '../../../shared/send/send';
import type { SchemaRegistry } from '../../../shared/validation/registry';
import { sendInjected } from '../injections';
import type { RunningProxy } from './launch';

export function sendThroughProxy(
  proxy: RunningProxy,
  params: Omit<SendFrameParams, 'target'> & { connectionId: string; direction: 'toCsms' | 'toStation' },
  registry: SchemaRegistry,
): Promise<SendResult> {
  const bridge = proxy.server.connection(params.connectionId);
  return sendInjected(
    {
      version: versionFromSubprotocol(bridge.subprotocol),
      sessionId: proxy.sessionId,
      inject: (direction, raw, options) => bridge.inject(direction, raw, options),
    },
    params,
    registry,
  );
}

/** Forwards (as it is, or as edited) or drops a frame paused at a breakpoint. */
export function releasePaused(
  proxy: RunningProxy,
  params: { pauseId: string; decision: 'forward' | 'drop'; raw?: string; force?: boolean },
  registry: SchemaRegistry,
): ReleaseResult {
  const paused = proxy.server.paused().find((p) => p.pauseId === params.pauseId);
  if (paused === undefined) {
    throw new RpcError(
      'not-found',
      `no frame ${params.pauseId} is paused: it was forwarded (auto-forward timeout), or its connection closed`,
    );
  }
  if (params.decision === 'drop')
    return { status: 'released', issues: [], ...proxy.server.release(params.pauseId, { kind: 'drop' }) };
  const raw = params.raw;
  if (raw === undefined || raw === paused.raw)
    return { status: 'released', issues: [], ...proxy.server.release(params.pauseId, { kind: 'forward' }) };
  // The edit keeps its own id: the engineer may change it on purpose, and the answer follows it.
  const version = versionFromSubprotocol(paused.subprotocol);
  const issues =
    version === undefined
      ? []
      : checkOutgoing(
          registry,
          version,
          paused.direction,
          raw,
          paused.messageType === 3 ? paused.action : undefined,
        ).issues;
  if (issues.length > 0 && params.force !== true) return { status: 'invalid', issues };
  return { status: 'released', issues, ...proxy.server.release(params.pauseId, { kind: 'forward', raw }) };
}
