/**
 * The filter terms: what each name matches and how its value is read. The same list is the
 * in-app help (every term with its values and an example), so the two cannot drift apart.
 */
import type { Finding, Severity } from '../analysis/finding';
import { severityRank, SEVERITIES } from '../analysis/finding';
import { ENTRY_KINDS, ENTRY_SOURCES, FRAME_FLAGS, type EntryKind } from '../capture/entry';
import type { TimelineRow } from '../timeline/row';
import type { Operator } from './syntax';

/** What a filter looks at for one entry. */
export interface FilterSubject {
  row: TimelineRow;
  /**
   * The frame's text, or the console line's as the timeline shows it (colour codes gone, a binary
   * line decoded); undefined for connection entries (and when no term needs it).
   */
  raw: string | undefined;
  /** The findings that involve the entry (empty when no term needs them). */
  findings: readonly Finding[];
}

export type Predicate = (subject: FilterSubject) => boolean;

export interface FilterContext {
  /** Time-of-day values (`time>=10:30`) are on the local day of this instant (the session's first entry). */
  day?: number;
}

/** A value the term cannot read; the parser turns it into an error at the value's position. */
export class FilterValueError extends Error {}

export interface TermSpec {
  name: string;
  aliases: readonly string[];
  /** The values it takes, for the help. */
  values: string;
  description: string;
  example: string;
  /** What the predicate reads beyond the row. */
  reads?: 'raw' | 'findings';
  compile(value: string, op: Operator, context: FilterContext): Predicate;
}

// ---- value readers ----------------------------------------------------------------------------

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function onlyEquality(op: Operator, name: string): void {
  if (op !== ':' && op !== '=' && op !== '!=') {
    throw new FilterValueError(`${name} takes ${name}:value or ${name}!=value, not ${op}`);
  }
}

/** `*` any text, `?` one character; without them, the whole value. */
function glob(value: string, caseSensitive: boolean): (text: string | undefined) => boolean {
  if (!/[*?]/.test(value)) {
    if (caseSensitive) return (text) => text === value;
    const lower = value.toLowerCase();
    return (text) => text !== undefined && text.length === lower.length && text.toLowerCase() === lower;
  }
  const source = value
    .split(/([*?])/)
    .map((part) => (part === '*' ? '.*' : part === '?' ? '.' : escapeRegExp(part)))
    .join('');
  const pattern = new RegExp(`^${source}$`, caseSensitive ? 's' : 'is');
  return (text) => text !== undefined && pattern.test(text);
}

function negatable(op: Operator, match: Predicate): Predicate {
  return op === '!=' ? (subject) => !match(subject) : match;
}

function globTerm(
  pick: (row: TimelineRow) => string | undefined,
  caseSensitive = false,
): TermSpec['compile'] {
  return (value, op, _context) => {
    onlyEquality(op, 'this term');
    const match = glob(value, caseSensitive);
    return negatable(op, (subject) => match(pick(subject.row)));
  };
}

/** A value from a fixed list; `aliases` maps other spellings (lower case) to it. */
function choice<T extends string | number>(value: string, aliases: Record<string, T>, name: string): T {
  const found = aliases[value.toLowerCase()];
  if (found === undefined) {
    const known = [...new Set(Object.keys(aliases))].join(', ');
    throw new FilterValueError(`${name} is one of ${known}, not "${value}"`);
  }
  return found;
}

function choiceTerm<T extends string | number>(
  name: string,
  aliases: Record<string, T>,
  pick: (row: TimelineRow) => T | undefined,
): TermSpec['compile'] {
  return (value, op) => {
    onlyEquality(op, name);
    const wanted = choice(value, aliases, name);
    return negatable(op, (subject) => pick(subject.row) === wanted);
  };
}

/** `N`, `A..B`, `A..`, `..B` with `:`/`=`; `>`, `>=`, `<`, `<=` and `!=` against one value. */
function compare(value: string, op: Operator, read: (text: string) => number): (n: number) => boolean {
  const range = /^(.*?)\.\.(.*)$/.exec(value);
  if (range !== null) {
    if (op !== ':' && op !== '=') throw new FilterValueError(`a range (A..B) goes with ":", not ${op}`);
    const lo = range[1] === '' ? -Infinity : read(range[1]!);
    const hi = range[2] === '' ? Infinity : read(range[2]!);
    return (n) => n >= lo && n <= hi;
  }
  const x = read(value);
  switch (op) {
    case ':':
    case '=':
      return (n) => n === x;
    case '!=':
      return (n) => n !== x;
    case '>':
      return (n) => n > x;
    case '>=':
      return (n) => n >= x;
    case '<':
      return (n) => n < x;
    case '<=':
      return (n) => n <= x;
  }
}

function readNumber(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new FilterValueError(`"${text}" is not a number`);
  return n;
}

function numberTerm(pick: (row: TimelineRow) => number | undefined): TermSpec['compile'] {
  return (value, op) => {
    const test = compare(value, op, readNumber);
    return (subject) => {
      const n = pick(subject.row);
      return n !== undefined && test(n);
    };
  };
}

const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?$/;

/** An ISO date-time (local when it has no zone), or a time of day on the session's day. */
function readTime(context: FilterContext): (text: string) => number {
  return (text) => {
    const clock = TIME_OF_DAY.exec(text);
    if (clock !== null) {
      const [, h, m, s, fraction] = clock;
      if (Number(h) > 23 || Number(m) > 59 || Number(s ?? 0) > 59)
        throw new FilterValueError(`"${text}" is not a time of day`);
      const day = new Date(context.day ?? Date.now());
      day.setHours(Number(h), Number(m), Number(s ?? 0), Math.round(Number(fraction ?? 0) * 1000));
      return day.getTime();
    }
    const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
    if (Number.isNaN(ms)) {
      throw new FilterValueError(`"${text}" is not a time: write 10:30, 10:30:15 or 2026-11-21T10:30:00Z`);
    }
    return ms;
  };
}

function timeTerm(fixedOp?: Operator): TermSpec['compile'] {
  return (value, op, context) => {
    if (fixedOp !== undefined && op !== ':' && op !== '=')
      throw new FilterValueError(`write this term with ":", e.g. after:10:30`);
    const test = compare(value, fixedOp ?? op, readTime(context));
    return (subject) => test(subject.row.ts);
  };
}

// ---- the terms --------------------------------------------------------------------------------

const DIRECTIONS = {
  tocsms: 'toCsms',
  csms: 'toCsms',
  up: 'toCsms',
  tostation: 'toStation',
  station: 'toStation',
  down: 'toStation',
} as const;

const MESSAGE_TYPES = {
  call: 2,
  '2': 2,
  result: 3,
  callresult: 3,
  '3': 3,
  error: 4,
  callerror: 4,
  '4': 4,
  resulterror: 5,
  callresulterror: 5,
  '5': 5,
  send: 6,
  '6': 6,
} as const;

/** `log` as the timeline's badge calls a console line. */
const KINDS: Record<string, EntryKind> = {
  ...Object.fromEntries(ENTRY_KINDS.map((k) => [k, k])),
  log: 'console',
};

const SEVERITY_NAMES = Object.fromEntries(SEVERITIES.map((s) => [s, s])) as Record<string, Severity>;

function severityCompile(value: string, op: Operator): Predicate {
  const wanted = severityRank(choice(value, SEVERITY_NAMES, 'severity'));
  // `severity:warning` reads like a log level: warnings and worse. `=` is exactly that one.
  const test = compare(String(wanted), op === ':' ? '>=' : op, readNumber);
  return (subject) => subject.findings.some((f) => test(severityRank(f.severity)));
}

const HAS: Record<string, Predicate> = {
  finding: (s) => s.row.findings !== undefined || s.findings.length > 0,
  problem: (s) => s.row.problem !== undefined,
  flag: (s) => (s.row.flags?.length ?? 0) > 0,
  partner: (s) => s.row.partnerSeq !== undefined,
};

function textCompile(value: string, op: Operator): Predicate {
  onlyEquality(op, 'text');
  // `text:` ignores case, `text=` keeps it.
  const pattern = new RegExp(escapeRegExp(value), op === '=' ? '' : 'i');
  return negatable(op, (subject) => subject.raw !== undefined && pattern.test(subject.raw));
}

function regexCompile(value: string, op: Operator): Predicate {
  onlyEquality(op, 'regex');
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(value);
  let pattern: RegExp;
  try {
    pattern = literal ? new RegExp(literal[1]!, literal[2]!.replace(/[gy]/g, '')) : new RegExp(value);
  } catch (error) {
    throw new FilterValueError(`not a regular expression: ${(error as Error).message}`);
  }
  return negatable(op, (subject) => subject.raw !== undefined && pattern.test(subject.raw));
}

export const TERMS: readonly TermSpec[] = [
  {
    name: 'station',
    aliases: ['st', 'cp'],
    values: 'a station identity; * and ? as wildcards',
    description: 'Entries of the station(s) with this identity (case ignored).',
    example: 'station:CP-00*',
    compile: globTerm((row) => row.stationId),
  },
  {
    name: 'dir',
    aliases: ['direction'],
    values: 'csms (toCsms, up) | station (toStation, down)',
    description: 'Frames sent to the CSMS or to the station.',
    example: 'dir:csms',
    compile: choiceTerm('dir', DIRECTIONS, (row) => row.direction),
  },
  {
    name: 'type',
    aliases: [],
    values: 'call | result | error | resulterror | send, or 2 to 6',
    description: 'The OCPP-J message type.',
    example: 'type:error',
    compile: choiceTerm('type', MESSAGE_TYPES, (row) => row.messageType),
  },
  {
    name: 'action',
    aliases: ['act'],
    values: 'an action; * and ? as wildcards',
    description: 'CALLs of this action and the answers to them (case ignored).',
    example: 'action:*Transaction',
    compile: globTerm((row) => row.action),
  },
  {
    name: 'id',
    aliases: ['msgid'],
    values: 'a message id; * and ? as wildcards',
    description: 'Frames with this message id (a CALL and its answer share it).',
    example: 'id:19223201',
    compile: globTerm((row) => row.messageId, true),
  },
  {
    name: 'severity',
    aliases: ['sev'],
    values: 'error | warning | info',
    description:
      'Entries involved in a finding of this severity or worse; severity=warning for exactly that one.',
    example: 'severity:warning',
    reads: 'findings',
    compile: severityCompile,
  },
  {
    name: 'rule',
    aliases: [],
    values: 'a rule id; * and ? as wildcards',
    description: 'Entries involved in a finding of this rule (see the Rules tab).',
    example: 'rule:tx16.*',
    reads: 'findings',
    compile: (value, op) => {
      onlyEquality(op, 'rule');
      const match = glob(value, false);
      return negatable(op, (subject) => subject.findings.some((f) => match(f.rule)));
    },
  },
  {
    name: 'flag',
    aliases: [],
    values: FRAME_FLAGS.join(' | '),
    description: 'Frames the proxy injected, dropped, modified or delayed.',
    example: 'flag:injected',
    compile: (value, op) => {
      onlyEquality(op, 'flag');
      const wanted = choice(value, Object.fromEntries(FRAME_FLAGS.map((f) => [f, f])), 'flag');
      return negatable(op, (subject) => subject.row.flags?.includes(wanted) === true);
    },
  },
  {
    name: 'has',
    aliases: ['is'],
    values: 'finding | problem | flag | partner',
    description: 'Entries with a finding, malformed frames, frames with a flag, or paired CALLs and answers.',
    example: 'has:problem',
    reads: 'findings',
    compile: (value, op) => {
      onlyEquality(op, 'has');
      const test = HAS[choice(value, Object.fromEntries(Object.keys(HAS).map((k) => [k, k])), 'has')]!;
      return negatable(op, test);
    },
  },
  {
    name: 'text',
    aliases: ['payload'],
    values: 'text (quote it when it has spaces)',
    description:
      'Frames and console lines whose text contains it, case ignored; text= keeps the case. A bare word or a quoted string does the same.',
    example: 'text:"RFID-0042"',
    reads: 'raw',
    compile: textCompile,
  },
  {
    name: 'regex',
    aliases: ['re'],
    values: 'a regular expression, optionally /like this/i',
    description: 'Frames and console lines whose text matches it.',
    example: 're:/"meterStart":\\s*0[,}]/',
    reads: 'raw',
    compile: regexCompile,
  },
  {
    name: 'latency',
    aliases: ['lat'],
    values: 'ms: N, >N, <N, A..B',
    description: 'Answers that came this long after their CALL.',
    example: 'latency>1000',
    compile: numberTerm((row) => row.latencyMs),
  },
  {
    name: 'size',
    aliases: [],
    values: 'characters: N, >N, <N, A..B',
    description: 'Frames (and console lines) of this size.',
    example: 'size>10000',
    compile: numberTerm((row) => row.size),
  },
  {
    name: 'seq',
    aliases: [],
    values: 'N, >N, <N, A..B',
    description: "Entries by their number in the session's order.",
    example: 'seq:100..200',
    compile: numberTerm((row) => row.seq),
  },
  {
    name: 'time',
    aliases: ['ts'],
    values: "HH:MM[:SS] (on the session's first day) or an ISO date-time; >, <, A..B",
    description: 'Entries captured at, after or before a time (local time unless a zone is given).',
    example: 'time:10:30..10:45',
    compile: timeTerm(),
  },
  {
    name: 'after',
    aliases: ['since'],
    values: 'HH:MM[:SS] or an ISO date-time',
    description: 'Entries captured at or after this time.',
    example: 'after:2026-11-21T10:30:00Z',
    compile: timeTerm('>='),
  },
  {
    name: 'before',
    aliases: ['until'],
    values: 'HH:MM[:SS] or an ISO date-time',
    description: 'Entries captured before this time.',
    example: 'before:10:45',
    compile: timeTerm('<'),
  },
  {
    name: 'source',
    aliases: ['src'],
    values: ENTRY_SOURCES.join(' | '),
    description: 'Where the entry was captured.',
    example: 'source:csms',
    compile: choiceTerm('source', Object.fromEntries(ENTRY_SOURCES.map((s) => [s, s])), (row) => row.source),
  },
  {
    name: 'kind',
    aliases: [],
    values: `${ENTRY_KINDS.join(' | ')} (log)`,
    description:
      'Frames, connection events (opened, closed, errors), or console lines (the firmware logs a serial line carries between the frames).',
    example: 'kind:console',
    compile: choiceTerm('kind', KINDS, (row) => row.kind),
  },
  {
    name: 'event',
    aliases: [],
    values: 'opened | closed | error',
    description: 'Connection events of this kind.',
    example: 'event:closed',
    compile: choiceTerm(
      'event',
      { opened: 'opened', closed: 'closed', error: 'error' } as const,
      (row) => row.event,
    ),
  },
  {
    name: 'code',
    aliases: ['errorcode'],
    values: 'a CALLERROR code; * and ? as wildcards',
    description: 'CALLERRORs (and CALLRESULTERRORs) with this error code.',
    example: 'code:*Violation',
    compile: globTerm((row) => row.errorCode),
  },
  {
    name: 'conn',
    aliases: ['connection'],
    values: 'a connection id; * and ? as wildcards',
    description: 'Entries of one connection (a station that reconnects gets a new one).',
    example: 'conn:c12',
    compile: globTerm((row) => row.connectionId, true),
  },
];

export const TERMS_BY_NAME: ReadonlyMap<string, TermSpec> = new Map(
  TERMS.flatMap((term) => [term.name, ...term.aliases].map((name) => [name, term] as const)),
);
