/** What the send form reads from the text being edited, without judging it (main does). */
export interface FrameParts {
  messageId?: string;
  action?: string;
  payload?: unknown;
}

export function frameParts(raw: string): FrameParts {
  try {
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value)) return {};
    const [type, id, third, fourth] = value as unknown[];
    const messageId = typeof id === 'string' ? id : undefined;
    if (type === 2 || type === 6)
      return { messageId, action: typeof third === 'string' ? third : undefined, payload: fourth };
    return { messageId, payload: third };
  } catch {
    return {};
  }
}
