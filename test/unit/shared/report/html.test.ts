import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from '../../../../src/shared/analysis/catalog';
import type {
  ReportData,
  ReportFinding,
  RuleVerdict,
  TimelineLine,
} from '../../../../src/shared/report/report-data';
import { APPENDIX_BLOCK } from '../../../../src/shared/report/html/appendix';
import { esc, escAttr } from '../../../../src/shared/report/html/escape';
import { REPORT_CSP, renderHtml } from '../../../../src/shared/report/html/index';
import { SEQUENCE_LIMIT } from '../../../../src/shared/report/html/sequence';

const T0 = Date.UTC(2025, 10, 21, 7, 42, 15, 445);

/** Text a capture can hold that would break or hijack a page written carelessly. */
const HOSTILE = [
  '</script><script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "'><svg onload=alert(3)>",
  '</textarea></title></style><iframe src="https://evil.example/">',
  '<a href="http://evil.example/x">link</a>',
  '&amp; &lt; raw entity',
  'nul\u0000 bell\u0007 esc\u001b del\u007f',
  'lone \uD800 surrogate',
  '<!-- comment --><![CDATA[x]]>',
].join(' | ');

function frameLine(seq: number, over: Partial<TimelineLine> = {}): TimelineLine {
  const call = seq % 2 === 1;
  return {
    seq,
    ts: T0 + seq * 250,
    stationId: 'CP-1',
    connectionId: 'c1',
    kind: 'frame',
    direction: call ? 'toCsms' : 'toStation',
    messageType: call ? 2 : 3,
    action: 'Heartbeat',
    messageId: `m${Math.ceil(seq / 2)}`,
    text: call
      ? `[2,"m${Math.ceil(seq / 2)}","Heartbeat",{}]`
      : `[3,"m${seq / 2}",{"currentTime":"2025-11-21T07:42:17Z"}]`,
    ...(call ? {} : { latencyMs: 42.5 }),
    ...over,
  };
}

function verdicts(findings: readonly ReportFinding[]): RuleVerdict[] {
  return RULES.map((rule) => {
    const n = findings.filter((f) => f.rule === rule.id).length;
    return {
      rule,
      category: rule.id.split('.')[0] ?? rule.id,
      verdict: n > 0 ? 'failed' : rule.versions.includes('1.6') ? 'passed' : 'not-applicable',
      ...(n === 0 && !rule.versions.includes('1.6') ? { reason: 'no OCPP 2.x connection' } : {}),
      findings: n,
      bySeverity: { error: n, warning: 0, info: 0 },
    };
  });
}

/** A small report, by hand: every section has something to show. */
function sampleReport(entries = 12, over: Partial<ReportData> = {}): ReportData {
  const timeline: TimelineLine[] = [
    {
      seq: 1,
      ts: T0,
      stationId: 'CP-1',
      connectionId: 'c1',
      kind: 'connection',
      text: 'opened /ocpp/CP-1 ocpp1.6',
    },
  ];
  for (let seq = 2; seq <= entries; seq++) timeline.push(frameLine(seq));
  const rule = RULES.find((r) => r.id === 'rpc.answer-without-call') ?? RULES[0]!;
  const findings: ReportFinding[] = [
    {
      rule: rule.id,
      severity: 'error',
      stationId: 'CP-1',
      connectionId: 'c1',
      messageIds: ['m2'],
      seqs: [4],
      message: 'The CSMS answered m2 twice',
      title: rule.title,
      reference: rule.reference,
      evidence: [
        {
          seq: 4,
          ts: T0 + 1000,
          stationId: 'CP-1',
          connectionId: 'c1',
          kind: 'frame',
          direction: 'toStation',
          text: '[3,"m2",{}]',
        },
      ],
    },
  ];
  const last = timeline.at(-1)!.ts;
  return {
    format: 'ocpp-scope-report',
    formatVersion: 1,
    title: 'OCPP test report: sample',
    generatedAt: '2025-11-22T10:00:00.000Z',
    generator: 'ocpp-scope 0.1.0',
    capture: {
      fileName: 'sample.jsonl',
      id: 'sample',
      name: 'sample session',
      createdAt: '2025-11-21T07:42:15.445Z',
    },
    profile: 'strict',
    failOn: 'error',
    passed: false,
    privacy: { redacted: true, anonymized: false, redactions: 2, pseudonyms: 0 },
    summary: {
      stations: [
        {
          stationId: 'CP-1',
          versions: ['1.6'],
          connections: 1,
          frames: entries - 1,
          firstTs: T0,
          lastTs: last,
        },
      ],
      versions: [{ connectionId: 'c1', stationId: 'CP-1', version: '1.6', source: 'subprotocol' }],
      firstTs: T0,
      lastTs: last,
      durationMs: last - T0,
      entries,
      frames: { toCsms: Math.ceil((entries - 1) / 2), toStation: Math.floor((entries - 1) / 2) },
      connectionEvents: 1,
      consoleLines: 0,
      malformed: 0,
      altered: 0,
      sources: ['proxy'],
      actions: [
        {
          action: 'Heartbeat',
          calls: { toCsms: 6, toStation: 0 },
          results: 5,
          errors: 0,
          unanswered: 1,
          latency: { count: 5, p50: 42.5, p95: 42.5, max: 42.5 },
        },
      ],
      findings: { total: 1, bySeverity: { error: 1, warning: 0, info: 0 } },
    },
    verdicts: verdicts(findings),
    findings,
    transactions: [
      {
        transactionId: '1001',
        stationId: 'CP-1',
        connectionId: 'c1',
        connector: '1',
        idTag: 'TAG-1',
        startTs: T0 + 2000,
        stopTs: T0 + 62_000,
        durationMs: 60_000,
        energyWh: 1250,
        stopReason: 'Local',
        seqs: [6, 8],
        problems: [rule.id],
      },
    ],
    charts: {
      rate: {
        bucketMs: 1000,
        buckets: [
          { ts: T0, frames: { toCsms: 2, toStation: 1 } },
          { ts: T0 + 1000, frames: { toCsms: 2, toStation: 2 } },
        ],
      },
      latency: [
        { fromMs: 0, toMs: 50, count: 5 },
        { fromMs: 50, count: 0 },
      ],
    },
    fileProblems: [],
    timeline,
    ...over,
  };
}

/** A report whose every field that comes from the capture holds hostile text. */
function hostileReport(): ReportData {
  const base = sampleReport();
  const timeline: TimelineLine[] = base.timeline!.map((l) => ({
    ...l,
    stationId: HOSTILE,
    action: HOSTILE,
    messageId: HOSTILE,
    text: HOSTILE,
  }));
  timeline.push({
    seq: 13,
    ts: T0 + 4000,
    stationId: HOSTILE,
    connectionId: HOSTILE,
    kind: 'console',
    text: HOSTILE,
  });
  const findings = base.findings.map((f) => ({
    ...f,
    stationId: HOSTILE,
    connectionId: HOSTILE,
    messageIds: [HOSTILE],
    message: HOSTILE,
    evidence: f.evidence.map((e) => ({ ...e, stationId: HOSTILE, text: HOSTILE })),
  }));
  return {
    ...base,
    title: HOSTILE,
    generator: HOSTILE,
    capture: { fileName: HOSTILE, id: HOSTILE, name: HOSTILE, createdAt: HOSTILE, createdBy: HOSTILE },
    summary: {
      ...base.summary,
      stations: [{ ...base.summary.stations[0]!, stationId: HOSTILE, versions: [HOSTILE] }],
      versions: [{ connectionId: HOSTILE, stationId: HOSTILE, source: 'detected', reason: HOSTILE }],
      actions: base.summary.actions.map((a) => ({ ...a, action: HOSTILE })),
    },
    findings,
    transactions: base.transactions.map((t) => ({
      ...t,
      transactionId: HOSTILE,
      stationId: HOSTILE,
      connector: HOSTILE,
      idTag: HOSTILE,
      stopReason: HOSTILE,
      problems: [HOSTILE],
    })),
    fileProblems: [{ line: 3, kind: 'bad-line', message: HOSTILE }],
    timeline,
  };
}

/** Every tag's attributes, read as a browser does (quoted values whole): [name, value][]. */
function attributes(html: string): [string, string][] {
  const found: [string, string][] = [];
  for (const [tag] of html.matchAll(/<[A-Za-z][^\s/>]*[^>]*>/g)) {
    const attribute = /\s+([^\s=>"'/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/y;
    attribute.lastIndex = tag.search(/[\s>]/);
    for (let m = attribute.exec(tag); m !== null; m = attribute.exec(tag)) {
      found.push([m[1]!.toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '']);
    }
  }
  return found;
}

const LOADING = new Set([
  'src',
  'href',
  'xlink:href',
  'srcset',
  'action',
  'formaction',
  'poster',
  'data',
  'background',
]);

/** The values of every attribute that can load or navigate. */
function resourceAttributes(html: string): string[] {
  return attributes(html)
    .filter(([name]) => LOADING.has(name))
    .map(([, value]) => value);
}

function headingLevels(html: string): number[] {
  return [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
}

function section(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}"`);
  assert.ok(start >= 0, `section ${id} is present`);
  const end = html.indexOf('\n</section>', start);
  return html.slice(start, end);
}

void describe('html escaping', () => {
  void test('text escapes what opens markup, attributes escape quotes too', () => {
    assert.equal(esc('</script>'), '&lt;/script&gt;');
    assert.equal(esc('a & b'), 'a &amp; b');
    assert.equal(esc('{"a":"b"}'), '{"a":"b"}');
    assert.equal(escAttr(`"x' <`), '&quot;x&#39; &lt;');
  });

  void test('control characters are shown as control pictures, lone surrogates as U+FFFD', () => {
    assert.equal(esc('a\u0000b\u001bc\u007f'), 'a\u2400b\u241bc\u2421');
    assert.equal(esc('tab\tand\nnewline'), 'tab\tand\nnewline');
    assert.equal(esc('x\uD800y'), 'x\uFFFDy');
    assert.equal(esc('\uDC00'), '\uFFFD');
    assert.equal(esc('\u{1F50C} plug'), '\u{1F50C} plug');
  });
});

void describe('renderHtml', () => {
  void test('hostile capture text never becomes markup', () => {
    const html = renderHtml(hostileReport());
    assert.ok(!/<script/i.test(html), 'no script element');
    assert.ok(
      !/<img|<iframe|<svg onload|<textarea|<!--|<!\[CDATA/i.test(html),
      'no injected element or comment',
    );
    const names = attributes(html).map(([name]) => name);
    assert.ok(names.length > 100);
    assert.deepEqual(
      names.filter((name) => name.startsWith('on')),
      [],
      'no event handler attribute',
    );
    // The only <title> and </style> are the document's own (SVG titles come in pairs of their own).
    assert.equal(html.match(/<\/style>/g)?.length, 1);
    // eslint-disable-next-line no-control-regex
    assert.ok(!/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(html), 'no raw control character');
    assert.ok(
      !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(html),
      'no lone surrogate',
    );
    assert.ok(
      html.includes('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'),
      'the text is shown, escaped',
    );
    assert.ok(html.includes('nul\u2400 bell\u2407'), 'control characters shown');
    // The hostile generator lands in an attribute too: quotes escaped there.
    assert.ok(html.includes('<meta name="generator" content="&lt;/script&gt;&lt;script&gt;'));
    assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'));
  });

  void test('hostile text cannot reach an anchor or id', () => {
    const html = renderHtml(hostileReport());
    for (const value of resourceAttributes(html)) {
      assert.match(value, /^#[A-Za-z0-9._-]+$/, `in-page anchor only: ${value}`);
    }
    for (const m of html.matchAll(/\sid="([^"]*)"/g)) assert.match(m[1]!, /^[A-Za-z0-9._-]+$/);
  });

  void test('a strict Content-Security-Policy is the first thing in the head', () => {
    const html = renderHtml(sampleReport());
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    assert.match(
      head,
      /^<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="([^"]+)">/,
    );
    assert.ok(head.includes(`content="${REPORT_CSP}"`));
    for (const directive of [
      "default-src 'none'",
      "script-src 'none'",
      "img-src 'none'",
      "font-src 'none'",
      "connect-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ]) {
      assert.ok(REPORT_CSP.includes(directive), directive);
    }
  });

  void test('self-contained: no script, no external reference of any kind', () => {
    const html = renderHtml(sampleReport());
    assert.ok(!/https?:\/\//i.test(html), 'no http:// or https:// anywhere');
    assert.ok(!/<script|<link|<img|<iframe|<object|<embed|<base|@import|url\(/i.test(html));
    const resources = resourceAttributes(html);
    assert.ok(resources.length > 0, 'it links within itself');
    for (const value of resources) assert.ok(value.startsWith('#'), `in-page only: ${value}`);
    // Every in-page link lands on an element of the page.
    for (const value of resources) assert.ok(html.includes(` id="${value.slice(1)}"`), `target of ${value}`);
  });

  void test('a URL inside a frame stays text', () => {
    const report = sampleReport();
    report.timeline![1] = frameLine(2, {
      text: '[2,"m1","UpdateFirmware",{"location":"https://fw.example/x.bin"}]',
    });
    const html = renderHtml(report);
    assert.ok(html.includes('"location":"https://fw.example/x.bin"'));
    for (const value of resourceAttributes(html)) assert.ok(value.startsWith('#'));
  });

  void test('every section, in order, with headings that never skip a level', () => {
    const html = renderHtml(sampleReport());
    const ids = ['summary', 'verdicts', 'findings', 'transactions', 'sequence', 'charts', 'appendix'];
    const at = ids.map((id) => html.indexOf(`<section id="${id}"`));
    for (const [i, pos] of at.entries()) assert.ok(pos > 0, `${ids[i]} present`);
    assert.deepEqual(
      [...at].sort((a, b) => a - b),
      at,
      'in order',
    );
    const levels = headingLevels(html);
    assert.equal(levels[0], 1);
    assert.equal(levels.filter((l) => l === 1).length, 1, 'one h1');
    for (let i = 1; i < levels.length; i++)
      assert.ok(levels[i]! <= levels[i - 1]! + 1, `h${levels[i - 1]} then h${levels[i]}`);
  });

  void test('verdicts: one row per rule, with its verdict in words', () => {
    const report = sampleReport();
    const html = section(renderHtml(report), 'verdicts');
    for (const v of report.verdicts) assert.ok(html.includes(`<code>${v.rule.id}</code>`), v.rule.id);
    const failed = report.verdicts.filter((v) => v.verdict === 'failed').length;
    assert.equal(html.match(/\u2717 failed/g)?.length, failed);
    assert.equal(
      html.match(/\u2713 passed/g)?.length,
      report.verdicts.filter((v) => v.verdict === 'passed').length,
    );
    assert.ok(html.includes(`<strong>${failed} failed</strong>`));
  });

  void test('findings show their evidence and link it to the appendix row', () => {
    const html = renderHtml(sampleReport());
    const findings = section(html, 'findings');
    assert.ok(findings.includes('The CSMS answered m2 twice'));
    assert.ok(findings.includes('<pre class="frame">[3,"m2",{}]</pre>'));
    assert.ok(findings.includes('<a href="#e4">seq 4</a>'));
    assert.ok(html.includes('<tr id="e4"'), 'the linked row has its anchor');
    assert.ok(!html.includes('<tr id="e5"'), 'rows nothing links to carry no id');
  });

  void test('transactions: a row per transaction with energy, duration and problems', () => {
    const html = section(renderHtml(sampleReport()), 'transactions');
    assert.equal(html.match(/<tr class="failed"><th scope="row">/g)?.length, 1);
    assert.ok(html.includes('<code>1001</code>'));
    assert.ok(html.includes('1.250 kWh'));
    assert.ok(html.includes('1 min 00 s'));
    assert.ok(html.includes('href="#rule-rpc.answer-without-call"'));
  });

  void test('charts are titled SVGs whose numbers are also in text', () => {
    const html = section(renderHtml(sampleReport()), 'charts');
    assert.equal(html.match(/<svg role="img" aria-labelledby="/g)?.length, 2);
    assert.ok(html.includes('<title id="rate-t">'));
    assert.ok(html.includes('<title id="lat-t">'));
    assert.ok(html.includes('7 frames in 2 buckets of 1 s'));
    assert.ok(html.includes('<td>0\u201350 ms</td><td class="n">5</td><td class="n">100.0 %</td>'));
  });

  void test('charts and diagram say so when there is nothing to draw', () => {
    const report = sampleReport(12, {
      charts: { rate: { bucketMs: 1000, buckets: [] }, latency: [] },
      timeline: undefined,
    });
    const html = renderHtml(report);
    assert.ok(section(html, 'charts').includes('No frames, so no rate to chart.'));
    assert.ok(section(html, 'charts').includes('No answers were timed'));
    assert.ok(section(html, 'sequence').includes('The timeline was left out of this report'));
    assert.ok(section(html, 'appendix').includes('The timeline was left out of this report.'));
    assert.ok(!html.includes('<svg'));
    assert.ok(!html.includes('href="#e'), 'no link to an appendix row that is not there');
  });

  void test('the appendix holds every entry; the diagram the first ones, and says so', () => {
    const entries = 5000;
    const html = renderHtml(sampleReport(entries));
    const appendix = section(html, 'appendix');
    assert.equal(appendix.match(/\n<tr[ >]/g)?.length, entries);
    // In blocks a browser can skip laying out while they are off screen, each a table with its headers.
    assert.equal(
      appendix.match(/<div class="blk"><table class="tl">/g)?.length,
      Math.ceil(entries / APPENDIX_BLOCK),
    );
    assert.equal(appendix.match(/<thead>/g)?.length, Math.ceil(entries / APPENDIX_BLOCK));
    const sequence = section(html, 'sequence');
    assert.ok(
      sequence.includes(
        `The first ${SEQUENCE_LIMIT} of 5,000 entries; the whole timeline is in the <a href="#appendix">appendix</a>.`,
      ),
    );
    assert.equal(sequence.match(/<text class="t"/g)?.length, SEQUENCE_LIMIT);
    // Requests solid, answers dashed (class r) with their latency.
    assert.equal(sequence.match(/<line class="a [cs] r"/g)?.length, SEQUENCE_LIMIT / 2);
    assert.ok(sequence.includes('Heartbeat result \u00b7 43 ms'));
  });

  void test('errors are red in the diagram, log lines are notes', () => {
    const report = sampleReport(6);
    report.timeline![3] = frameLine(4, {
      messageType: 4,
      text: '[4,"m2","InternalError","",{}]',
      severity: 'error',
    });
    report.timeline!.push({
      seq: 7,
      ts: T0 + 3000,
      stationId: 'CP-1',
      connectionId: 'c1',
      kind: 'console',
      text: 'I (123) wifi: connected',
    });
    const sequence = section(renderHtml(report), 'sequence');
    assert.equal(sequence.match(/<g class="x">/g)?.length, 1);
    assert.ok(sequence.includes('Heartbeat CALLERROR'));
    assert.ok(sequence.includes('log: I (123) wifi: connected'));
  });

  void test('privacy: the redaction is stated with its counts, its absence warned about', () => {
    const redacted = renderHtml(
      sampleReport(12, { privacy: { redacted: true, anonymized: true, redactions: 3, pseudonyms: 7 } }),
    );
    assert.ok(redacted.includes('(3 values redacted)'));
    assert.ok(redacted.includes('consistent pseudonyms (7 values)'));
    assert.ok(!redacted.includes('NOT REDACTED'));
    const raw = renderHtml(
      sampleReport(12, { privacy: { redacted: false, anonymized: false, redactions: 0, pseudonyms: 0 } }),
    );
    assert.ok(raw.includes('<p class="privacy warn" role="alert">NOT REDACTED'));
  });

  void test('the header names the capture, its span, the generator and the profile', () => {
    const header = renderHtml(sampleReport());
    assert.ok(header.includes('<h1>OCPP test report: sample</h1>'));
    assert.ok(header.includes('<dd>sample session</dd>'));
    assert.ok(header.includes('2025-11-21 07:42:15.445 UTC \u2013 2025-11-21 07:42:18.445 UTC (3 s)'));
    assert.ok(header.includes('by ocpp-scope 0.1.0'));
    assert.ok(header.includes('strict; failing at error and above'));
    // Written times read like every other time of the report; text that is no time stays as it is.
    assert.ok(header.includes('<dt>Recorded</dt><dd>2025-11-21 07:42:15.445 UTC</dd>'));
    assert.ok(header.includes('<dt>Generated</dt><dd>2025-11-22 10:00:00.000 UTC by ocpp-scope 0.1.0'));
    const odd = sampleReport();
    odd.capture.createdAt = 'yesterday';
    assert.ok(renderHtml(odd).includes('<dt>Recorded</dt><dd>yesterday'));
  });

  void test('the result up front: passed, or failed with the rules and unreadable lines that failed it', () => {
    const failed = renderHtml(
      sampleReport(12, { fileProblems: [{ line: 9, kind: 'cut-line', message: 'the line ends mid-JSON' }] }),
    );
    assert.ok(
      failed.includes(
        '<p class="result fail"><strong>\u2717 FAILED</strong>: <a href="#verdicts">1 rule</a> failed; <a href="#file-problems">1 line</a> of the capture could not be read.</p>',
      ),
    );
    assert.ok(failed.includes('<h3 id="file-problems">'));
    const passed = renderHtml(sampleReport(12, { passed: true }));
    assert.ok(
      passed.includes(
        '<p class="result pass"><strong>\u2713 PASSED</strong>: no rule has findings of severity error or worse.</p>',
      ),
    );
  });

  void test('times carry their date when the capture spans days', () => {
    const report = sampleReport();
    const later = T0 + 2 * 86_400_000;
    report.summary.lastTs = later;
    report.timeline!.push(frameLine(13, { ts: later }));
    const appendix = section(renderHtml(report), 'appendix');
    assert.ok(appendix.includes('<td>2025-11-23 07:42:15.445<td>'));
  });

  void test('the same report renders to the same bytes', () => {
    assert.equal(renderHtml(sampleReport(300)), renderHtml(sampleReport(300)));
  });
});
