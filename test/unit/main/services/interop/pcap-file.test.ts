/**
 * The capture containers and link layers: the same session read from pcap and pcapng in both byte
 * orders, µs and ns, every packet block kind and link type, written in chunks cut anywhere; and
 * the files that are not ours (ImportError) or are damaged (problems with the packet number).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameEntry } from '../../../../../src/shared/capture/entry';
import { ImportError } from '../../../../../src/shared/interop/importer';
import { looksLikePcap, pcapImporter } from '../../../../../src/main/services/interop/pcap/import';
import {
  CSMS,
  MASK,
  STATION,
  closeBoth,
  ethernet,
  importCapture,
  loopback,
  packets,
  pcapFile,
  pcapngFile,
  sll,
  sll2,
  upgraded,
  wsFrame,
  type Imported,
  type Packet,
} from '../../../../support/pcap-writer';

const BOOT = '[2,"1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]';
const BOOT_OK = '[3,"1",{"status":"Accepted","currentTime":"2024-01-01T00:00:00Z","interval":300}]';

function session(client = STATION, server = CSMS) {
  const c = upgraded({ client, server });
  c.send('client', wsFrame(1, BOOT, { mask: MASK }));
  c.send('server', wsFrame(1, BOOT_OK));
  closeBoth(c);
  return c;
}

const run = (bytes: Uint8Array, chunk?: number): Imported => importCapture(pcapImporter, bytes, chunk);
const frames = (i: Imported) =>
  i.entries
    .filter((e): e is FrameEntry & { ts: number } => e.kind === 'frame')
    .map((e) => [e.direction, e.raw]);
const EXPECTED = [
  ['toCsms', BOOT],
  ['toStation', BOOT_OK],
];

void test('pcap and pcapng, both byte orders, µs and ns, every packet block: the same frames, chunks cut anywhere', () => {
  const start = 1_700_000_000_000.125;
  const list = packets(session().datagrams(), ethernet, start);
  const files: [string, Buffer][] = [
    ['pcap LE µs', pcapFile(list, { linkType: 1 })],
    ['pcap BE µs', pcapFile(list, { linkType: 1, littleEndian: false })],
    ['pcap LE ns', pcapFile(list, { linkType: 1, nano: true })],
    ['pcap BE ns', pcapFile(list, { linkType: 1, nano: true, littleEndian: false })],
    ['pcapng LE', pcapngFile(list, { interfaces: [{ linkType: 1 }] })],
    ['pcapng BE', pcapngFile(list, { interfaces: [{ linkType: 1 }], littleEndian: false })],
    ['pcapng ns', pcapngFile(list, { interfaces: [{ linkType: 1, tsresol: 9 }] })],
    ['pcapng obsolete', pcapngFile(list, { interfaces: [{ linkType: 1 }], block: 'obsolete' })],
    ['pcapng simple', pcapngFile(list, { interfaces: [{ linkType: 1 }], block: 'simple' })],
  ];
  for (const [name, file] of files) {
    assert.ok(looksLikePcap(file.subarray(0, 12)), name);
    for (const chunk of [1, 5, 13, 4096, file.length]) {
      const imported = run(file, chunk);
      assert.deepEqual(imported.problems, [], `${name} / ${chunk}`);
      assert.deepEqual(frames(imported), EXPECTED, `${name} / ${chunk}`);
      assert.match(
        imported.result.description,
        new RegExp(`^${name.split(' ')[0]} \\(Ethernet\\): 12 packets`),
      );
    }
    if (name.includes('simple')) continue;
    // The 101 is packet 5: its time, with the fraction the resolution keeps.
    const opened = run(file).entries[0]!;
    assert.ok(Math.abs(opened.ts - (start + 4)) < 0.001, `${name}: ${opened.ts}`);
  }
});

void test('ns stamps keep sub-ms precision; µs ones their µs', () => {
  const start = 1_700_000_000_000 + 0.123456;
  const list = packets(session().datagrams(), ethernet, start);
  const ns = run(pcapFile(list, { linkType: 1, nano: true })).entries[0]!.ts;
  const ng = run(pcapngFile(list, { interfaces: [{ linkType: 1, tsresol: 9 }] })).entries[0]!.ts;
  for (const ts of [ns, ng]) assert.ok(Math.abs(ts - (start + 4)) < 0.0005, String(ts));
  assert.notEqual(Math.floor(ns), ns);
});

void test('link layers: VLAN-tagged Ethernet, Linux cooked v1 and v2, raw IP, BSD and OpenBSD loopback, IPv6', () => {
  const v4 = session().datagrams();
  const v6 = session({ ip: 'fd00::5', port: 51000 }, { ip: 'fd00::1', port: 9000 }).datagrams();
  const cases: [string, number, Buffer[], (ip: Buffer) => Buffer, string][] = [
    ['Ethernet', 1, v4, (ip) => ethernet(ip, [100, 200]), 'Ethernet'],
    ['Ethernet v6', 1, v6, (ip) => ethernet(ip), 'Ethernet'],
    ['SLL', 113, v4, sll, 'Linux cooked'],
    ['SLL v6', 113, v6, sll, 'Linux cooked'],
    ['SLL2', 276, v4, sll2, 'Linux cooked v2'],
    ['raw', 101, v4, (ip) => ip, 'raw IP'],
    ['raw v6', 101, v6, (ip) => ip, 'raw IP'],
    ['raw IPv4', 228, v4, (ip) => ip, 'raw IPv4'],
    ['raw IPv6', 229, v6, (ip) => ip, 'raw IPv6'],
    ['null LE', 0, v4, (ip) => loopback(ip, true), 'BSD loopback'],
    ['null BE v6', 0, v6, (ip) => loopback(ip, false), 'BSD loopback'],
    ['loop', 108, v4, (ip) => loopback(ip, false), 'OpenBSD loopback'],
  ];
  for (const [name, linkType, datagrams, link, label] of cases) {
    const imported = run(pcapFile(packets(datagrams, link), { linkType }), 9);
    assert.deepEqual(imported.problems, [], name);
    assert.deepEqual(frames(imported), EXPECTED, name);
    assert.ok(imported.result.description.startsWith(`pcap (${label}):`), imported.result.description);
  }
  const opened = run(pcapFile(packets(v6, sll), { linkType: 113 })).entries[0]!;
  assert.equal(opened.kind === 'connection' ? opened.remoteAddress : '', '[fd00::5]:51000');
});

void test('pcapng: interfaces of different link types in one file, each read with its own', () => {
  const list: Packet[] = session()
    .datagrams()
    .map((d, i) => ({ ts: 1_700_000_000_000 + i, data: i % 2 === 0 ? ethernet(d) : sll(d), iface: i % 2 }));
  const imported = run(pcapngFile(list, { interfaces: [{ linkType: 1 }, { linkType: 113 }] }), 3);
  assert.deepEqual(imported.problems, []);
  assert.deepEqual(frames(imported), EXPECTED);
  assert.match(imported.result.description, /^pcapng \(Ethernet, Linux cooked\): 12 packets/);
});

void test('magic numbers: pcap (4 kinds) and pcapng in both byte orders; anything else is not', () => {
  for (const head of ['d4c3b2a1', 'a1b2c3d4', '4d3cb2a1', 'a1b23c4d']) {
    assert.ok(looksLikePcap(Buffer.from(head, 'hex')), head);
  }
  assert.ok(looksLikePcap(Buffer.from('0a0d0d0a1c0000004d3c2b1a', 'hex')));
  assert.ok(looksLikePcap(Buffer.from('0a0d0d0a0000001c1a2b3c4d', 'hex')));
  assert.ok(!looksLikePcap(Buffer.from('0a0d0d0a0000001c00000000', 'hex')));
  assert.ok(!looksLikePcap(Buffer.from('{"format":"ocpp-scope-capture"}')));
  assert.ok(!looksLikePcap(new Uint8Array(0)));
});

void test('not a capture, or a link type that cannot be read: ImportError saying what to do', () => {
  assert.throws(
    () => run(Buffer.from('[2,"1","Heartbeat",{}]\n'.repeat(3))),
    (e: unknown) => e instanceof ImportError && /not a pcap or pcapng file.*tcpdump -w/.test(e.message),
  );
  const wifi = pcapFile(packets(session().datagrams()), { linkType: 105 });
  assert.throws(
    () => run(wifi),
    (e: unknown) =>
      e instanceof ImportError && /link type 105 \(IEEE 802\.11.*tcpdump -i any/.test(e.message),
  );
  const ng = pcapngFile(packets(session().datagrams()), { interfaces: [{ linkType: 127 }] });
  assert.throws(
    () => run(ng),
    (e: unknown) => e instanceof ImportError && /radiotap/.test(e.message),
  );
  assert.throws(() => run(Buffer.from('d4c3b2a1', 'hex')), ImportError);
});

void test('a file cut inside its last packet: that packet skipped with its number, every one before read', () => {
  const file = pcapFile(packets(session().datagrams()), { linkType: 1 });
  for (const cut of [3, 30]) {
    const imported = run(file.subarray(0, file.length - cut), 7);
    assert.deepEqual(frames(imported), EXPECTED);
    assert.equal(imported.problems.length, 1);
    assert.deepEqual(
      { ...imported.problems[0], message: '' },
      { kind: 'import-skipped', unit: 'packet', line: 12, message: '' },
    );
    assert.match(imported.problems[0]!.message, /packet 12: the file ends inside a block.*cut/);
  }
  const ng = pcapngFile(packets(session().datagrams()), { interfaces: [{ linkType: 1 }] });
  const cutNg = run(ng.subarray(0, ng.length - 10));
  assert.equal(cutNg.problems[0]?.line, 12);
  assert.deepEqual(frames(cutNg), EXPECTED);
});

void test('a corrupt record or block length: reported at its packet; the packets before it kept', () => {
  const list = packets(session().datagrams());
  const file = pcapFile(list, { linkType: 1 });
  // Packet 7's record header: after the file header and packets 1-6 (16 + length each).
  const at = 24 + list.slice(0, 6).reduce((n, p) => n + 16 + p.data.length, 0);
  file.writeUInt32LE(0x7ffffff0, at + 8);
  const imported = run(file, 64);
  assert.equal(imported.problems.length, 1);
  assert.equal(imported.problems[0]?.line, 7);
  assert.match(imported.problems[0].message, /packet 7 claims 2147483632 bytes.*corrupt/);
  assert.deepEqual(frames(imported), [EXPECTED[0]]);

  const ng = pcapngFile(list, { interfaces: [{ linkType: 1 }] });
  const blockAt = ng.length - (list.at(-1)!.data.length + 32 + ((4 - (list.at(-1)!.data.length % 4)) % 4));
  ng.writeUInt32LE(13, blockAt + 4);
  const broken = run(ng);
  assert.equal(broken.problems[0]?.line, 12);
  assert.match(broken.problems[0].message, /corrupt length \(13\)/);
  assert.deepEqual(frames(broken), EXPECTED);
});

void test('packets too short for their headers are skipped with their number; the others read', () => {
  const list = packets(session().datagrams());
  list.splice(6, 0, { ts: list[5]!.ts, data: ethernet(Buffer.from([0x45, 0, 0, 40, 0, 0])) });
  list.splice(8, 0, { ts: list[7]!.ts, data: Buffer.from([1, 2, 3]) });
  const imported = run(pcapFile(list, { linkType: 1 }));
  assert.deepEqual(frames(imported), EXPECTED);
  assert.deepEqual(
    imported.problems.map((p) => [p.kind, p.line, p.message]),
    [
      ['import-skipped', 7, 'packet 7: too short for its IPv4 header (6 of 20 bytes)'],
      ['import-skipped', 9, 'packet 9: too short for its Ethernet header (3 of 14 bytes)'],
    ],
  );
});

void test('a packet cut by the snapshot length: a warning that says to capture with -s 0', () => {
  const list = packets(session().datagrams());
  const boot = list[5]!;
  list[5] = { ...boot, data: boot.data.subarray(0, boot.data.length - 10), wireLength: boot.data.length };
  const imported = run(pcapFile(list, { linkType: 1, snapLength: 96 }));
  const warning = imported.problems.find((p) => p.line === 6);
  assert.match(warning?.message ?? '', /captured cut to \d+ of its \d+ bytes.*-s 0/);
  assert.match(imported.result.description, /1 packet cut by the snapshot length/);
});
