import { useApp, dismissNotice } from './state/store';
import { SessionsSidebar } from './features/sessions/SessionsSidebar';
import { Timeline } from './features/timeline/Timeline';
import { SessionBar } from './features/timeline/SessionBar';
import { FilterBar } from './features/filter/FilterBar';
import { SequenceView } from './features/sequence/SequenceView';
import { Inspector } from './features/inspector/Inspector';
import { CaptureDrop, OpenCaptureButton } from './features/capture-import/CaptureDrop';
import { ImportProgress } from './features/capture-import/ImportProgress';
import { FindingsPanel } from './features/findings/FindingsPanel';
import { ProxyTopbar } from './features/proxy/ProxyTopbar';
import { StartProxyDialog } from './features/proxy/StartProxyDialog';
import { CsmsTopbar } from './features/csms/CsmsTopbar';
import { StartCsmsDialog } from './features/csms/StartCsmsDialog';
import { SerialTopbar } from './features/connections/SerialTopbar';
import { StartSerialDialog } from './features/connections/StartSerialDialog';

export function App() {
  const fatal = useApp((s) => s.fatal);
  const notice = useApp((s) => s.notice);
  const info = useApp((s) => s.info);
  const centerView = useApp((s) => s.centerView);
  if (fatal) {
    return (
      <div className="fatal" role="alert">
        <h1>OCPP Scope cannot start</h1>
        <p>{fatal}</p>
      </div>
    );
  }
  return (
    <CaptureDrop>
      <div className="app">
        <header className="topbar">
          <span className="brand">OCPP Scope</span>
          <OpenCaptureButton />
          <ProxyTopbar />
          <CsmsTopbar />
          <SerialTopbar />
          <span className="spacer" />
          {info && (
            <span className="muted" title={`data dir: ${info.dataDir}`}>
              {info.mode} · v{info.version}
            </span>
          )}
        </header>
        <ImportProgress />
        {notice && (
          <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
            <span>{notice.text}</span>
            <button type="button" onClick={dismissNotice} aria-label="Dismiss">
              ×
            </button>
          </div>
        )}
        <main className="panes">
          <SessionsSidebar />
          <div className="center">
            <SessionBar />
            <FilterBar />
            {centerView === 'sequence' ? <SequenceView /> : <Timeline />}
            <FindingsPanel />
          </div>
          <Inspector />
        </main>
        <StartProxyDialog />
        <StartCsmsDialog />
        <StartSerialDialog />
      </div>
    </CaptureDrop>
  );
}
