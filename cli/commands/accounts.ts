// `yuanjiao admin accounts`: the station's accounts from the terminal — list, add (with a PIN typed there or
// piped in, refused when weak or the default, as on the screen), remove (deactivate: the records keep the
// names; never the last active administrator). The station log names the actor `cli` (命令行): whoever is
// logged in on the terminal (root, or the agent's own user the wrapper switches to) is not a person of the
// station, and the log shows the command line as the source, as for programs and roster imports made here.
import { createInterface } from 'node:readline';
import { Command, Option } from 'commander';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { CliError } from '../cli-error.ts';
import { stationRefusalText } from '../station-refusal-texts.ts';
import { renderTable } from '../table.ts';
import { AccountError, AccountStore } from '../../agent/admin/account-store.ts';
import { addAccountWithPin, editAccount } from '../../agent/admin/account-admin.ts';
import { AdminAuth } from '../../agent/admin/admin-auth.ts';
import { ROLES, ROLE_LABELS, type Role } from '../../agent/admin/roles.pure.ts';

const ACTOR = 'cli';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    process.stderr.write(question);
    // Echo nothing of the PIN; the question is already written.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

export interface PinSource {
  stdin: () => Promise<string>;
  prompt: (question: string) => Promise<string>;
  interactive: () => boolean;
}

const terminal: PinSource = { stdin: readStdin, prompt: askHidden, interactive: () => process.stdin.isTTY === true };

async function readPin(o: { pinStdin?: boolean }, source: PinSource): Promise<string> {
  if (o.pinStdin) return (await source.stdin()).trim();
  if (!source.interactive()) throw new CliError('请在终端上输入 PIN，或用 --pin-stdin 从标准输入读入 / type the PIN on a terminal, or pipe it in with --pin-stdin', 2);
  const pin = (await source.prompt('新账户的 PIN（6–8 位数字）/ PIN (6–8 digits): ')).trim();
  const again = (await source.prompt('再输入一次 / again: ')).trim();
  if (pin !== again) throw new CliError('两次输入的 PIN 不一致，未做任何改动 / the two PINs differ; nothing was changed', 2);
  return pin;
}

function asCliError(err: unknown): unknown {
  return err instanceof AccountError ? new CliError(stationRefusalText(err), err.code === 'weak_pin' ? 2 : 1) : err;
}

export function accountsCommand(io: Output, source: PinSource = terminal): Command {
  const accounts = new Command('accounts').description('账户（管理员、操作员、辅导员）/ the station\'s accounts');

  accounts
    .command('list')
    .description('列出账户 / list the accounts')
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { json?: boolean; data?: string }) => {
      await withDatabase(o.data, (db) => {
        new AdminAuth(db).ensureInitialized(Date.now());
        const list = new AccountStore(db).list();
        if (o.json) return io.out(JSON.stringify(list.map(({ id, name, role, active, mustChange }) => ({ id, name, role, active, mustChange })), null, 2));
        io.out(
          renderTable(
            ['编号', '姓名', '角色', '状态', 'PIN'],
            list.map((a) => [String(a.id), a.name, ROLE_LABELS[a.role].zh, a.active ? '启用' : '停用', a.mustChange ? '首次登录须修改' : '已设置']),
          ),
        );
      });
    });

  accounts
    .command('add')
    .description('新增账户；PIN 在终端上输入或用 --pin-stdin 读入 / add an account; the PIN is typed or piped in with --pin-stdin')
    .requiredOption('--name <name>', '姓名 / the person\'s name')
    .addOption(new Option('--role <role>', '角色 / role').choices([...ROLES]).makeOptionMandatory())
    .option('--pin-stdin', '从标准输入读 PIN / read the PIN from stdin')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { name: string; role: Role; pinStdin?: boolean; data?: string }) => {
      const name = o.name.trim();
      if (name === '' || [...name].length > 20) throw new CliError('姓名须为 1–20 个字 / the name must be 1–20 characters', 2);
      const pin = await readPin(o, source);
      await withDatabase(o.data, (db) => {
        new AdminAuth(db).ensureInitialized(Date.now());
        try {
          const added = addAccountWithPin(db, { name, role: o.role }, pin, ACTOR, Date.now());
          io.out(`已新增账户 / added: ${added.name}（${ROLE_LABELS[added.role].zh} / ${ROLE_LABELS[added.role].en}），编号 ${added.id}`);
        } catch (err) {
          throw asCliError(err);
        }
      });
    });

  accounts
    .command('remove')
    .description('停用账户（记录中保留其姓名；最后一个管理员不能停用）/ deactivate an account (records keep the name; never the last administrator)')
    .argument('<name>', '账户姓名 / the account\'s name')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (name: string, o: { data?: string }) => {
      await withDatabase(o.data, (db) => {
        new AdminAuth(db).ensureInitialized(Date.now());
        const account = new AccountStore(db).byName(name.trim());
        if (!account) throw new CliError(`没有名为“${name}”的账户（见 yuanjiao admin accounts list）/ no account named ${name}`, 1);
        if (!account.active) return io.out(`账户“${account.name}”已是停用状态，未做改动 / ${account.name} is already inactive; nothing changed`);
        try {
          editAccount(db, account.id, { active: false }, ACTOR, Date.now());
        } catch (err) {
          throw asCliError(err);
        }
        io.out(`已停用账户 / deactivated: ${account.name}`);
      });
    });
  return accounts;
}
