import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_DRAFT,
  portOpenError,
  toConfig,
  type SerialDraft,
} from '../../../../../src/renderer/features/connections/serial-form';

const draft = (patch: Partial<SerialDraft>): SerialDraft => ({ ...DEFAULT_DRAFT, ...patch });

void test('a mock CSMS bridge sends the line settings and nothing of the CSMS side', () => {
  const checked = toConfig(
    draft({ port: ' /dev/ttyUSB0 ', user: 'left', upstreamCaFile: '/ca.pem', insecure: true }),
  );
  assert.deepEqual(checked, {
    config: {
      port: '/dev/ttyUSB0',
      baudRate: 115200,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      delimiter: '\\n',
      protocol: 'ocpp1.6',
      mockCsms: true,
    },
  });
});

void test('a CSMS URL bridge carries its identity, credentials, TLS files and flow control', () => {
  const checked = toConfig(
    draft({
      port: 'COM3',
      baudRate: '250000',
      dataBits: 7,
      parity: 'even',
      stopBits: 2,
      rtscts: true,
      delimiter: '\\r\\n',
      target: 'url',
      upstream: 'wss://csms.example.com/ocpp/',
      stationId: ' CP-7 ',
      protocol: 'ocpp2.0.1',
      name: 'Bench',
      upstreamCaFile: '/ca.pem',
      clientCertFile: '/c.crt',
      clientKeyFile: '/c.key',
      user: 'CP-7',
      password: 'pa:ss',
    }),
  );
  assert.deepEqual(checked, {
    config: {
      port: 'COM3',
      baudRate: 250000,
      dataBits: 7,
      parity: 'even',
      stopBits: 2,
      rtscts: true,
      delimiter: '\\r\\n',
      protocol: 'ocpp2.0.1',
      stationId: 'CP-7',
      name: 'Bench',
      upstream: 'wss://csms.example.com/ocpp/',
      upstreamCaFile: '/ca.pem',
      clientCertFile: '/c.crt',
      clientKeyFile: '/c.key',
      auth: 'CP-7:pa:ss',
    },
  });
});

void test('what the form catches before main is asked', () => {
  const error = (patch: Partial<SerialDraft>) => {
    const checked = toConfig(draft({ port: '/dev/ttyUSB0', ...patch }));
    return 'error' in checked ? checked.error : undefined;
  };
  assert.match(error({ port: '  ' }) ?? '', /serial port/);
  assert.match(error({ baudRate: '115k' }) ?? '', /whole number.*115k/);
  assert.match(error({ baudRate: '' }) ?? '', /whole number/);
  assert.match(error({ delimiter: '\\q' }) ?? '', /^Delimiter: .*unknown escape \\q/);
  assert.match(error({ delimiter: '' }) ?? '', /must not be empty/);
  assert.match(error({ target: 'url', upstream: ' ' }) ?? '', /CSMS URL/);
  const url = { target: 'url', upstream: 'ws://h/' } as const;
  assert.match(error({ ...url, clientCertFile: '/c.crt' }) ?? '', /both its certificate and its key/);
  assert.match(error({ ...url, password: 'x' }) ?? '', /user name/);
  assert.match(error({ ...url, user: 'a:b' }) ?? '', /colon/);
  assert.equal(error({ ...url, user: 'CP' }), undefined);
});

void test("main's refusal to open the port is told apart from its other errors", () => {
  assert.equal(
    portOpenError('cannot open the serial port: /dev/ttyUSB0 is in use by another program'),
    '/dev/ttyUSB0 is in use by another program',
  );
  assert.equal(portOpenError('the baud rate must be a whole number'), undefined);
});
