// Once per test run: the whole build (scripts/build.ts), so that browser tests see the screens as they are
// now, and tests that start `bin/yuanjiao.js` as an operator would run the compiled program of these sources.
import { buildAll } from '../../scripts/build.ts';

export default async function setup(): Promise<void> {
  await buildAll();
}
