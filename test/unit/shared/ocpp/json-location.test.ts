import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { locateJsonPath, type JsonLocationPath } from '../../../../src/shared/ocpp/json-location';

/** The text of the node at `path`, or undefined. */
function at(text: string, path: JsonLocationPath): string | undefined {
  const location = locateJsonPath(text, path);
  return location?.found ? text.slice(location.start, location.end) : undefined;
}

const FRAME =
  '[2,"19","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2025-01-01T00:00:00Z","sampledValue":[{"value":"21.5","unit":"Celcius"},{"value":"7","unit":"Wh"}]}]}]';

void describe('locateJsonPath', () => {
  void test('finds values in nested arrays and objects', () => {
    assert.equal(at(FRAME, []), FRAME);
    assert.equal(at(FRAME, [0]), '2');
    assert.equal(at(FRAME, [2]), '"MeterValues"');
    assert.equal(at(FRAME, [3, 'connectorId']), '1');
    assert.equal(at(FRAME, [3, 'meterValue', 0, 'sampledValue', 0, 'unit']), '"Celcius"');
    assert.equal(at(FRAME, [3, 'meterValue', 0, 'sampledValue', 1]), '{"value":"7","unit":"Wh"}');
  });

  void test('gives the key offset of object members', () => {
    const location = locateJsonPath(FRAME, [3, 'connectorId']);
    assert.ok(location?.keyStart !== undefined);
    assert.equal(FRAME.slice(location.keyStart, location.end), '"connectorId":1');
    assert.equal(locateJsonPath(FRAME, [3])?.keyStart, undefined);
  });

  void test('works on pretty-printed text', () => {
    const pretty = JSON.stringify(JSON.parse(FRAME), null, 2);
    assert.equal(at(pretty, [3, 'meterValue', 0, 'sampledValue', 0, 'unit']), '"Celcius"');
    assert.equal(at(pretty, [3, 'meterValue', 0, 'sampledValue', 1, 'value']), '"7"');
    assert.match(at(pretty, [3, 'meterValue', 0]) ?? '', /^\{\n\s+"timestamp"[\s\S]*\}$/);
  });

  void test('is not fooled by brackets, quotes and escapes inside strings', () => {
    const text = '[2,"a]\\"}{[",{"k\\"ey":"v}]","x\\\\":[1,"]"],"\\u0079":true}]';
    assert.equal(at(text, [1]), '"a]\\"}{["');
    assert.equal(at(text, [2, 'k"ey']), '"v}]"');
    assert.equal(at(text, [2, 'x\\', 1]), '"]"');
    assert.equal(at(text, [2, 'y']), 'true');
  });

  void test('a missing member or element points at the deepest container that exists', () => {
    const text = '[2,"1","BootNotification",{"chargePointVendor":"X"}]';
    const missing = locateJsonPath(text, [3, 'chargePointModel']);
    assert.deepEqual(
      { found: missing?.found, text: missing && text.slice(missing.start, missing.end) },
      { found: false, text: '{"chargePointVendor":"X"}' },
    );
    const deeper = locateJsonPath(text, [3, 'a', 'b', 0]);
    assert.equal(deeper?.found, false);
    assert.equal(deeper && text.slice(deeper.start, deeper.end), '{"chargePointVendor":"X"}');
    const index = locateJsonPath(text, [7]);
    assert.equal(index?.found, false);
    assert.equal(index?.start, 0);
    // A path through a scalar stops at the scalar.
    const scalar = locateJsonPath(text, [1, 'x']);
    assert.equal(scalar && text.slice(scalar.start, scalar.end), '"1"');
    assert.equal(at('[]', [0]), undefined);
    assert.equal(at('{}', ['a']), undefined);
  });

  void test('numeric keys of objects, and the last of duplicate keys (as JSON.parse keeps)', () => {
    assert.equal(at('{"0":"zero","1":"one"}', [1]), '"one"');
    assert.equal(at('{"a":1,"a":2}', ['a']), '2');
  });

  void test('never throws on text it cannot follow', () => {
    const broken = ['', '   ', '[', '[1,', '{"a":', '{"a" 1}', '"unterminated', '[1 2]', '{"\\x":1}', '}'];
    for (const text of broken) {
      assert.doesNotThrow(() => locateJsonPath(text, [0, 'a', 1]));
    }
    assert.equal(locateJsonPath('', []), undefined);
    assert.equal(locateJsonPath('[1,', [5]), undefined);
  });

  void test('deep nesting needs no recursion', () => {
    const depth = 100_000;
    const text = '['.repeat(depth) + '"deep"' + ']'.repeat(depth);
    assert.equal(at(text, new Array<number>(depth).fill(0)), '"deep"');
  });
});
