/** A start form's draft survives a reload without its secrets, and a stale stored value falls back. */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formDrafts } from '../../../../src/renderer/state/form-draft';

const stored = new Map<string, string>();
const storage = {
  getItem: (key: string) => stored.get(key) ?? null,
  setItem: (key: string, value: string) => void stored.set(key, value),
};

beforeEach(() => {
  stored.clear();
  Object.assign(globalThis, { localStorage: storage });
});
afterEach(() => {
  Reflect.deleteProperty(globalThis, 'localStorage');
});

const DEFAULTS = { url: 'ws://127.0.0.1:9000/', user: '', password: '', insecure: false };

void describe('formDrafts', () => {
  void test('what was saved is loaded again, but never the fields not kept', () => {
    const drafts = formDrafts('test.form', DEFAULTS, ['password']);
    drafts.save({ url: 'wss://csms.example.com/ocpp', user: 'CP-1', password: 'hunter2', insecure: true });
    assert.ok(!stored.get('test.form')!.includes('hunter2'));
    assert.deepEqual(drafts.load(), {
      url: 'wss://csms.example.com/ocpp',
      user: 'CP-1',
      password: '',
      insecure: true,
    });
  });

  void test('nothing stored, unreadable JSON, or values of the wrong type give the defaults', () => {
    const drafts = formDrafts('test.form', DEFAULTS, ['password']);
    assert.deepEqual(drafts.load(), DEFAULTS);
    stored.set('test.form', '{not json');
    assert.deepEqual(drafts.load(), DEFAULTS);
    stored.set('test.form', JSON.stringify({ url: 42, insecure: 'yes', password: 'old', extra: 1 }));
    assert.deepEqual(drafts.load(), DEFAULTS);
  });

  void test('storage that refuses to write is not an error', () => {
    const drafts = formDrafts('test.form', DEFAULTS, []);
    Object.assign(globalThis, {
      localStorage: {
        getItem: () => null,
        setItem: () => {
          throw new Error('QuotaExceededError');
        },
      },
    });
    assert.doesNotThrow(() => drafts.save(DEFAULTS));
  });
});
