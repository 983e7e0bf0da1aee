/**
 * A small, strict XML reader for the tests: elements, attributes and text, entities decoded. It
 * throws on what an XML parser would refuse (unbalanced or crossed tags, a raw `<` or `&` in text
 * or an attribute, a duplicated attribute, characters XML 1.0 cannot carry, content after the root).
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_][\\w.-]*';
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function decode(text: string, where: string): string {
  if (/<|&(?!(#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);)/.test(text))
    throw new Error(`unescaped < or & in ${where}`);
  return text.replace(/&(#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e]!;
  });
}

export function parseXml(xml: string): XmlElement {
  if (FORBIDDEN.test(xml)) throw new Error('a character XML 1.0 cannot carry');
  let rest = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const tag = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}="[^"]*")*)\\s*(/?)>`);
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const text = lt === -1 ? rest : rest.slice(0, lt);
    if (text.length > 0) stack[stack.length - 1]!.text += decode(text, 'text');
    if (lt === -1) break;
    rest = rest.slice(lt);
    const m = tag.exec(rest);
    if (m === null) throw new Error(`bad markup at ${JSON.stringify(rest.slice(0, 60))}`);
    rest = rest.slice(m[0].length);
    const [, close, name, attrText, selfClose] = m;
    if (close) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText!.matchAll(new RegExp(`(${NAME})="([^"]*)"`, 'g'))) {
      if (a[1]! in attrs) throw new Error(`attribute ${a[1]} twice on <${name}>`);
      attrs[a[1]!] = decode(a[2]!, `attribute ${a[1]}`);
    }
    const element: XmlElement = { name: name!, attrs, children: [], text: '' };
    const parent = stack[stack.length - 1]!;
    if (parent === root && root.children.length > 0) throw new Error('a second root element');
    parent.children.push(element);
    if (!selfClose) stack.push(element);
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (root.text.trim() !== '') throw new Error('text outside the root element');
  const [element] = root.children;
  if (element === undefined) throw new Error('no root element');
  return element;
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}
