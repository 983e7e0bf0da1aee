/** The formats OCPP Scope reads files of and writes sessions as, with their names for people. */

export type ImportFormat = 'scope' | 'oot' | 'pcap' | 'debugkit' | 'lines';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['scope', 'oot', 'pcap', 'debugkit', 'lines'];

export const FORMAT_NAMES: Record<ImportFormat, string> = {
  scope: 'OCPP Scope capture',
  oot: 'Open OCPP Trace',
  pcap: 'pcap/pcapng packet capture',
  debugkit: 'OCPP DebugKit trace',
  lines: 'plain log of OCPP-J frames',
};

/** A session exported as OCPP Scope's own capture, or as Open OCPP Trace v1.1 records. */
export type ExportFormat = 'jsonl' | 'oot';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'oot'];
