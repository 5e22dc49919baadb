// Entry point of the kiosk web UI.
import { render } from 'preact';
import './styles/app.css';
import './components/components.css';
// The styles of the screens that load on demand (lazy-screen.tsx), here from the start: esbuild gathers a lazily
// loaded chunk's CSS into a file of its own that nothing would load.
import 'video.js/dist/video-js.css';
import './screens/player/player.css';
// Check-in is a screen of its own and the player's late check-in over the video: its styles load with the entry.
import './screens/checkin/checkin.css';
import './screens/satisfaction/satisfaction.css';
import './screens/admin/admin.css';
import './screens/admin/library/library.css';
import './screens/admin/records/records-exports.css';
import './screens/admin/device/health.css';
// Last: the high-contrast theme overrides the screens' colours.
import './styles/high-contrast.css';
import { App } from './app.tsx';
import { station } from './station-store.ts';
import { installRemoteNavigation } from './focus/remote-keys.ts';
import { goBack } from './navigation.ts';
import './kiosk-heartbeat.ts';
import { fitToScreen } from './screen-fit.ts';

fitToScreen();
const root = document.getElementById('app')!;
station.start();
installRemoteNavigation(goBack);
render(<App />, root);
