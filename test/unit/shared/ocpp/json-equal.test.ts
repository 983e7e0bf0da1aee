import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sameJson, showJson } from '../../../../src/shared/ocpp/json-equal';

void describe('sameJson', () => {
  void test('object key order does not count; array order and every value do', () => {
    assert.equal(
      sameJson({ b: [1, { d: 2, c: null }], a: 'x' }, { a: 'x', b: [1, { c: null, d: 2 }] }),
      true,
    );
    assert.equal(sameJson([1, 2], [2, 1]), false);
    assert.equal(sameJson({ a: 1 }, { a: 1, b: undefined }), false);
    assert.equal(sameJson({ a: 1 }, { b: 1 }), false);
    assert.equal(sameJson({ a: [] }, { a: {} }), false);
    assert.equal(sameJson({ a: null }, { a: {} }), false);
    assert.equal(sameJson('1', 1), false);
    assert.equal(sameJson(0.1 + 0.2, 0.30000000000000004), true);
  });

  void test('200,000 levels deep, without overflow', () => {
    const nest = (leaf: number) =>
      JSON.parse('['.repeat(200_000) + String(leaf) + ']'.repeat(200_000)) as unknown;
    assert.equal(sameJson(nest(1), nest(1)), true);
    assert.equal(sameJson(nest(1), nest(2)), false);
  });
});

void describe('showJson', () => {
  void test('compact, clipped, and safe on values too deep to stringify', () => {
    assert.equal(showJson({ a: [1, 'x'] }), '{"a":[1,"x"]}');
    assert.equal(showJson({ text: 'y'.repeat(200) }, 20), '{"text":"yyyyyyyyyy…');
    let deep: unknown = 1;
    for (let k = 0; k < 1_000_000; k++) deep = [deep];
    assert.match(showJson(deep), /^(\[+|\(a value too deeply nested to show\))/);
  });
});
