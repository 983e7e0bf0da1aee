/**
 * Which fields of an OCPP payload hold a secret (ocpp-notes, "Secrets") or a personal token, and
 * which handshake headers carry credentials. Decided by field name and its siblings rather than by
 * action, so a CALLRESULT (which names no action) is judged as its CALL would be.
 */
import { isJsonObject } from '../json-object';

/**
 * A name that says secret: 1.6 `AuthorizationKey`, 2.x `BasicAuthPassword` / `basicAuthPassword`,
 * 2.x `apnPassword` and VPN `password`, vendor keys such as `WifiPassword`, `CloudApiKey`, `WiFiPSK`.
 */
export const SECRET_NAME = /pass(?:word|wd|phrase)|secret|authorizationkey|private_?key|api[-_]?key|psk$/i;

/** Payload keys (and `key=value` names in text) whose value is a secret whatever it looks like. */
export function secretKey(key: string): boolean {
  return SECRET_NAME.test(key) || /^csr$/i.test(key) || /(?<!id)token$/i.test(key);
}

function nameOf(value: unknown): string | undefined {
  return isJsonObject(value) && typeof value['name'] === 'string' ? value['name'] : undefined;
}

/**
 * Whether the string at `path` (below `ancestors`, as JSON.parse gave them) is a secret. The payload
 * of a frame is `path[1]` for a CALLRESULT and `path[3]` for a CALL; the rules hold at any depth.
 */
export function isSecretField(path: readonly (string | number)[], ancestors: readonly unknown[]): boolean {
  const key = path[path.length - 1];
  const parent = ancestors[ancestors.length - 1];
  // An array item is what its array's key says it is (`"passwords": [...]`).
  if (typeof key === 'number') {
    const arrayKey = path[path.length - 2];
    return typeof arrayKey === 'string' && secretKey(arrayKey);
  }
  if (key === undefined) return false;
  if (secretKey(key)) return true;
  if (!isJsonObject(parent)) return false;
  // 1.6 ChangeConfiguration.req {key, value}; GetConfiguration.conf configurationKey[] {key, value}.
  if (key === 'value' && typeof parent['key'] === 'string' && SECRET_NAME.test(parent['key'])) return true;
  // 2.x SetVariables.req setVariableData[], GetVariables.conf getVariableResult[].
  if (key === 'attributeValue') {
    const name = nameOf(parent['variable']);
    if (name !== undefined && SECRET_NAME.test(name)) return true;
  }
  // 2.x NotifyReport reportData[] {variable, variableAttribute[] {value}}.
  if (key === 'value' && path[path.length - 3] === 'variableAttribute') {
    const holder = ancestors[ancestors.length - 3];
    const name = isJsonObject(holder) ? nameOf(holder['variable']) : undefined;
    return name !== undefined && SECRET_NAME.test(name);
  }
  // 2.x SetNetworkProfile connectionData.vpn.key: the VPN's shared secret.
  if (key === 'key' && path[path.length - 2] === 'vpn') return true;
  return false;
}

/** Keys whose string value is an idTag / idToken (1.6 IdToken, 2.x IdTokenType and friends). */
const TOKEN_KEYS = new Set(['idTag', 'parentIdTag', 'idToken', 'additionalIdToken']);

/**
 * A token key and its string value, found in the text without parsing it. In valid JSON such a
 * match is always a key and its value: a quote inside a string is escaped, so none can start one.
 */
export const TOKEN_PAIR = /"(idTag|parentIdTag|idToken|additionalIdToken)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;

/** Cheap: can the text hold an idTag / idToken at all? */
export function mayHoldToken(text: string): boolean {
  return text.includes('dTag') || text.includes('dToken');
}

/** The value of a JSON string literal's inside (undefined when it is no valid string). */
export function jsonStringValue(inner: string): string | undefined {
  if (!inner.includes('\\')) return inner;
  try {
    return JSON.parse(`"${inner}"`) as string;
  } catch {
    return undefined;
  }
}

/** Whether the string at `path` is an idTag or idToken. */
export function isTokenField(path: readonly (string | number)[]): boolean {
  const key = path[path.length - 1];
  if (typeof key === 'string') return TOKEN_KEYS.has(key);
  // 2.1 GetTariffs.conf tariffAssignments[].idTokens: an array of plain strings.
  return path[path.length - 2] === 'idTokens';
}

/** Walks a parsed frame, calling `visit` for every string with its path and ancestors. */
export function walkStrings(
  node: unknown,
  visit: (value: string, path: readonly (string | number)[], ancestors: readonly unknown[]) => void,
  path: (string | number)[] = [],
  ancestors: unknown[] = [],
): void {
  if (typeof node === 'string') {
    visit(node, path, ancestors);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  ancestors.push(node);
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      path.push(i);
      walkStrings(node[i], visit, path, ancestors);
      path.pop();
    }
  } else {
    for (const [k, v] of Object.entries(node)) {
      path.push(k);
      walkStrings(v, visit, path, ancestors);
      path.pop();
    }
  }
  ancestors.pop();
}

/** Handshake headers that carry credentials (their values are replaced whole). */
export function isSecretHeader(name: string): boolean {
  return /authorization|token|secret|passw|cookie|api-?key/i.test(name);
}
