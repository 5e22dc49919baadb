// Entry point of the kiosk web UI.
import { render } from 'preact';
import './styles/app.css';
import { App } from './app.tsx';
import { station } from './station-store.ts';
import { installRemoteNavigation } from './focus/remote-keys.ts';
import { goBack } from './navigation.ts';
import './kiosk-heartbeat.ts';

const root = document.getElementById('app')!;
station.start();
installRemoteNavigation(goBack);
render(<App />, root);
