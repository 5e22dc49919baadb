// The county server's `yuanjiao-county` as the hub package installs it (build/app/yuanjiao-county.js): the
// hub's commands at the top level — `yuanjiao-county start` is `yuanjiao county start` of a checkout.
import { quietly, run, staleBuildGuard, stdio } from './program.ts';
import { countyCommand } from './commands/county.ts';
import { appVersion } from '../common/app-paths.ts';

const beforeAction = staleBuildGuard();
const county = countyCommand(stdio)
  .name('yuanjiao-county')
  .description('远教县级管理平台 / Yuanjiao county hub')
  .version(appVersion())
  .showHelpAfterError('（用 --help 查看用法 / see --help）')
  .hook('preAction', beforeAction);
// No top-level await: the build runs this as CommonJS (scripts/build.ts). run() never rejects.
void run(quietly(county, stdio), process.argv, stdio).then((code) => (process.exitCode = code));
