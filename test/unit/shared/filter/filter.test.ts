import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileFilter, MAX_FILTER_LENGTH } from '../../../../src/shared/filter/filter';
import { TERMS } from '../../../../src/shared/filter/terms';
import { SessionModel } from '../../../../src/shared/timeline/session-model';
import type { TimelineRow } from '../../../../src/shared/timeline/row';
import { ocaSchemaRegistry } from '../../../../src/main/services/validation/oca-schemas';
import { FIXTURES, fixtureText, readText } from '../../support';

const registry = ocaSchemaRegistry();

function model(path: string): SessionModel {
  const m = new SessionModel({ registry });
  for (const entry of readText(fixtureText(path)).entries) m.add(entry);
  m.finish();
  return m;
}

const sessions = { ocpp16: model(FIXTURES.ocpp16), ocpp201: model(FIXTURES.ocpp201) };

function seqs(m: SessionModel, text: string): number[] {
  const compiled = compileFilter(text, { day: m.allRows()[0]?.ts });
  assert.ok(compiled.ok, compiled.ok ? '' : `${text}: ${compiled.error.message}`);
  return m.matching(compiled.filter).map((index) => m.allRows()[index]!.seq);
}

/** The same question answered straight from the rows: the oracle the filter must agree with. */
function oracle(m: SessionModel, keep: (row: TimelineRow, raw: string | undefined) => boolean): number[] {
  const entries = m.allEntries();
  return m
    .allRows()
    .filter((row, i) => {
      const entry = entries[i]!;
      return keep(row, entry.kind === 'frame' ? entry.raw : undefined);
    })
    .map((row) => row.seq);
}

function error(text: string): { message: string; start: number; end: number } {
  const compiled = compileFilter(text);
  assert.ok(!compiled.ok, `${text} should not compile`);
  return compiled.error;
}

void describe('filter terms over a recorded 1.6 session', () => {
  const m = sessions.ocpp16;

  const cases: [string, (row: TimelineRow, raw: string | undefined) => boolean][] = [
    ['action:StartTransaction', (r) => r.action === 'StartTransaction'],
    ['action:starttransaction', (r) => r.action === 'StartTransaction'],
    ['action:*Transaction', (r) => r.action?.endsWith('Transaction') === true],
    ['action:Meter?alues', (r) => r.action === 'MeterValues'],
    ['dir:csms', (r) => r.direction === 'toCsms'],
    ['dir:down', (r) => r.direction === 'toStation'],
    ['type:call', (r) => r.messageType === 2],
    ['type:3', (r) => r.messageType === 3],
    ['kind:connection', (r) => r.kind === 'connection'],
    [
      'dir:csms type:call action:MeterValues',
      (r) => r.direction === 'toCsms' && r.messageType === 2 && r.action === 'MeterValues',
    ],
    ['action:Heartbeat or action:Authorize', (r) => r.action === 'Heartbeat' || r.action === 'Authorize'],
    ['not dir:csms', (r) => r.direction !== 'toCsms'],
    ['-kind:frame', (r) => r.kind !== 'frame'],
    [
      '!(action:MeterValues or kind:connection)',
      (r) => r.action !== 'MeterValues' && r.kind !== 'connection',
    ],
    [
      'action:StatusNotification or action:Heartbeat dir:csms',
      (r) => r.action === 'StatusNotification' || (r.action === 'Heartbeat' && r.direction === 'toCsms'),
    ],
    [
      '(action:StatusNotification or action:Heartbeat) && dir:csms',
      (r) => (r.action === 'StatusNotification' || r.action === 'Heartbeat') && r.direction === 'toCsms',
    ],
    ['action!=MeterValues', (r) => r.action !== 'MeterValues'],
    ['latency>100', (r) => r.latencyMs !== undefined && r.latencyMs > 100],
    ['latency:50..150', (r) => r.latencyMs !== undefined && r.latencyMs >= 50 && r.latencyMs <= 150],
    ['size>=1000', (r) => r.size !== undefined && r.size >= 1000],
    ['seq:10..20', (r) => r.seq >= 10 && r.seq <= 20],
    ['seq:..5', (r) => r.seq <= 5],
    ['seq>55', (r) => r.seq > 55],
    ['has:partner', (r) => r.partnerSeq !== undefined],
    [
      'Energy.Active.Import.Register',
      (_r, raw) => raw?.toLowerCase().includes('energy.active.import.register') === true,
    ],
    [
      '"energy.active.import.register"',
      (_r, raw) => raw?.toLowerCase().includes('energy.active.import.register') === true,
    ],
    [
      'text="energy.active.import.register"',
      (_r, raw) => raw?.includes('energy.active.import.register') === true,
    ],
    ['re:/"connectorId":\\s*1[,}]/', (_r, raw) => raw !== undefined && /"connectorId":\s*1[,}]/.test(raw)],
    ['station:CP-ACME-*', (r) => r.stationId.startsWith('CP-ACME-')],
    ['station:cp-acme-0042', (r) => r.stationId === 'CP-ACME-0042'],
    ['source:proxy', (r) => r.source === 'proxy'],
  ];
  for (const [text, keep] of cases) {
    void test(text, () => {
      const expected = oracle(m, keep);
      assert.deepEqual(seqs(m, text), expected);
    });
  }

  void test('the cases are not vacuous: each side of and/or/not selects something and not everything', () => {
    const total = m.size;
    for (const text of [
      'action:StartTransaction',
      'dir:csms',
      'type:call',
      'latency>100',
      'Energy.Active.Import.Register',
    ]) {
      const n = seqs(m, text).length;
      assert.ok(n > 0 && n < total, `${text}: ${n} of ${total}`);
    }
  });

  void test('an id selects the CALL and its answer', () => {
    const call = m.allRows().find((r) => r.action === 'StartTransaction' && r.messageType === 2)!;
    assert.deepEqual(seqs(m, `id:${call.messageId}`), [call.seq, call.partnerSeq]);
  });

  void test('time terms: a time of day on the session day, ISO, ranges, after/before', () => {
    const rows = m.allRows();
    const middle = rows[30]!.ts;
    const iso = new Date(middle).toISOString();
    assert.deepEqual(
      seqs(m, `after:${iso}`),
      oracle(m, (r) => r.ts >= middle),
    );
    assert.deepEqual(
      seqs(m, `before:${iso}`),
      oracle(m, (r) => r.ts < middle),
    );
    assert.deepEqual(
      seqs(m, `time>=${iso}`),
      oracle(m, (r) => r.ts >= middle),
    );
    const local = new Date(Math.floor(middle / 1000) * 1000);
    const clock = [local.getHours(), local.getMinutes(), local.getSeconds()]
      .map((n) => String(n).padStart(2, '0'))
      .join(':');
    assert.deepEqual(
      seqs(m, `after:${clock}`),
      oracle(m, (r) => r.ts >= local.getTime()),
    );
  });
});

void describe('filter terms that read findings', () => {
  // The codec-problems fixture has malformed frames, so findings and problems to filter on.
  const m = model(FIXTURES.codecProblems);
  const involved = (keep: (rule: string, severity: string) => boolean) => {
    const seqSet = new Set(
      m
        .findings()
        .filter((f) => keep(f.rule, f.severity))
        .flatMap((f) => f.seqs),
    );
    return oracle(m, (r) => seqSet.has(r.seq));
  };

  void test('rule:, severity: (at least), severity= (exactly), has:finding, has:problem', () => {
    const rules = [...new Set(m.findings().map((f) => f.rule))];
    assert.ok(rules.length > 1, 'the fixture has findings of several rules');
    const rule = rules[0]!;
    assert.deepEqual(
      seqs(m, `rule:${rule}`),
      involved((r) => r === rule),
    );
    const family = rule.split('.')[0]!;
    assert.deepEqual(
      seqs(m, `rule:${family}.*`),
      involved((r) => r.startsWith(`${family}.`)),
    );
    assert.deepEqual(
      seqs(m, 'severity:warning'),
      involved((_r, s) => s === 'warning' || s === 'error'),
    );
    assert.deepEqual(
      seqs(m, 'severity=warning'),
      involved((_r, s) => s === 'warning'),
    );
    assert.deepEqual(
      seqs(m, 'severity:error'),
      involved((_r, s) => s === 'error'),
    );
    assert.deepEqual(
      seqs(m, 'has:problem'),
      oracle(m, (r) => r.problem !== undefined),
    );
    assert.ok(seqs(m, 'has:problem').length > 0);
    const withFindings = new Set(m.findings().flatMap((f) => f.seqs));
    assert.deepEqual(
      seqs(m, 'has:finding'),
      oracle(m, (r) => withFindings.has(r.seq)),
    );
  });
});

void describe('filter errors say what and where', () => {
  const cases: [string, RegExp, string][] = [
    ['action:Boot (dir:csms', /never closed/, '('],
    ['action:Boot)', /no \( to close/, ')'],
    ['actoin:Boot', /unknown term "actoin:"/, 'actoin:'],
    ['dir:sideways', /dir is one of .*csms.*, not "sideways"/, 'sideways'],
    ['type:7', /type is one of/, '7'],
    ['latency>fast', /"fast" is not a number/, 'fast'],
    ['latency>1..5', /range .* goes with ":"/, '1..5'],
    ['action>Boot', /action|this term/, 'Boot'],
    ['re:/(/', /not a regular expression/, '/(/'],
    ['after:yesterday', /not a time/, 'yesterday'],
    ['after:25:00', /not a time of day/, '25:00'],
    ['severity:fatal', /severity is one of error, warning, info/, 'fatal'],
    ['action:', /needs a value/, 'action:'],
    ['dir:csms and', /missing after this/, 'and'],
    ['or dir:csms', /needs something to match before it/, 'or'],
    ['not', /missing after this/, 'not'],
    ['()', /empty parentheses/, '()'],
    ['"open', /no closing "/, '"open'],
    ['"bad \\q"', /unknown escape/, '\\q'],
  ];
  for (const [text, message, underlined] of cases) {
    void test(`${text} -> ${String(message)}`, () => {
      const e = error(text);
      assert.match(e.message, message);
      assert.equal(
        text.slice(e.start, e.end),
        underlined,
        `underlines ${JSON.stringify(text.slice(e.start, e.end))}`,
      );
    });
  }

  void test('an empty filter, one nested too deep and one too long are refused, never thrown', () => {
    assert.match(error('   ').message, /empty/);
    assert.match(error('('.repeat(100) + 'x' + ')'.repeat(100)).message, /nested more than/);
    assert.match(error('!'.repeat(100) + 'x').message, /nested more than/);
    assert.match(error('x '.repeat(MAX_FILTER_LENGTH)).message, /at most/);
  });

  void test('any text either compiles or gives an error inside the text', () => {
    const alphabet = fc.constantFrom(
      'a',
      'c',
      't',
      'i',
      'o',
      'n',
      ':',
      '=',
      '!',
      '>',
      '<',
      '.',
      '*',
      '(',
      ')',
      '"',
      '\\',
      ' ',
      '-',
      '&',
      '|',
      '1',
      '/',
    );
    const words = fc.constantFrom(
      'action:',
      'dir:',
      'latency>',
      'and ',
      'or ',
      'not ',
      're:',
      'time:',
      'seq:',
      '..',
      'csms',
      '(',
      ')',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: alphabet }), words), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        const compiled = compileFilter(text);
        if (compiled.ok) {
          sessions.ocpp16.matching(compiled.filter);
          return;
        }
        const { start, end, message } = compiled.error;
        assert.ok(message.length > 0);
        assert.ok(start >= 0 && start <= end && end <= text.length, `${start}..${end} in ${text.length}`);
      }),
      { numRuns: 2000 },
    );
  });
});

void describe('the help lists every term', () => {
  void test('each term has a description and an example that compiles', () => {
    const names = new Set<string>();
    for (const term of TERMS) {
      for (const name of [term.name, ...term.aliases]) {
        assert.ok(!names.has(name), `${name} is defined twice`);
        names.add(name);
      }
      assert.ok(term.description.length > 10 && term.values.length > 0, term.name);
      const compiled = compileFilter(term.example);
      assert.ok(compiled.ok, `${term.name}: ${term.example}: ${compiled.ok ? '' : compiled.error.message}`);
    }
  });
});
