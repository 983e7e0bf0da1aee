import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DirectionInference,
  VersionGuess,
  type DirectionInput,
  type DirectionResult,
} from '../../../../src/shared/interop/infer-direction';

const S = 'CP01';

function call(id: string, action: string, extra: Partial<DirectionInput> = {}): DirectionInput {
  return { stationId: S, type: 2, id, action, ...extra };
}
function result(id: string, extra: Partial<DirectionInput> = {}): DirectionInput {
  return { stationId: S, type: 3, id, ...extra };
}
/** direction, then `*` when inferred and `!` when a guess with a warning. */
function short(r: DirectionResult): string {
  return `${r.direction}${r.inferred ? '*' : ''}${r.warning === undefined ? '' : '!'}`;
}
function run(inference: DirectionInference, inputs: DirectionInput[]): string[] {
  return inputs.map((input) => short(inference.resolve(input)));
}

void describe('DirectionInference: CALLs', () => {
  void test('a CALL goes the way its action is sent, inferred; a given direction is kept, not inferred', () => {
    assert.deepEqual(
      run(new DirectionInference(), [
        call('1', 'BootNotification'),
        call('2', 'RemoteStartTransaction'),
        call('3', 'TransactionEvent'),
        call('4', 'RequestStartTransaction'),
        // Given wins even against the action (the analysis reports it; the import keeps the source).
        call('5', 'Heartbeat', { given: 'toStation' }),
        { stationId: S, type: 6, id: '6', action: 'NotifyPeriodicEventStream' },
      ]),
      ['toCsms*', 'toStation*', 'toCsms*', 'toStation*', 'toStation', 'toCsms*'],
    );
  });

  void test('an action of another version than the one given still tells its side', () => {
    const inference = new DirectionInference('1.6');
    assert.equal(short(inference.resolve(call('1', 'TransactionEvent'))), 'toCsms*');
    assert.equal(short(inference.resolve(call('2', 'GetVariables'))), 'toStation*');
  });

  void test('DataTransfer, an unknown action or an unreadable one: guessed from the station, with a warning saying why', () => {
    const inference = new DirectionInference();
    const both = inference.resolve(call('1', 'DataTransfer'));
    assert.deepEqual(both, {
      direction: 'toCsms',
      inferred: true,
      warning:
        'DataTransfer is sent by either side, and nothing else tells which way it went; guessed sent by the charging station',
    });
    const unknown = inference.resolve(call('2', 'AcmeUnlockLid'));
    assert.match(unknown.warning ?? '', /^AcmeUnlockLid is not an action of any OCPP version/);
    const unreadable = inference.resolve({ stationId: S, type: 2, id: '3' });
    assert.match(unreadable.warning ?? '', /^its action could not be read/);
    const noType = inference.resolve({ stationId: S });
    assert.equal(short(noType), 'toCsms*!');
    assert.match(noType.warning ?? '', /message type could not be read/);
  });
});

void describe('DirectionInference: answers', () => {
  void test('an answer goes opposite to the most recent unanswered CALL with its id on its station', () => {
    assert.deepEqual(
      run(new DirectionInference(), [
        call('1', 'BootNotification'),
        result('1'),
        call('c1', 'Reset'),
        { stationId: S, type: 4, id: 'c1' },
        // The same id from both sides: the later CALL is answered first.
        call('7', 'Heartbeat'),
        call('7', 'GetConfiguration'),
        result('7'),
        result('7'),
      ]),
      ['toCsms*', 'toStation*', 'toStation*', 'toCsms*', 'toCsms*', 'toStation*', 'toCsms*', 'toStation*'],
    );
  });

  void test('a given answer closes the CALL it answers, so the next answer pairs with the other one', () => {
    assert.deepEqual(
      run(new DirectionInference(), [
        call('7', 'Heartbeat'),
        call('7', 'GetConfiguration'),
        // Answers the station's Heartbeat (the older CALL), as the source says.
        result('7', { given: 'toStation' }),
        result('7'),
      ]),
      ['toCsms*', 'toStation*', 'toStation', 'toCsms*'],
    );
  });

  void test('CALLs of another station, or answered already, do not pair: the orphan is guessed from the CSMS, with a warning', () => {
    const inference = new DirectionInference();
    inference.resolve(call('1', 'RemoteStopTransaction'));
    const other = inference.resolve(result('1', { stationId: 'CP02' }));
    assert.deepEqual(other, {
      direction: 'toStation',
      inferred: true,
      warning:
        'a CALLRESULT (id "1") answers no CALL earlier in the file; guessed sent by the CSMS (answering a station\'s CALL from before the file began)',
    });
    assert.equal(short(inference.resolve(result('1'))), 'toCsms*');
    assert.equal(short(inference.resolve(result('1'))), 'toStation*!');
    const error = inference.resolve({ stationId: S, type: 4, id: 'x' });
    assert.match(error.warning ?? '', /^a CALLERROR \(id "x"\) answers no CALL/);
  });

  void test('a 2.1 CALLRESULTERROR goes the way of the CALL whose result it rejects', () => {
    const inference = new DirectionInference('2.1');
    assert.deepEqual(
      run(inference, [
        call('a', 'GetVariables'),
        result('a'),
        { stationId: S, type: 5, id: 'a' },
        { stationId: S, type: 5, id: 'never' },
      ]),
      ['toStation*', 'toCsms*', 'toStation*', 'toCsms*!'],
    );
  });
});

void describe('DirectionInference: markers relative to the log writer', () => {
  void test("a station's log: `out` with a BootNotification makes `out` mean to the CSMS", () => {
    const inference = new DirectionInference();
    assert.equal(inference.perspective, undefined);
    assert.equal(short(inference.resolve(call('1', 'BootNotification', { relative: 'out' }))), 'toCsms*');
    assert.equal(inference.perspective, 'station');
    assert.deepEqual(
      run(inference, [
        call('2', 'DataTransfer', { relative: 'in' }),
        call('3', 'DataTransfer', { relative: 'out' }),
        result('gone', { relative: 'in' }),
      ]),
      ['toStation*', 'toCsms*', 'toStation*'],
    );
  });

  void test("a CSMS's log: `in` with a BootNotification makes `out` mean to the station", () => {
    const inference = new DirectionInference();
    inference.resolve(call('1', 'BootNotification', { relative: 'in' }));
    assert.equal(inference.perspective, 'csms');
    assert.deepEqual(
      run(inference, [call('2', 'DataTransfer', { relative: 'out' }), result('gone', { relative: 'in' })]),
      ['toStation*', 'toCsms*'],
    );
  });

  void test('before any frame settles the perspective a marker decides nothing: a guess, with a warning', () => {
    const inference = new DirectionInference();
    assert.equal(short(inference.resolve(call('1', 'DataTransfer', { relative: 'in' }))), 'toCsms*!');
    // A guess does not teach the perspective.
    assert.equal(inference.perspective, undefined);
  });

  void test('the perspective follows the majority of what the actions said', () => {
    const inference = new DirectionInference();
    inference.resolve(call('1', 'BootNotification', { relative: 'in' }));
    inference.resolve(call('2', 'Heartbeat', { relative: 'out' }));
    assert.equal(inference.perspective, undefined);
    inference.resolve(call('3', 'Heartbeat', { relative: 'out' }));
    assert.equal(inference.perspective, 'station');
  });
});

void describe('VersionGuess', () => {
  function guess(frames: [number, string?][]): string | undefined {
    const versions = new VersionGuess();
    for (const [type, action] of frames) versions.observe(type, action);
    return versions.version;
  }

  void test('an action only 1.6 has decides 1.6; one only 2.1 has, or a type 5/6 message, decides 2.1', () => {
    assert.equal(guess([[2, 'BootNotification'], [3], [2, 'StartTransaction']]), '1.6');
    assert.equal(
      guess([
        [2, 'Heartbeat'],
        [2, 'BatterySwap'],
      ]),
      '2.1',
    );
    assert.equal(
      guess([
        [2, 'Heartbeat'],
        [6, 'NotifyPeriodicEventStream'],
      ]),
      '2.1',
    );
    assert.equal(guess([[5]]), '2.1');
  });

  void test('2.0.1 actions alone, actions every version has, or none: undecided', () => {
    assert.equal(
      guess([
        [2, 'TransactionEvent'],
        [2, 'GetVariables'],
      ]),
      undefined,
    );
    assert.equal(
      guess([
        [2, 'Heartbeat'],
        [2, 'DataTransfer'],
      ]),
      undefined,
    );
    assert.equal(guess([[3], [4]]), undefined);
  });

  void test('actions of two families: no version; vendor actions narrow nothing', () => {
    assert.equal(
      guess([
        [2, 'StartTransaction'],
        [2, 'TransactionEvent'],
      ]),
      undefined,
    );
    assert.equal(
      guess([
        [2, 'StartTransaction'],
        [2, 'TransactionEvent'],
        [2, 'StopTransaction'],
      ]),
      undefined,
    );
    assert.equal(
      guess([
        [2, 'AcmeUnlockLid'],
        [2, 'RemoteStartTransaction'],
      ]),
      '1.6',
    );
  });
});
