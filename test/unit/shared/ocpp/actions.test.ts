import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ocaSchemaRegistry } from '../../../../src/main/services/validation/oca-schemas';
import {
  allActions,
  csmsActions,
  initiatorOf,
  isSendAction,
  stationActions,
} from '../../../../src/shared/ocpp/actions';
import { OCPP_VERSIONS } from '../../../../src/shared/ocpp/versions';

const registry = ocaSchemaRegistry();

void describe('OCPP actions and their initiators', () => {
  for (const version of OCPP_VERSIONS) {
    void test(`${version}: exactly the actions the OCA schemas define, none missing, none invented`, () => {
      const schemas = registry.actions(version);
      const missing = schemas.filter((action) => initiatorOf(version, action) === undefined);
      const invented = allActions(version).filter((action) => !registry.hasAction(version, action));
      assert.deepEqual(missing, [], 'actions with a schema but no initiator');
      assert.deepEqual(invented, [], 'actions with an initiator but no schema');
      assert.deepEqual(allActions(version), schemas);
    });

    void test(`${version}: station and CSMS lists are sorted, cover every action, and share only DataTransfer`, () => {
      const station = stationActions(version);
      const csms = csmsActions(version);
      assert.deepEqual(station, [...station].sort());
      assert.deepEqual(csms, [...csms].sort());
      assert.deepEqual([...new Set([...station, ...csms])].sort(), allActions(version));
      assert.deepEqual(
        station.filter((action) => csms.includes(action)),
        ['DataTransfer'],
      );
      assert.equal(initiatorOf(version, 'DataTransfer'), 'both');
    });

    void test(`${version}: a SEND has a request schema and no response schema`, () => {
      for (const action of allActions(version)) {
        const hasResponse = registry.validator(version, action, 'response') !== undefined;
        assert.equal(isSendAction(version, action), !hasResponse, `${version} ${action}`);
      }
    });
  }

  void test('known directions', () => {
    assert.equal(initiatorOf('1.6', 'BootNotification'), 'station');
    assert.equal(initiatorOf('1.6', 'StartTransaction'), 'station');
    assert.equal(initiatorOf('1.6', 'SignCertificate'), 'station');
    assert.equal(initiatorOf('1.6', 'RemoteStartTransaction'), 'csms');
    assert.equal(initiatorOf('1.6', 'ExtendedTriggerMessage'), 'csms');
    assert.equal(initiatorOf('1.6', 'TransactionEvent'), undefined);
    assert.equal(initiatorOf('2.0.1', 'TransactionEvent'), 'station');
    assert.equal(initiatorOf('2.0.1', 'RequestStartTransaction'), 'csms');
    assert.equal(initiatorOf('2.0.1', 'GetTransactionStatus'), 'csms');
    assert.equal(initiatorOf('2.0.1', 'StartTransaction'), undefined);
    assert.equal(initiatorOf('2.0.1', 'NotifyPeriodicEventStream'), undefined);
    assert.equal(initiatorOf('2.1', 'NotifyPeriodicEventStream'), 'station');
    assert.equal(initiatorOf('2.1', 'OpenPeriodicEventStream'), 'station');
    assert.equal(initiatorOf('2.1', 'AdjustPeriodicEventStream'), 'csms');
    assert.equal(initiatorOf('2.1', 'NotifyAllowedEnergyTransfer'), 'csms');
    assert.equal(initiatorOf('2.1', 'PullDynamicScheduleUpdate'), 'station');
    assert.equal(initiatorOf('2.1', 'Heartbeat'), 'station');
    assert.equal(initiatorOf('2.1', 'heartbeat'), undefined, 'action names are case-sensitive');
    assert.ok(isSendAction('2.1', 'NotifyPeriodicEventStream'));
    assert.ok(!isSendAction('2.1', 'Heartbeat'));
  });

  void test('the palette and the answered list of each version', () => {
    assert.equal(stationActions('1.6').length, 14);
    assert.equal(csmsActions('1.6').length, 26);
    assert.equal(stationActions('2.0.1').length, 25);
    assert.equal(csmsActions('2.0.1').length, 40);
    assert.equal(stationActions('2.1').length, 37);
    assert.equal(csmsActions('2.1').length, 55);
  });
});
