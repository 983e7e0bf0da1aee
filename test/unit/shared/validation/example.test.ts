import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ocaSchemaRegistry } from '../../../../src/main/services/validation/oca-schemas';
import { OCPP_VERSIONS } from '../../../../src/shared/ocpp/versions';
import { exampleFor, type JsonSchema } from '../../../../src/shared/validation/example';

const now = new Date('2025-11-21T07:43:18.123Z');
const ajv = new Ajv({ strict: false, multipleOfPrecision: 9, validateSchema: false });
addFormats(ajv);

/** The example, after checking that Ajv accepts it. */
function valid(schema: JsonSchema, optional = false): unknown {
  const value = exampleFor(schema, { now, optional });
  const validate = ajv.compile(schema);
  assert.ok(validate(value), `${JSON.stringify(value)}: ${ajv.errorsText(validate.errors)}`);
  return value;
}

const tree: JsonSchema = {
  $schema: 'http://json-schema.org/draft-06/schema#',
  definitions: {
    Node: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'children'],
      properties: {
        name: { type: 'string', maxLength: 3 },
        parent: { $ref: '#/definitions/Node' },
        children: { type: 'array', items: { $ref: '#/definitions/Node' } },
        alias: { $ref: '#/definitions/Alias' },
      },
    },
    // A reference to a reference.
    Alias: { $ref: '#/definitions/Node' },
  },
  $ref: '#/definitions/Node',
};

void describe('exampleFor', () => {
  void test('a recursive $ref ends, required-only and with optional properties', () => {
    assert.deepEqual(valid(tree), { name: 'exa', children: [] });
    const full = valid(tree, true);
    assert.deepEqual(full, { name: 'exa', children: [] });
  });

  void test('optional content that would re-enter a definition, even as array items, is left out', () => {
    const schema: JsonSchema = {
      definitions: {
        Node: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'integer', minimum: 1 },
            next: { type: 'array', minItems: 1, items: { $ref: '#/definitions/Node' } },
          },
        },
      },
      $ref: '#/definitions/Node',
    };
    assert.deepEqual(valid(schema, true), { id: 1 });
  });

  void test('a schema with no finite instance returns instead of looping', () => {
    const schema: JsonSchema = {
      definitions: {
        Loop: { type: 'object', required: ['next'], properties: { next: { $ref: '#/definitions/Loop' } } },
        Wide: {
          type: 'object',
          required: ['a'],
          properties: { a: { type: 'array', minItems: 3, items: { $ref: '#/definitions/Wide' } } },
        },
        Cycle: { $ref: '#/definitions/Cycle' },
        Broken: { $ref: '#/definitions/%zz' },
      },
      type: 'object',
      required: ['loop', 'wide', 'cycle', 'broken'],
      properties: {
        loop: { $ref: '#/definitions/Loop' },
        wide: { $ref: '#/definitions/Wide' },
        cycle: { $ref: '#/definitions/Cycle' },
        broken: { $ref: '#/definitions/Broken' },
      },
    };
    const value = exampleFor(schema, { now });
    assert.equal(typeof value, 'object');
  });

  void test('maxDepth: optional content stops there, required content does not', () => {
    const schema: JsonSchema = {
      type: 'object',
      required: ['a'],
      properties: {
        a: {
          type: 'object',
          required: ['b'],
          properties: {
            b: { type: 'boolean' },
            c: { type: 'integer' },
            d: { type: 'array', items: { type: 'integer' } },
          },
        },
        e: { type: 'boolean' },
      },
    };
    assert.deepEqual(exampleFor(schema, { now, optional: true, maxDepth: 1 }), { a: { b: false }, e: false });
    assert.deepEqual(exampleFor(schema, { now, optional: true }), {
      a: { b: false, c: 0, d: [0] },
      e: false,
    });
  });

  void test('multipleOf: the smallest multiple within the bounds, without binary noise', () => {
    assert.equal(valid({ type: 'number', multipleOf: 0.1 }), 0);
    assert.equal(valid({ type: 'number', multipleOf: 0.1, minimum: 3.15 }), 3.2);
    assert.equal(valid({ type: 'number', multipleOf: 0.1, minimum: -0.25 }), -0.2);
    assert.equal(valid({ type: 'integer', multipleOf: 5, minimum: 12 }), 15);
    assert.equal(valid({ type: 'integer', multipleOf: 5, maximum: -3 }), -5);
    assert.equal(valid({ type: 'number', multipleOf: 0.5, exclusiveMinimum: 1 }), 1.5);
  });

  void test('numeric bounds: the minimum, else 0, else the maximum', () => {
    assert.equal(valid({ type: 'integer', minimum: 1 }), 1);
    assert.equal(valid({ type: 'integer' }), 0);
    assert.equal(valid({ type: 'integer', maximum: -4 }), -4);
    assert.equal(valid({ type: 'integer', minimum: 0.5 }), 1);
    assert.equal(valid({ type: 'integer', exclusiveMinimum: 7 }), 8);
    assert.equal(valid({ type: 'integer', exclusiveMaximum: 0 }), -1);
    assert.equal(valid({ type: 'integer', minimum: 0, default: 3 }), 3);
  });

  void test('enums: Accepted where there is one, else the default, else the first; const wins', () => {
    assert.equal(valid({ type: 'string', enum: ['Rejected', 'Accepted', 'Pending'] }), 'Accepted');
    assert.equal(
      valid({ type: 'string', enum: ['Sample.Clock', 'Sample.Periodic'], default: 'Sample.Periodic' }),
      'Sample.Periodic',
    );
    assert.equal(valid({ type: 'string', enum: ['Soft', 'Hard'] }), 'Soft');
    assert.equal(valid({ type: 'integer', enum: [3, 1] }), 3);
    assert.equal(valid({ const: 'fixed', type: 'string' }), 'fixed');
  });

  void test('string lengths and formats', () => {
    assert.equal(valid({ type: 'string' }), 'example');
    assert.equal(valid({ type: 'string', maxLength: 4 }), 'exam');
    assert.equal(valid({ type: 'string', minLength: 10 }), 'examplexxx');
    assert.equal(valid({ type: 'string', minLength: 2, maxLength: 2 }), 'ex');
    assert.equal(valid({ type: 'string', maxLength: 0 }), '');
    assert.equal(valid({ type: 'string', format: 'date-time' }), '2025-11-21T07:43:18.123Z');
    assert.equal(valid({ type: 'string', format: 'date' }), '2025-11-21');
    assert.equal(valid({ type: 'string', format: 'uri', maxLength: 512 }), 'https://example.com/');
    assert.equal(valid({ type: 'string', format: 'uri', maxLength: 10 }), 'urn:x');
  });

  void test('arrays: one item unless told more, never more than maxItems', () => {
    assert.deepEqual(valid({ type: 'array', items: { type: 'integer', minimum: 2 } }), [2]);
    assert.deepEqual(valid({ type: 'array', minItems: 3, items: { type: 'boolean' } }), [
      false,
      false,
      false,
    ]);
    assert.deepEqual(valid({ type: 'array', maxItems: 0, items: { type: 'string' } }), []);
    assert.deepEqual(valid({ type: 'array', items: [{ type: 'string', maxLength: 2 }] }), ['ex']);
  });

  void test('objects: required properties only by default, all with optional; additionalProperties false holds', () => {
    const schema: JsonSchema = {
      type: 'object',
      additionalProperties: false,
      required: ['status'],
      properties: {
        status: { type: 'string', enum: ['Rejected', 'Accepted'] },
        info: { type: 'object', properties: { reason: { type: 'string', maxLength: 20 } } },
      },
    };
    assert.deepEqual(valid(schema), { status: 'Accepted' });
    assert.deepEqual(valid(schema, true), { status: 'Accepted', info: { reason: 'example' } });
  });

  void test('deterministic: the same schema and now give the same value, the clock is never read', () => {
    const schema: JsonSchema = {
      type: 'object',
      required: ['t'],
      properties: { t: { type: 'string', format: 'date-time' } },
    };
    const later = new Date('2030-01-01T00:00:00.000Z');
    assert.deepEqual(exampleFor(schema, { now }), exampleFor(schema, { now }));
    assert.deepEqual(exampleFor(schema, { now: later }), { t: '2030-01-01T00:00:00.000Z' });
  });

  void test('every OCA request and response schema: the example validates, with and without optional properties', () => {
    const registry = ocaSchemaRegistry();
    let checked = 0;
    for (const version of OCPP_VERSIONS) {
      for (const action of registry.actions(version)) {
        for (const kind of ['request', 'response'] as const) {
          const schema = registry.schema(version, action, kind);
          if (schema === undefined) continue;
          for (const optional of [false, true]) {
            const value = exampleFor(schema, { now, optional });
            assert.deepEqual(
              registry.validate(version, action, kind, value),
              [],
              `${version} ${action} ${kind}`,
            );
            checked++;
          }
        }
      }
    }
    assert.equal(checked, 4 * (39 + 64 + 91) - 2);
  });
});
