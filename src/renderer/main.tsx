import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { init, useApp } from './state/store';
import { connect } from './transport/connect';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    <App />
  </StrictMode>,
);

connect().then(init, (error: unknown) =>
  useApp.setState({ fatal: error instanceof Error ? error.message : String(error) }),
);
