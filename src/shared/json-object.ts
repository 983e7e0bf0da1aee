/** A JSON object (not null, not an array): what a payload, a capture line or an RPC envelope must be. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
