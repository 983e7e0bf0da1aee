/**
 * The cells of a console row (a firmware log line from a serial line): no direction, a quiet `log`
 * badge, and the line itself across the action, message id and latency columns, which it has none of.
 */
import type { TimelineRow } from '../../../shared/timeline/row';
import './console-line.css';

export function ConsoleLine({ row }: { row: TimelineRow }) {
  return (
    <>
      <span className="dir dir-none" />
      <span className="type">
        <span className="log-badge" title="Console output of the station (not an OCPP frame)">
          log
        </span>
      </span>
      <span className="console-line" title={row.summary}>
        {row.binary && (
          <span className="console-binary" title="The bytes are not UTF-8: line noise, or a wrong baud rate">
            not UTF-8
          </span>
        )}
        <span className="console-text">{row.summary}</span>
      </span>
    </>
  );
}
