/** Messages of the WebSocket transport (and the memory transport, which mimics it). */
import type { RpcErrorCode } from './errors';
import { isJsonObject } from '../json-object';

export interface RequestEnvelope {
  t: 'req';
  id: number;
  method: string;
  params: unknown;
}
export type ResponseEnvelope =
  | { t: 'res'; id: number; ok: true; result: unknown }
  | { t: 'res'; id: number; ok: false; error: { code: RpcErrorCode; message: string } };
export interface EventEnvelope {
  t: 'evt';
  event: string;
  payload: unknown;
}
export type ServerEnvelope = ResponseEnvelope | EventEnvelope;

/** Parses a client message; undefined when it is not a well-formed request. */
export function decodeRequest(text: string): RequestEnvelope | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(value) || value['t'] !== 'req') return undefined;
  const { id, method, params } = value;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || typeof method !== 'string') return undefined;
  return { t: 'req', id, method, params };
}

/** Parses a server message; undefined when it is not well formed. */
export function decodeServerMessage(text: string): ServerEnvelope | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(value)) return undefined;
  if (value['t'] === 'evt' && typeof value['event'] === 'string') {
    return { t: 'evt', event: value['event'], payload: value['payload'] };
  }
  if (value['t'] === 'res' && typeof value['id'] === 'number') {
    if (value['ok'] === true) return { t: 'res', id: value['id'], ok: true, result: value['result'] };
    const error = value['error'];
    if (isJsonObject(error) && typeof error['message'] === 'string' && typeof error['code'] === 'string') {
      return {
        t: 'res',
        id: value['id'],
        ok: false,
        error: { code: error['code'] as RpcErrorCode, message: error['message'] },
      };
    }
  }
  return undefined;
}
