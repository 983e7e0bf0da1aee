import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ocaSchemaRegistry } from '../../../../src/main/services/validation/oca-schemas';
import { commandPalette, commandTemplate, responseTemplate } from '../../../../src/shared/csms/templates';
import { csmsActions, isSendAction, stationActions } from '../../../../src/shared/ocpp/actions';
import { OCPP_VERSIONS } from '../../../../src/shared/ocpp/versions';

const registry = ocaSchemaRegistry();
const now = new Date('2025-11-21T07:43:18.123Z');
const NOW = '2025-11-21T07:43:18.123Z';

void describe('CSMS templates', () => {
  for (const version of OCPP_VERSIONS) {
    void test(`${version}: every command template is a valid request`, () => {
      for (const action of csmsActions(version)) {
        const template = commandTemplate(version, action, registry, now);
        assert.ok(template !== undefined, `${version} ${action}: no template`);
        assert.deepEqual(registry.validate(version, action, 'request', template), [], `${version} ${action}`);
      }
    });

    void test(`${version}: every default answer is a valid response (a SEND gets none)`, () => {
      for (const action of stationActions(version)) {
        const answer = responseTemplate(version, action, registry, now);
        if (isSendAction(version, action)) {
          assert.equal(answer, undefined, `${version} ${action} is never answered`);
          continue;
        }
        assert.ok(answer !== undefined, `${version} ${action}: no answer`);
        assert.deepEqual(registry.validate(version, action, 'response', answer), [], `${version} ${action}`);
      }
    });

    void test(`${version}: no command template for a station action, no answer for a CSMS command`, () => {
      for (const action of stationActions(version)) {
        if (action !== 'DataTransfer')
          assert.equal(commandTemplate(version, action, registry, now), undefined);
      }
      for (const action of csmsActions(version)) {
        if (action !== 'DataTransfer')
          assert.equal(responseTemplate(version, action, registry, now), undefined);
      }
      assert.equal(commandTemplate(version, 'NoSuchAction', registry, now), undefined);
      assert.equal(responseTemplate(version, 'NoSuchAction', registry, now), undefined);
    });

    void test(`${version}: the palette lists every CSMS action once, in order`, () => {
      const palette = commandPalette(version, registry, now);
      assert.deepEqual(
        palette.map((entry) => entry.action),
        csmsActions(version),
      );
    });
  }

  void test('hand-tuned 1.6 commands', () => {
    assert.deepEqual(commandTemplate('1.6', 'RemoteStartTransaction', registry, now), {
      connectorId: 1,
      idTag: 'TAG-0001',
    });
    assert.deepEqual(commandTemplate('1.6', 'Reset', registry, now), { type: 'Soft' });
    assert.deepEqual(commandTemplate('1.6', 'ChangeConfiguration', registry, now), {
      key: 'HeartbeatInterval',
      value: '300',
    });
    assert.deepEqual(commandTemplate('1.6', 'TriggerMessage', registry, now), {
      requestedMessage: 'StatusNotification',
      connectorId: 1,
    });
    const profile = commandTemplate('1.6', 'SetChargingProfile', registry, now);
    assert.equal(
      (profile?.csChargingProfiles as { chargingProfilePurpose?: unknown }).chargingProfilePurpose,
      'TxDefaultProfile',
    );
    assert.equal(commandTemplate('1.6', 'ReserveNow', registry, now)?.expiryDate, '2025-11-21T08:43:18.123Z');
  });

  void test('hand-tuned 2.x commands', () => {
    for (const version of ['2.0.1', '2.1'] as const) {
      assert.deepEqual(commandTemplate(version, 'RequestStartTransaction', registry, now), {
        idToken: { idToken: 'TAG-0001', type: 'ISO14443' },
        remoteStartId: 1,
        evseId: 1,
      });
      assert.deepEqual(commandTemplate(version, 'GetBaseReport', registry, now), {
        requestId: 1,
        reportBase: 'FullInventory',
      });
    }
  });

  void test('default answers carry now, Accepted and the 1.6 placeholder transactionId', () => {
    assert.deepEqual(responseTemplate('1.6', 'BootNotification', registry, now), {
      status: 'Accepted',
      currentTime: NOW,
      interval: 300,
    });
    assert.deepEqual(responseTemplate('2.0.1', 'Heartbeat', registry, now), { currentTime: NOW });
    assert.deepEqual(responseTemplate('1.6', 'StartTransaction', registry, now), {
      idTagInfo: { status: 'Accepted' },
      transactionId: 1,
    });
    assert.deepEqual(responseTemplate('2.1', 'Authorize', registry, now), {
      idTokenInfo: { status: 'Accepted' },
    });
    assert.deepEqual(responseTemplate('2.0.1', 'TransactionEvent', registry, now), {});
    // A schema fallback: 2.1 OpenPeriodicEventStream answers with a GenericStatus.
    assert.deepEqual(responseTemplate('2.1', 'OpenPeriodicEventStream', registry, now), {
      status: 'Accepted',
    });
  });

  void test('a fresh object each call, so the caller may edit it', () => {
    const first = commandTemplate('2.0.1', 'SetVariables', registry, now);
    const second = commandTemplate('2.0.1', 'SetVariables', registry, now);
    assert.notEqual(first, second);
    assert.deepEqual(first, second);
    const a = responseTemplate('2.1', 'VatNumberValidation', registry, now);
    const b = responseTemplate('2.1', 'VatNumberValidation', registry, now);
    assert.notEqual(a, b);
  });
});
