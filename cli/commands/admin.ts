// `yuanjiao admin`: the terminal's own way into a station whose admin PIN is forgotten, and its accounts.
import { Command } from 'commander';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { AdminAuth, AdminAuthError } from '../../agent/admin/admin-auth.ts';
import { CliError } from '../cli-error.ts';
import { stationRefusalText } from '../station-refusal-texts.ts';
import { accountsCommand } from './accounts.ts';

export function adminCommand(io: Output): Command {
  const admin = new Command('admin').description('站点管理 PIN 与账户 / the admin PIN and accounts');
  admin.addCommand(accountsCommand(io));
  admin
    .command('reset-pin')
    .description('忘记管理 PIN 时重置为一次性 PIN（须有数据目录的写权限，如 root）/ reset a forgotten admin PIN to a one-time PIN (needs write access to the data, e.g. root)')
    .option('--data <dir>', '数据目录 / data directory')
    .option('--account <name>', '账户名，默认为站点管理员 / the account, by default the station\'s administrator')
    .action(async (o: { data?: string; account?: string }) => {
      await withDatabase(o.data, (db) => {
        const auth = new AdminAuth(db);
        auth.ensureInitialized(Date.now());
        let reset: ReturnType<AdminAuth['resetPin']>;
        try {
          reset = auth.resetPin(Date.now(), o.account);
        } catch (err) {
          if (err instanceof AdminAuthError) throw new CliError(stationRefusalText(err), 2);
          throw err;
        }
        const { pin, account } = reset;
        io.out(`账户 / account:  ${account.name}`);
        io.out(`一次性管理 PIN / one-time admin PIN:  ${pin}`);
        io.out('在屏幕上用它进入“管理”，随即设置新的 PIN；此次重置已记入站点管理日志。');
        io.out('Enter admin on the screen with it and choose a new PIN at once; the reset is in the station log.');
      });
    });
  return admin;
}
