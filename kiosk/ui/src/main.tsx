// Entry point of the kiosk web UI.
import { render } from 'preact';
import './styles/app.css';
import { App } from './app.tsx';
import { PrintNotice } from './screens/print-notice.tsx';
import { station } from './station-store.ts';
import { installRemoteNavigation } from './focus/remote-keys.ts';
import { goBack } from './navigation.ts';
import './kiosk-heartbeat.ts';

const root = document.getElementById('app')!;
const print = new URLSearchParams(location.search).get('print');
station.start();
if (print === 'week' || print === 'month') {
  render(<PrintNotice range={print} />, root);
} else {
  installRemoteNavigation(goBack);
  render(<App />, root);
}
