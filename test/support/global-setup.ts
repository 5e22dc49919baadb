// Once per test run: bundle the kiosk UI and the county dashboard, so browser tests exercise the code as it is now.
import { buildKioskUi } from '../../kiosk/build.ts';
import { buildDashboardUi } from '../../county/dashboard/build.ts';

export default async function setup(): Promise<void> {
  await Promise.all([buildKioskUi(), buildDashboardUi()]);
}
