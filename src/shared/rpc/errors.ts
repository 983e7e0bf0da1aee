export type RpcErrorCode =
  'bad-request' | 'bad-params' | 'unknown-method' | 'not-found' | 'invalid' | 'internal' | 'closed';

/** An error that crosses the RPC boundary: its message is meant for the user. */
export class RpcError extends Error {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}
