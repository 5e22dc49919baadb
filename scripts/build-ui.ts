// `npm run build` (and npm install's prepare step): bundle both web UIs — the kiosk's screen and the
// county dashboard.
import { buildKioskUi } from '../kiosk/build.ts';
import { buildDashboardUi } from '../county/dashboard/build.ts';

await buildKioskUi();
process.stdout.write('kiosk UI built → kiosk/ui/dist\n');
await buildDashboardUi();
process.stdout.write('county dashboard built → county/dashboard/ui/dist\n');
