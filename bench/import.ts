/**
 * Importing other tools' files: a 100k-frame Open OCPP Trace and a 100k-frame pcap of the same
 * conversation (20 stations on plain ws://, client frames masked as on the wire), each read into a
 * new session, against the floor of opening the same frames as an OCPP Scope capture. Also the
 * export of the capture to Open OCPP Trace.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readCaptureFile } from '../src/main/services/capture/read';
import { CaptureStore } from '../src/main/services/capture/store';
import { exportCapture } from '../src/main/services/interop/export';
import { importFromFile } from '../src/main/services/interop/import-session';
import { parseCaptureSource } from '../src/main/services/report/make-report';
import type { Entry } from '../src/shared/capture/entry';
import {
  Conversation,
  ethernet,
  MASK,
  pcapFile,
  upgradeRequest,
  upgradeResponse,
  wsFrame,
  type Packet,
} from '../test/support/pcap-writer';
import type { Benchmark, BenchContext, Result } from './lib/benchmark';
import { mib, peakRss, sample } from './lib/measure';
import { writeOcpp16Capture } from './lib/ocpp16-capture';

const FRAMES = 100_000;
const STATIONS = 20;
const SEED = 0x1e57;
/** Ethernet's link type in a pcap header. */
const LINKTYPE_ETHERNET = 1;

/**
 * The capture's conversation as tcpdump would record it: a TCP stream per connection with its
 * upgrade, a packet per frame at the frame's time (client frames masked).
 */
function asPcap(entries: readonly Entry[]): Buffer {
  const streams = new Map<string, Conversation>();
  const out: Packet[] = [];
  let port = 40_000;
  const push = (conversation: Conversation, ts: number, from = conversation.segments.length) => {
    for (const datagram of conversation.datagrams(conversation.segments.slice(from)))
      out.push({ ts, data: ethernet(datagram) });
  };
  for (const entry of entries) {
    let conversation = streams.get(entry.connectionId);
    if (entry.kind === 'connection' && entry.event === 'opened') {
      conversation = new Conversation({ ip: '10.1.0.2', port: port++ }, { ip: '10.1.0.1', port: 9000 });
      streams.set(entry.connectionId, conversation);
      conversation.handshake();
      conversation.send(
        'client',
        upgradeRequest(`/ocpp/${entry.stationId}`, {}, [entry.subprotocol ?? 'ocpp1.6']),
      );
      conversation.send('server', upgradeResponse(entry.subprotocol ?? 'ocpp1.6'));
      push(conversation, entry.ts, 0);
    } else if (entry.kind === 'frame' && conversation !== undefined) {
      const from = entry.direction === 'toCsms' ? 'client' : 'server';
      const at = conversation.segments.length;
      conversation.send(from, wsFrame(1, entry.raw, from === 'client' ? { mask: MASK } : {}));
      push(conversation, entry.ts, at);
    }
  }
  return pcapFile(out, { linkType: LINKTYPE_ETHERNET });
}

async function importOnce(path: string, dataDir: string, frames: number): Promise<number> {
  const store = new CaptureStore(dataDir);
  await store.init();
  try {
    const start = performance.now();
    const done = await importFromFile(store, path, { createdBy: 'bench' });
    const ms = performance.now() - start;
    // Not a timing check: an import that lost frames would measure nothing.
    if (done.opened.stats.frames !== frames || done.problemCount > 0)
      throw new Error(
        `${path}: imported ${done.opened.stats.frames}/${frames} frames with ${done.problemCount} problems: ${done.description}`,
      );
    await store.delete(done.opened.info.id);
    return ms;
  } finally {
    await store.dispose();
  }
}

async function run(context: BenchContext): Promise<Result> {
  const capturePath = join(context.dir, 'import-100k.jsonl');
  context.progress(`generating ${FRAMES.toLocaleString('en-US')} frames from ${STATIONS} stations...`);
  const capture = await writeOcpp16Capture(capturePath, {
    frames: FRAMES,
    stations: STATIONS,
    seed: SEED,
    id: 'import-100k',
  });
  const text = await readFile(capturePath, 'utf8');
  const source = parseCaptureSource('import-100k.jsonl', text);

  context.progress('writing the Open OCPP Trace and the pcap of the same frames...');
  const oot = exportCapture('oot', { fileName: 'import-100k.jsonl', content: text });
  const ootPath = join(context.dir, 'import-100k.oot.jsonl');
  await writeFile(ootPath, oot.content);
  const pcap = asPcap(source.entries);
  const pcapPath = join(context.dir, 'import-100k.pcap');
  await writeFile(pcapPath, pcap);

  const dataDir = join(context.dir, 'import-data');
  const options = { runs: context.runs, warmup: context.warmup };
  context.progress('baseline: readCaptureFile of the capture...');
  const baseline = await sample(async () => {
    const start = performance.now();
    await readCaptureFile(capturePath);
    return performance.now() - start;
  }, options);
  context.progress('import: Open OCPP Trace...');
  const ootImport = await sample(() => importOnce(ootPath, dataDir, capture.frames), options);
  context.progress('import: pcap...');
  const pcapImport = await sample(() => importOnce(pcapPath, dataDir, capture.frames), options);
  context.progress('export: Open OCPP Trace...');
  const ootExport = await sample(() => {
    const start = performance.now();
    exportCapture('oot', { fileName: 'import-100k.jsonl', content: text });
    return Promise.resolve(performance.now() - start);
  }, options);

  return {
    facts: [
      {
        label: 'capture',
        value: `${mib(capture.bytes)}: ${capture.frames.toLocaleString('en-US')} frames, ${capture.stations} stations (OCPP 1.6)`,
      },
      {
        label: 'Open OCPP Trace',
        value: `${mib(Buffer.byteLength(oot.content))}, ${oot.records.toLocaleString('en-US')} records`,
      },
      {
        label: 'pcap',
        value: `${mib(pcap.length)}, Ethernet, one TCP stream per connection, client frames masked`,
      },
    ],
    itemsName: 'frames',
    cases: [
      {
        label: 'baseline',
        what: 'the same frames opened as an OCPP Scope capture (readCaptureFile)',
        samples: baseline,
        items: capture.frames,
      },
      {
        label: 'import oot',
        what: 'importFromFile: detect, parse records, new session written and analysed',
        samples: ootImport,
        items: capture.frames,
      },
      {
        label: 'import pcap',
        what: 'importFromFile: packets, TCP, upgrade, WebSocket, new session written and analysed',
        samples: pcapImport,
        items: capture.frames,
      },
      {
        label: 'export oot',
        what: 'exportCapture: the capture text to Open OCPP Trace records',
        samples: ootExport,
        items: capture.frames,
      },
    ],
    after: [{ label: 'peak rss (process so far)', value: mib(peakRss()) }],
  };
}

export const importBench: Benchmark = {
  name: 'import',
  description: `import a ${FRAMES / 1000}k-frame Open OCPP Trace and pcap (${STATIONS} stations)`,
  run,
};
