// `npm run build` (and npm install's prepare step): bundle the kiosk web UI.
import { buildKioskUi } from '../kiosk/build.ts';

await buildKioskUi();
process.stdout.write('kiosk UI built → kiosk/ui/dist\n');
