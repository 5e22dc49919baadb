// Once per test run: bundle the kiosk UI, so browser tests exercise the code as it is now.
import { buildKioskUi } from '../../kiosk/build.ts';

export default async function setup(): Promise<void> {
  await buildKioskUi();
}
