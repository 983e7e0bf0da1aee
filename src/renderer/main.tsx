import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initCsms } from './state/csms';
import { initProxies } from './state/proxy';
import { initSerial } from './state/serial';
import { useApp } from './state/store';
import { init } from './state/sessions';
import { connect } from './transport/connect';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    <App />
  </StrictMode>,
);

connect().then(
  (rpc) => {
    init(rpc);
    initProxies(rpc);
    initCsms(rpc);
    initSerial(rpc);
  },
  (error: unknown) => useApp.setState({ fatal: error instanceof Error ? error.message : String(error) }),
);
