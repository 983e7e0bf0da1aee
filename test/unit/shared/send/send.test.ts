import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ocaSchemaRegistry } from '../../../../src/main/services/validation/oca-schemas';
import { csmsActions, isSendAction, stationActions } from '../../../../src/shared/ocpp/actions';
import { OCPP_VERSIONS } from '../../../../src/shared/ocpp/versions';
import { checkOutgoing, prepareOutgoing, withMessageId } from '../../../../src/shared/send/send';
import { frameTemplate, templateKind } from '../../../../src/shared/send/template';

const registry = ocaSchemaRegistry();
const now = new Date('2025-11-21T07:43:18.123Z');
const keywords = (
  raw: string,
  direction: 'toCsms' | 'toStation' = 'toCsms',
  version: '1.6' | '2.0.1' | '2.1' = '1.6',
  answers?: string,
) => checkOutgoing(registry, version, direction, raw, answers).issues.map((i) => i.keyword);

void describe('checkOutgoing', () => {
  void test('a valid CALL in its direction has no issues', () => {
    assert.deepEqual(keywords('[2,"1","Heartbeat",{}]'), []);
    assert.deepEqual(keywords('[2,"1","Reset",{"type":"Soft"}]', 'toStation'), []);
    assert.deepEqual(
      keywords('[2,"1","DataTransfer",{"vendorId":"x"}]', 'toStation'),
      [],
      'both sides send DataTransfer',
    );
  });

  void test('the frame, the action, the direction, the schema and the message type', () => {
    assert.deepEqual(keywords('[2,"1","Heartbeat",'), ['frame']);
    assert.deepEqual(keywords('[2,"1","Heartbeat",{},1]'), ['frame']);
    assert.deepEqual(keywords('[2,"1","NoSuchAction",{}]'), ['action']);
    assert.deepEqual(keywords('[2,"1","Reset",{"type":"Soft"}]', 'toCsms'), ['direction']);
    assert.deepEqual(keywords('[2,"1","BootNotification",{"chargePointVendor":"x"}]'), ['required']);
    assert.deepEqual(keywords('[6,"1","Heartbeat",{}]'), ['messageType', 'messageType']);
    assert.deepEqual(
      keywords(
        '[2,"1","NotifyPeriodicEventStream",{"id":1,"pending":0,"basetime":"2025-11-21T07:43:18Z","data":[{"t":0,"v":"1"}]}]',
        'toCsms',
        '2.1',
      ),
      ['messageType'],
    );
  });

  void test('an answer is checked against the response of the action it answers, when known', () => {
    assert.deepEqual(
      keywords('[3,"1",{"currentTime":"2025-11-21T07:43:18Z"}]', 'toStation', '1.6', 'Heartbeat'),
      [],
    );
    assert.deepEqual(keywords('[3,"1",{}]', 'toStation', '1.6', 'Heartbeat'), ['required']);
    const unknown = checkOutgoing(registry, '1.6', 'toStation', '[3,"1",{}]');
    assert.deepEqual(unknown.issues, []);
    assert.match(unknown.unchecked ?? '', /not known/);
  });

  void test("a CALLERROR code is the version's, with the other version's spelling named", () => {
    assert.deepEqual(keywords('[4,"1","FormationViolation","",{}]', 'toStation', '1.6'), []);
    const issues = checkOutgoing(registry, '2.0.1', 'toStation', '[4,"1","FormationViolation","",{}]').issues;
    assert.match(issues[0]?.message ?? '', /spells it FormatViolation/);
    assert.deepEqual(keywords('[4,"1","Oops","",{}]', 'toStation'), ['errorCode']);
  });
});

void describe('prepareOutgoing and withMessageId', () => {
  void test("a CALL's id is set before it is checked: a pinned id that is too long is an issue", () => {
    const prepared = prepareOutgoing(registry, '1.6', 'toCsms', '[2, "x", "Heartbeat", {}]', 'a'.repeat(37));
    assert.equal(prepared.raw, `[2,"${'a'.repeat(37)}","Heartbeat",{}]`);
    assert.deepEqual(
      prepared.issues.map((i) => i.keyword),
      ['frame'],
    );
    assert.equal(prepared.messageId, 'a'.repeat(37));
  });

  void test('answers and text that is not a CALL keep their text', () => {
    assert.deepEqual(withMessageId('[3,"x",{}]', 'y'), { raw: '[3,"x",{}]', replaced: false });
    assert.deepEqual(withMessageId('not json', 'y'), { raw: 'not json', replaced: false });
    const prepared = prepareOutgoing(registry, undefined, 'toCsms', '[3,"x",{}]', 'y');
    assert.equal(prepared.messageId, undefined);
    assert.match(prepared.unchecked ?? '', /no OCPP version/);
  });
});

void describe('frame templates', () => {
  for (const version of OCPP_VERSIONS) {
    void test(`${version}: every action has a valid template in both directions it travels`, () => {
      for (const action of stationActions(version)) {
        const request = frameTemplate(
          registry,
          version,
          action,
          templateKind(version, action, 'toCsms')!,
          now,
        );
        assert.ok(request, `${action} request`);
        assert.equal(request.kind, 'request');
        assert.deepEqual(
          checkOutgoing(registry, version, 'toCsms', request.raw).issues,
          [],
          `${version} ${action}`,
        );
        const kind = templateKind(version, action, 'toStation');
        const response = frameTemplate(registry, version, action, 'response', now);
        if (isSendAction(version, action)) {
          assert.equal(response, undefined);
          continue;
        }
        if (kind === 'response') {
          assert.ok(response, `${action} response`);
          assert.deepEqual(
            checkOutgoing(registry, version, 'toStation', response.raw, action).issues,
            [],
            `${version} ${action} response`,
          );
        }
      }
      for (const action of csmsActions(version)) {
        const request = frameTemplate(
          registry,
          version,
          action,
          templateKind(version, action, 'toStation')!,
          now,
        );
        assert.ok(request, `${action} request`);
        assert.deepEqual(
          checkOutgoing(registry, version, 'toStation', request.raw).issues,
          [],
          `${version} ${action}`,
        );
        const response = frameTemplate(registry, version, action, 'response', now);
        assert.ok(response, `${action} response`);
        assert.deepEqual(
          checkOutgoing(registry, version, 'toCsms', response.raw, action).issues,
          [],
          `${version} ${action} response`,
        );
      }
    });
  }

  void test('the kind follows who initiates the action', () => {
    assert.equal(templateKind('1.6', 'StartTransaction', 'toCsms'), 'request');
    assert.equal(templateKind('1.6', 'StartTransaction', 'toStation'), 'response');
    assert.equal(templateKind('1.6', 'Reset', 'toStation'), 'request');
    assert.equal(templateKind('1.6', 'Reset', 'toCsms'), 'response');
    assert.equal(templateKind('1.6', 'DataTransfer', 'toCsms'), 'request');
    assert.equal(templateKind('1.6', 'NoSuch', 'toCsms'), undefined);
  });
});
