import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FRAME_PROBLEM_KINDS,
  MAX_MESSAGE_ID_LENGTH,
  frameAction,
  parseFrame,
  type FrameProblem,
  type FrameProblemKind,
  type ParseResult,
} from '../../../../src/shared/ocpp/frame';
import fc from 'fast-check';
import { expectedCodecProblems, FIXTURES, fixtureText, prng, readText } from '../../support';

function problemOf(raw: string): FrameProblem {
  const result = parseFrame(raw);
  assert.equal(result.ok, false, `expected a problem for ${raw}`);
  if (result.ok) throw new Error('unreachable');
  return result.problem;
}

function frameOf(raw: string) {
  const result = parseFrame(raw);
  if (!result.ok)
    assert.fail(`expected ${raw} to parse, got ${result.problem.kind}: ${result.problem.message}`);
  return result.frame;
}

const id36 = 'a'.repeat(MAX_MESSAGE_ID_LENGTH);
const id37 = 'a'.repeat(MAX_MESSAGE_ID_LENGTH + 1);

void describe('parseFrame on the codec-problems fixture', () => {
  void test('every frame of the fixture has exactly the problem the expected file lists', () => {
    const expected = expectedCodecProblems();
    const read = readText(fixtureText(FIXTURES.codecProblems));
    assert.deepEqual(read.problems, []);
    const found: { seq: number; problem: string }[] = [];
    let okFrames = 0;
    for (const entry of read.entries) {
      if (entry.kind !== 'frame') continue;
      const result = parseFrame(entry.raw);
      if (result.ok) okFrames++;
      else found.push({ seq: entry.seq, problem: result.problem.kind });
    }
    assert.deepEqual(found, expected);
    assert.equal(okFrames, 2, 'the BootNotification CALL and its CALLRESULT are valid');
  });

  void test('the fixture covers every FrameProblemKind', () => {
    const kinds = new Set(expectedCodecProblems().map((p) => p.problem));
    assert.deepEqual([...kinds].sort(), [...FRAME_PROBLEM_KINDS].sort());
  });
});

void describe('parseFrame: valid frames', () => {
  void test('CALL (2)', () => {
    const frame = frameOf(
      '[2,"19223201","BootNotification",{"chargePointVendor":"ACME","chargePointModel":"X"}]',
    );
    assert.deepEqual(frame, {
      type: 2,
      id: '19223201',
      action: 'BootNotification',
      payload: { chargePointVendor: 'ACME', chargePointModel: 'X' },
    });
    assert.equal(frameAction(frame), 'BootNotification');
  });

  void test('CALLRESULT (3)', () => {
    const frame = frameOf('[3,"19223201",{"status":"Accepted","interval":300}]');
    assert.deepEqual(frame, { type: 3, id: '19223201', payload: { status: 'Accepted', interval: 300 } });
    assert.equal(frameAction(frame), undefined);
  });

  void test('CALLERROR (4)', () => {
    const frame = frameOf('[4,"7","NotImplemented","no such action",{"hint":"upgrade"}]');
    assert.deepEqual(frame, {
      type: 4,
      id: '7',
      errorCode: 'NotImplemented',
      errorDescription: 'no such action',
      errorDetails: { hint: 'upgrade' },
    });
  });

  void test('CALLERROR with an empty description is valid', () => {
    const frame = frameOf('[4,"7","GenericError","",{}]');
    assert.equal(frame.type, 4);
    if (frame.type !== 4) return;
    assert.equal(frame.errorDescription, '');
  });

  void test('CALLRESULTERROR (5)', () => {
    const frame = frameOf('[5,"8","FormatViolation","bad response",{}]');
    assert.deepEqual(frame, {
      type: 5,
      id: '8',
      errorCode: 'FormatViolation',
      errorDescription: 'bad response',
      errorDetails: {},
    });
  });

  void test('SEND (6)', () => {
    const frame = frameOf(
      '[6,"9","NotifyPeriodicEventStream",{"id":1,"pending":0,"basetime":"x","data":[]}]',
    );
    assert.deepEqual(frame, {
      type: 6,
      id: '9',
      action: 'NotifyPeriodicEventStream',
      payload: { id: 1, pending: 0, basetime: 'x', data: [] },
    });
    assert.equal(frameAction(frame), 'NotifyPeriodicEventStream');
  });

  void test('whitespace around the elements is accepted', () => {
    const frame = frameOf(' [ 2 , "1" , "Heartbeat" , { } ] \n');
    assert.deepEqual(frame, { type: 2, id: '1', action: 'Heartbeat', payload: {} });
  });
});

void describe('parseFrame: every problem kind, inline', () => {
  const cases: [FrameProblemKind, string][] = [
    ['invalid-json', '[2,"1","Heartbeat",{}'],
    ['invalid-json', ''],
    ['invalid-json', '[2,"1","Heartbeat",{},]'],
    ['not-array', '{"messageTypeId":2}'],
    ['not-array', '"[2,\\"1\\",\\"Heartbeat\\",{}]"'],
    ['not-array', '2'],
    ['not-array', 'null'],
    ['wrong-arity', '[]'],
    ['wrong-arity', '[2]'],
    ['wrong-arity', '[2,"1","Heartbeat"]'],
    ['wrong-arity', '[2,"1","Heartbeat",{},{}]'],
    ['wrong-arity', '[3,"1"]'],
    ['wrong-arity', '[3,"1",{},{}]'],
    ['wrong-arity', '[4,"1","GenericError","x"]'],
    ['wrong-arity', '[5,"1","GenericError","x",{},1]'],
    ['wrong-arity', '[6,"1","X"]'],
    ['unknown-type', '[7,"1","Heartbeat",{}]'],
    ['unknown-type', '[1,"1","Heartbeat",{}]'],
    ['unknown-type', '["2","1","Heartbeat",{}]'],
    ['unknown-type', '[2.5,"1","Heartbeat",{}]'],
    ['unknown-type', '[null,"1","Heartbeat",{}]'],
    ['unknown-type', '[[2],"1","Heartbeat",{}]'],
    ['bad-id', '[2,1,"Heartbeat",{}]'],
    ['bad-id', '[2,"","Heartbeat",{}]'],
    ['bad-id', '[2,null,"Heartbeat",{}]'],
    ['bad-id', '[3,{},{}]'],
    ['id-too-long', `[2,"${id37}","Heartbeat",{}]`],
    ['id-too-long', `[3,"${id37}",{}]`],
    ['bad-action', '[2,"1",42,{}]'],
    ['bad-action', '[2,"1","",{}]'],
    ['bad-action', '[6,"1",null,{}]'],
    ['bad-payload', '[2,"1","Heartbeat",null]'],
    ['bad-payload', '[2,"1","Heartbeat",[]]'],
    ['bad-payload', '[2,"1","Heartbeat","{}"]'],
    ['bad-payload', '[2,"1","Heartbeat",1]'],
    ['bad-payload', '[3,"1",null]'],
    ['bad-payload', '[3,"1",[{}]]'],
    ['bad-payload', '[6,"1","X","x"]'],
    ['bad-error-code', '[4,"1",500,"boom",{}]'],
    ['bad-error-code', '[4,"1","","boom",{}]'],
    ['bad-error-code', '[5,"1",null,"boom",{}]'],
    ['bad-error-description', '[4,"1","InternalError",{},{}]'],
    ['bad-error-description', '[4,"1","InternalError",null,{}]'],
    ['bad-error-details', '[4,"1","InternalError","boom","details"]'],
    ['bad-error-details', '[4,"1","InternalError","boom",null]'],
    ['bad-error-details', '[4,"1","InternalError","boom",[]]'],
    ['bad-error-details', '[5,"1","InternalError","boom",7]'],
    ['duplicate-key', '[2,"1","Authorize",{"idTag":"A","idTag":"B"}]'],
    ['duplicate-key', '[3,"1",{"status":"Accepted","status":"Rejected"}]'],
    ['duplicate-key', '[4,"1","GenericError","x",{"a":1,"a":1}]'],
  ];
  for (const [kind, raw] of cases) {
    void test(`${kind}: ${raw.length > 60 ? raw.slice(0, 60) + '…' : raw || '(empty string)'}`, () => {
      const problem = problemOf(raw);
      assert.equal(problem.kind, kind);
      assert.equal(typeof problem.message, 'string');
      assert.ok(problem.message.length > 10, 'the message says what is wrong');
    });
  }

  void test('every kind is covered by the inline cases', () => {
    assert.deepEqual([...new Set(cases.map(([kind]) => kind))].sort(), [...FRAME_PROBLEM_KINDS].sort());
  });
});

void describe('parseFrame: message id boundaries', () => {
  void test(`an id of ${MAX_MESSAGE_ID_LENGTH} characters is accepted`, () => {
    assert.equal(frameOf(`[2,"${id36}","Heartbeat",{}]`).id, id36);
  });

  void test('a UUID (36 characters) is accepted', () => {
    const uuid = '8c935604-7152-4e42-9566-32886d404f69';
    assert.equal(uuid.length, 36);
    assert.equal(frameOf(`[3,"${uuid}",{}]`).id, uuid);
  });

  void test(`an id of ${MAX_MESSAGE_ID_LENGTH + 1} characters is id-too-long, with the id and type kept`, () => {
    const problem = problemOf(`[2,"${id37}","Heartbeat",{}]`);
    assert.equal(problem.kind, 'id-too-long');
    assert.equal(problem.id, id37);
    assert.equal(problem.type, 2);
    assert.match(problem.message, /37/);
  });

  void test('the id length counts characters after JSON unescaping', () => {
    // 36 characters once "\u0041" is decoded: the raw text is longer, the id is not.
    const raw = `[2,"${'a'.repeat(35)}\\u0041","Heartbeat",{}]`;
    assert.equal(frameOf(raw).id, 'a'.repeat(35) + 'A');
  });

  void test('an empty id is bad-id with the type kept and no id', () => {
    const problem = problemOf('[2,"","Heartbeat",{}]');
    assert.equal(problem.kind, 'bad-id');
    assert.equal(problem.type, 2);
    assert.equal(problem.id, undefined);
  });
});

void describe('parseFrame: id and type on problems', () => {
  const withIdAndType: [string, FrameProblemKind, string, number][] = [
    ['[2,"42","Heartbeat"]', 'wrong-arity', '42', 2],
    ['[3,"42"]', 'wrong-arity', '42', 3],
    ['[2,"42",42,{}]', 'bad-action', '42', 2],
    ['[2,"42","Heartbeat",null]', 'bad-payload', '42', 2],
    ['[3,"42",null]', 'bad-payload', '42', 3],
    ['[4,"42",500,"x",{}]', 'bad-error-code', '42', 4],
    ['[5,"42","X",1,{}]', 'bad-error-description', '42', 5],
    ['[4,"42","X","x",1]', 'bad-error-details', '42', 4],
    ['[3,"42",{"a":1,"a":2}]', 'duplicate-key', '42', 3],
  ];
  for (const [raw, kind, id, type] of withIdAndType) {
    void test(`${kind} keeps id ${id} and type ${type}: ${raw}`, () => {
      const problem = problemOf(raw);
      assert.equal(problem.kind, kind);
      assert.equal(problem.id, id);
      assert.equal(problem.type, type);
    });
  }

  void test('wrong-arity without a readable id has the type only', () => {
    const problem = problemOf('[2]');
    assert.equal(problem.kind, 'wrong-arity');
    assert.equal(problem.type, 2);
    assert.equal(problem.id, undefined);
  });

  void test('unknown-type keeps a readable id', () => {
    const problem = problemOf('[7,"103","Heartbeat",{}]');
    assert.equal(problem.kind, 'unknown-type');
    assert.equal(problem.id, '103');
  });

  void test('problems before the array is read carry neither id nor type', () => {
    for (const raw of ['[2,"1"', '{"a":1}', '[]']) {
      const problem = problemOf(raw);
      assert.equal(problem.id, undefined, raw);
      assert.equal(problem.type, undefined, raw);
    }
  });

  void test('the message type as a string "2" is unknown-type, and the message quotes it', () => {
    const problem = problemOf('["2","1","Heartbeat",{}]');
    assert.equal(problem.kind, 'unknown-type');
    assert.match(problem.message, /"2"/);
  });

  void test('the empty array is wrong-arity and says so', () => {
    const problem = problemOf('[]');
    assert.equal(problem.kind, 'wrong-arity');
    assert.match(problem.message, /empty/);
  });

  void test('the payload problem names what the payload is', () => {
    assert.match(problemOf('[2,"1","Heartbeat",null]').message, /null/);
    assert.match(problemOf('[2,"1","Heartbeat",[]]').message, /array/);
    assert.match(problemOf('[2,"1","Heartbeat","{}"]').message, /string/);
  });
});

void describe('parseFrame: duplicate keys', () => {
  function duplicate(raw: string): string {
    const problem = problemOf(raw);
    assert.equal(problem.kind, 'duplicate-key', problem.message);
    return problem.message;
  }

  void test('at the top level of the payload: names the key and $[3]', () => {
    const message = duplicate('[2,"111","Authorize",{"idTag":"A","idTag":"B"}]');
    assert.match(message, /"idTag"/);
    assert.match(message, /\$\[3\](?![.[])/);
  });

  void test('inside an array of objects: $[3].meterValue[0]', () => {
    const raw =
      '[2,"1","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"t","timestamp":"u","sampledValue":[]}]}]';
    const message = duplicate(raw);
    assert.match(message, /"timestamp"/);
    assert.ok(message.includes('$[3].meterValue[0]'), message);
    assert.ok(!message.includes('$[3].meterValue[0].'), message);
  });

  void test('deeper, after earlier array elements: $[3].meterValue[1].sampledValue[2]', () => {
    const raw =
      '[2,"1","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"t","sampledValue":[{"value":"1"}]},' +
      '{"timestamp":"u","sampledValue":[{"value":"1"},{"value":"2"},{"value":"3","unit":"Wh","unit":"kWh"}]}]}]';
    const message = duplicate(raw);
    assert.match(message, /"unit"/);
    assert.ok(message.includes('$[3].meterValue[1].sampledValue[2]'), message);
  });

  void test('in a nested object: $[3].idTagInfo', () => {
    const message = duplicate('[2,"1","X",{"idTagInfo":{"status":"Accepted","status":"Blocked"}}]');
    assert.ok(message.includes('$[3].idTagInfo'), message);
  });

  void test('in a CALLRESULT payload: $[2]', () => {
    const message = duplicate('[3,"1",{"currentTime":"a","interval":1,"currentTime":"b"}]');
    assert.match(message, /"currentTime"/);
    assert.match(message, /\$\[2\]/);
  });

  void test('in CALLERROR details: $[4]', () => {
    const message = duplicate('[4,"1","GenericError","x",{"a":1,"a":1}]');
    assert.match(message, /\$\[4\]/);
  });

  void test('a key that is not an identifier is bracket-quoted in the path', () => {
    const message = duplicate('[2,"1","DataTransfer",{"data":{"my key":{"k":1,"k":2}}}]');
    assert.ok(message.includes('$[3].data["my key"]'), message);
  });

  void test('whitespace between a key and its colon is still a key', () => {
    const message = duplicate('[2,"1","X",{"a" : 1, "a"\t:\n2}]');
    assert.match(message, /"a"/);
  });

  void test('a key written with an escape is the same key', () => {
    const message = duplicate('[2,"1","X",{"idTag":"A","id\\u0054ag":"B"}]');
    assert.match(message, /"idTag"/);
  });

  void test('equal keys in different objects are not duplicates', () => {
    frameOf('[2,"1","X",{"a":{"a":1},"b":[{"a":1},{"a":2}],"c":{"a":{"a":3}}}]');
  });

  void test('escaped quotes and colons inside string values are not keys', () => {
    frameOf('[2,"1","X",{"a":"x\\":","b":"\\"a\\":1"}]');
    frameOf('[2,"1","X",{"a":"\\"a\\":","a\\":":"b"}]');
    frameOf('[2,"1","X",{"a":"x\\\\","b":"\\\\\\":"}]');
    frameOf('[2,"a\\":","X",{"a":"a\\":"}]');
  });

  void test('colons and quotes in string values do not hide a real duplicate', () => {
    const message = duplicate('[2,"1","X",{"a":"x\\":","b":"\\"a\\":1","a":2}]');
    assert.match(message, /"a"/);
    assert.match(message, /\$\[3\]/);
  });

  void test('a key containing an escaped quote and a colon is reported by its decoded name', () => {
    const message = duplicate('[2,"1","X",{"k\\":1":1,"k\\":1":2}]');
    assert.ok(message.includes(JSON.stringify('k":1')), message);
  });

  void test('__proto__ is an ordinary key, once and twice', () => {
    const frame = frameOf('[2,"1","X",{"__proto__":{"x":1}}]');
    assert.ok(Object.prototype.hasOwnProperty.call(frame.type === 2 ? frame.payload : {}, '__proto__'));
    duplicate('[2,"1","X",{"__proto__":1,"__proto__":2}]');
  });
});

void describe('parseFrame: duplicate keys, as properties', () => {
  // Keys and values full of quotes, backslashes, colons and whitespace: what the fast key count
  // must step over. The exact scan behind it names the key, so both paths are exercised.
  const tricky = fc.string({ unit: fc.constantFrom('"', '\\', ':', ' ', '\n', 'a', '{', '}', ',', 'é') });
  const payload = fc.dictionary(tricky, fc.oneof(tricky, fc.integer(), fc.dictionary(tricky, tricky)));

  void test('a payload without duplicate keys is never reported, however it is spaced', () => {
    fc.assert(
      fc.property(payload, fc.constantFrom(0, 1, '\t'), (value, space) => {
        const result = parseFrame(JSON.stringify([2, '1', 'X', value], null, space));
        assert.ok(result.ok, result.ok ? '' : result.problem.message);
      }),
    );
  });

  void test('a key written twice is always reported, by its name', () => {
    fc.assert(
      fc.property(payload, tricky, fc.integer(), (value, key, extra) => {
        const text = JSON.stringify(value);
        const rest = text === '{}' ? '}' : `,${text.slice(1)}`;
        const raw = `[2,"1","X",{${JSON.stringify(key)}:${extra}${rest}]`;
        const result = parseFrame(raw);
        if (!Object.prototype.hasOwnProperty.call(value, key)) return assert.ok(result.ok);
        assert.ok(!result.ok && result.problem.kind === 'duplicate-key');
        assert.ok(result.problem.message.includes(JSON.stringify(key)), result.problem.message);
      }),
    );
  });
});

void describe('parseFrame never throws', () => {
  const seeds = [
    '[2,"19223201","BootNotification",{"chargePointVendor":"ACME","chargePointModel":"X"}]',
    '[3,"19223201",{"status":"Accepted","currentTime":"2025-11-21T07:42:00.000Z","interval":300}]',
    '[4,"1","InternalError","boom",{"a":[1,2,{"b":null}]}]',
    '[5,"1","FormatViolation","",{}]',
    '[6,"1","NotifyPeriodicEventStream",{"data":[{"t":1,"v":"x\\"y"}]}]',
    '[2,"1","MeterValues",{"meterValue":[{"sampledValue":[{"value":"1","unit":"Wh"}]}]}]',
  ];
  const alphabet = '[]{}",:\\ 0123456789-.eEtrufalsn23456abc\u00e9\ud83d\ude00\n\t';

  function mutate(text: string, random: () => number): string {
    const chars = [...text];
    const edits = 1 + Math.floor(random() * 4);
    for (let i = 0; i < edits; i++) {
      const at = Math.floor(random() * (chars.length + 1));
      const pick = alphabet[Math.floor(random() * alphabet.length)] ?? '"';
      const op = random();
      if (op < 0.33) chars.splice(at, 1);
      else if (op < 0.66) chars.splice(at, 0, pick);
      else chars.splice(at, 1, pick);
    }
    return chars.join('');
  }

  function randomJson(random: () => number, depth: number): string {
    const r = random();
    if (depth > 4 || r < 0.3) {
      const leaves = ['1', '-2.5e3', 'true', 'false', 'null', '"x"', '"a\\":b"', '""', '"\\u0000"'];
      return leaves[Math.floor(random() * leaves.length)] ?? 'null';
    }
    const n = Math.floor(random() * 4);
    if (r < 0.6) {
      return `[${Array.from({ length: n }, () => randomJson(random, depth + 1)).join(',')}]`;
    }
    const keys = ['a', 'b', 'idTag', 'a'];
    return `{${Array.from({ length: n }, () => `"${keys[Math.floor(random() * keys.length)] ?? 'a'}":${randomJson(random, depth + 1)}`).join(',')}}`;
  }

  function check(raw: string): ParseResult {
    let result: ParseResult;
    try {
      result = parseFrame(raw);
    } catch (error) {
      assert.fail(`parseFrame threw on ${JSON.stringify(raw.slice(0, 200))}: ${String(error)}`);
    }
    assert.equal(typeof result.ok, 'boolean');
    if (result.ok) assert.ok([2, 3, 4, 5, 6].includes(result.frame.type));
    else assert.ok(FRAME_PROBLEM_KINDS.includes(result.problem.kind));
    return result;
  }

  void test('4000 mutated frames and random JSON values', () => {
    const random = prng(0x0c99);
    let ok = 0;
    let failed = 0;
    for (let i = 0; i < 3000; i++) {
      const seed = seeds[i % seeds.length] ?? '[]';
      if (check(mutate(seed, random)).ok) ok++;
      else failed++;
    }
    for (let i = 0; i < 1000; i++) {
      const type = [2, 3, 4, 5, 6, 7, '"2"'][Math.floor(random() * 7)] ?? 2;
      const parts = Array.from({ length: Math.floor(random() * 6) }, () => randomJson(random, 0));
      if (check(`[${[type, ...parts].join(',')}]`).ok) ok++;
      else failed++;
    }
    // The corpus must exercise both outcomes, or it proves little.
    assert.ok(ok > 50, `only ${ok} valid frames`);
    assert.ok(failed > 50, `only ${failed} problems`);
  });

  void test('random strings of arbitrary characters', () => {
    const random = prng(42);
    for (let i = 0; i < 1000; i++) {
      const length = Math.floor(random() * 40);
      let text = '';
      for (let j = 0; j < length; j++) text += String.fromCharCode(Math.floor(random() * 0x80));
      check(text);
    }
  });

  void test('deeply nested payload (a 200 kB frame) does not throw', () => {
    const depth = 100_000;
    check(`[2,"1","DataTransfer",{"data":${'['.repeat(depth)}${']'.repeat(depth)}}]`);
    check(`[2,"1","DataTransfer",{"data":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}]`);
  });

  void test('deeply nested garbage is a problem, not a throw', () => {
    check('['.repeat(200_000));
    check(`[2,"1","X",${'['.repeat(100_000)}`);
  });
});
