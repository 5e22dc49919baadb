// `yuanjiao county …`: run the county hub and look after it (staff, stations) from the same command.
//
// The hub's code is loaded only when a county command runs: a station terminal never loads it, and the
// station CLI keeps no static dependency on county/ (docs/architecture.md's boundaries: county → protocol only).
import { Command, Option } from 'commander';
import type { Output } from '../program.ts';
import { CliError, parseId } from '../cli-error.ts';
import { countyExportCommand } from './county-export.ts';
import { countyUnitCommand, stationPlaceCommand } from './county-units.ts';
import { countyNotifyCommand } from './county-notify.ts';
import { DatabaseDamagedError } from '../../common/database-check.ts';
import { SITE_GRADES, type Grade } from '../../protocol/site-grades.pure.ts';
import { SchemaTooNewError } from '../../common/schema-migrations.ts';
import { hubDatabaseRefusalText, hubRefusalText } from '../hub-refusal-texts.ts';

function loadHub() {
  return import('../../county/cli.ts');
}
export type HubCli = Awaited<ReturnType<typeof loadHub>>;

/** The hub's refusals are expected errors: print their message, exit 1 (2 for an export's usage mistake), no stack trace. */
export async function hubAction(fn: (hub: HubCli) => Promise<void> | void): Promise<void> {
  const hub = await loadHub();
  try {
    await fn(hub);
  } catch (err) {
    const exportCode = hub.exportExitCode(err);
    if (exportCode !== null) throw new CliError((err as Error).message, exportCode);
    if (err instanceof DatabaseDamagedError) throw new CliError(err.message, err.exitCode);
    if (err instanceof SchemaTooNewError) throw new CliError(err.message, 1);
    // A HubError is known by its name (the station CLI keeps no static import of county/): its code and values.
    if (err instanceof Error && err.name === 'HubError') throw new CliError(hubRefusalText(err as unknown as Parameters<typeof hubRefusalText>[0]), 1);
    if (err instanceof Error && err.name === 'InstanceLockError') throw new CliError(err.message, 1);
    // Backups, restores and moves refuse in words on the CLI only (never on the wire).
    if (err instanceof Error && BACKUP_REFUSALS.has(err.name)) throw new CliError(err.message, 1);
    if (err instanceof Error && err.name === 'HubDatabaseRefusal') throw new CliError(hubDatabaseRefusalText(err as unknown as Parameters<typeof hubDatabaseRefusalText>[0]), 1);
    throw err;
  }
}

const ROLES = ['county_admin', 'viewer', 'instructor'] as const;

const BACKUP_REFUSALS = new Set(['BackupError', 'ManifestError', 'PgToolError']);

const BACKUP_HELP = `
备份、恢复与搬迁 / backup, restore and move (README.md, "Backup, restore and move"):
  yuanjiao county backup [--to FILE] [--db postgres://…]        SQLite 在线备份或 pg_dump，旁附 FILE.manifest.json
  yuanjiao county restore --from FILE [--db …] [--replace]       核对清单的 sha256 后恢复，再核对各表行数和概览数字
  yuanjiao county migrate --from DATA_DIR --to postgres://…      SQLite → PostgreSQL，一个事务，搬前搬后核对`;

/** The hub's PostgreSQL database, for the commands that read or change its records (as `start --db`). */
const dbOption = () =>
  new Option('--db <url>', '平台记录在 PostgreSQL 时其地址（postgres://用户@主机/数据库）/ the hub\'s PostgreSQL database, when it keeps its records there').env('YUANJIAO_COUNTY_DB');

export function countyCommand(io: Output): Command {
  const county = new Command('county').description('县级管理平台 / the county hub');

  county
    .command('start')
    .description('启动县级管理平台 / run the county hub')
    .option('--data <dir>', '平台数据目录 / hub data directory (env YUANJIAO_COUNTY_DATA)')
    .addOption(new Option('--port <n>', '端口 / port').env('YUANJIAO_COUNTY_PORT').default('8730'))
    .addOption(new Option('--host <address>', '监听地址（默认仅本机；对外请用 HTTPS）/ listen address (loopback by default; serve HTTPS when open to the network)').env('YUANJIAO_COUNTY_HOST').default('127.0.0.1'))
    .addOption(new Option('--tls-cert <file>', 'HTTPS 证书（PEM，本平台证书在前、中间证书在后）/ serve HTTPS with this PEM certificate chain').env('YUANJIAO_COUNTY_TLS_CERT'))
    .addOption(new Option('--tls-key <file>', 'HTTPS 私钥（PEM，无口令）/ the certificate\'s PEM private key').env('YUANJIAO_COUNTY_TLS_KEY'))
    .addOption(
      new Option('--db <url>', '记录存到 PostgreSQL（postgres://用户@主机/数据库），缺省为数据目录里的 SQLite / keep the records in PostgreSQL instead of the SQLite file').env('YUANJIAO_COUNTY_DB'),
    )
    .action(async (o: { data?: string; port: string; host: string; tlsCert?: string; tlsKey?: string; db?: string }) => {
      const port = o.port === '0' ? 0 : parseId(o.port, '端口 / port ');
      await hubAction((hub) => hub.runHub({ data: o.data, port, host: o.host, tlsCert: o.tlsCert, tlsKey: o.tlsKey, databaseUrl: o.db }, io));
    });

  const user = county.command('user').description('管理人员 / staff');
  user
    .command('add')
    .description('添加管理人员；密码从标准输入读取或在终端输入 / add a staff user; the password is read from stdin or prompted')
    .argument('<name>', '用户名 / user name')
    .addOption(new Option('--role <role>', '角色 / role').choices([...ROLES]).makeOptionMandatory())
    .option('--unit <id>', '所属组织单位（只看、只管其下）；缺省为全平台 / the unit whose subtree the user sees and manages (default: the whole hub)')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (name: string, o: { role: (typeof ROLES)[number]; unit?: string; data?: string; db?: string }) => {
      await hubAction(async (hub) => {
        const password = await hub.readPassword();
        await hub.addUser({ data: o.data, databaseUrl: o.db, username: name, role: o.role, password, unitId: o.unit }, io);
      });
    });

  const station = county.command('station').description('站点 / stations');
  station
    .command('add')
    .description('登记站点并给出一次性加入码 / register a station and print its one-time enrollment code')
    .argument('<name>', '站点名称 / station name')
    .addOption(new Option('--grade <grade>', '站点类别 / site grade').choices([...SITE_GRADES]).default('standard'))
    .option('--unit <id>', '所属组织单位 / the unit the station sits under')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (name: string, o: { grade: Grade; unit?: string; data?: string; db?: string }) => {
      await hubAction((hub) => hub.addStation({ data: o.data, databaseUrl: o.db, name, grade: o.grade, unitId: o.unit }, io));
    });
  station.addCommand(stationPlaceCommand(io, hubAction, dbOption));
  station
    .command('code')
    .description('为站点重新生成加入码（换终端时；旧密钥随之作废）/ a new enrollment code for a station (rotates its key)')
    .argument('<id>', '站点编号 / station id')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (id: string, o: { data?: string; db?: string }) => {
      await hubAction((hub) => hub.newStationCode({ data: o.data, databaseUrl: o.db, stationId: id }, io));
    });
  station
    .command('instructor')
    .description('指定站点的党建指导员（原指导员随之卸任，记录保留）/ assign the station\'s instructor (the one before is ended, kept in the history)')
    .argument('<id>', '站点编号 / station id')
    .option('--user <name>', '党建指导员的用户名 / the instructor\'s user name')
    .option('--none', '不再配党建指导员 / no instructor from now')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (id: string, o: { user?: string; none?: boolean; data?: string; db?: string }) => {
      if ((o.user === undefined) === (o.none !== true)) throw new CliError('请给出 --user NAME 或 --none / give --user NAME or --none', 2);
      await hubAction((hub) => hub.assignInstructor({ data: o.data, databaseUrl: o.db, stationId: id, username: o.user ?? null }, io));
    });
  station
    .command('help')
    .description('远程协助：截屏、重启屏幕或收集诊断包 / remote help: a screenshot, a kiosk restart or the diagnostic bundle')
    .argument('<id>', '站点编号 / station id')
    .argument('<kind>', 'screenshot | restart-kiosk | diagnostics')
    .option('--wait <seconds>', '等待站点结果的秒数，完成后保存截图或诊断包 / wait this long for the result, then save the screenshot or bundle')
    .option('--out <file>', '保存到此文件 / save the result to this file')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (id: string, kind: string, o: { wait?: string; out?: string; data?: string; db?: string }) => {
      const wait = o.wait === undefined ? null : Number(o.wait);
      if (wait !== null && !(Number.isInteger(wait) && wait >= 1 && wait <= 3600)) throw new CliError('--wait 须为 1 到 3600 的整数秒 / --wait takes whole seconds from 1 to 3600', 2);
      await hubAction(async (hub) => {
        const protocolKind = hub.remoteHelpCli.CLI_KINDS[kind];
        if (protocolKind === undefined) throw new CliError(`未知的协助类型：${kind}（screenshot、restart-kiosk 或 diagnostics）/ unknown kind`, 2);
        await hub.withHub({ data: o.data, databaseUrl: o.db }, (ctx) => hub.remoteHelpCli.askStation(ctx, { stationId: id, kind: protocolKind, waitSeconds: wait, out: o.out ?? null }, io));
      });
    });
  station
    .command('list')
    .description('列出站点 / list stations')
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (o: { data?: string; json?: boolean; db?: string }) => {
      await hubAction((hub) => hub.listStations({ data: o.data, databaseUrl: o.db, json: o.json === true }, io));
    });

  county
    .command('backup')
    .description('备份平台数据（平台运行时也可）：SQLite 在线备份或 pg_dump，旁附清单 / back up the hub (also while it runs): SQLite online backup or pg_dump, with a manifest beside it')
    .option('--to <file>', '备份文件或文件夹；默认为数据目录下 backups/ 中带日期的文件 / file or folder; default: a dated file in <data>/backups/')
    .option('--force', '覆盖已有文件 / replace an existing file')
    .option('--keep <n>', '只保留最新的 N 个带日期的备份（定时备份用）/ keep only the newest N dated backups (for a timer)')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .addHelpText('after', BACKUP_HELP)
    .action(async (o: { data?: string; to?: string; force?: boolean; keep?: string; db?: string }) => {
      const keep = o.keep === undefined ? undefined : parseId(o.keep, '保留个数 / --keep ');
      await hubAction((hub) => hub.backupHub({ data: o.data, databaseUrl: o.db, to: o.to, force: o.force === true, keep }, io));
    });
  county
    .command('restore')
    .description('用备份恢复平台数据（须先停止平台；目标须为空，或加 --replace）/ restore the hub from a backup (stop the hub first; into an empty target, or with --replace)')
    .argument('[file]', '备份文件（同 --from）/ backup file (as --from)')
    .option('--from <file>', '备份文件 / backup file')
    .option('--replace', '替换已有记录的目标（原有数据改名保留）/ replace a target that holds records (what is there is kept aside)')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .addHelpText('after', BACKUP_HELP)
    .action(async (file: string | undefined, o: { from?: string; replace?: boolean; data?: string; db?: string }) => {
      const from = o.from ?? file;
      if (from === undefined) throw new CliError('请用 --from 指定备份文件 / give the backup file with --from', 2);
      await hubAction((hub) => hub.restoreHub({ data: o.data, databaseUrl: o.db, from, replace: o.replace === true }, io));
    });
  county
    .command('migrate')
    .description('把县级平台的 SQLite 数据搬进 PostgreSQL（一个事务，搬前搬后核对）/ move a hub\'s SQLite records into PostgreSQL (one transaction, checked before and after)')
    .requiredOption('--from <path>', '平台数据目录（须先停止平台）或 SQLite 文件，不会被改动 / the hub data directory (stop the hub first) or a SQLite file, left unchanged')
    .requiredOption('--to <url>', '目标 PostgreSQL（postgres://用户@主机/数据库）；不加 --under 时须无平台记录（省里的组织架构除外）/ the target PostgreSQL database; without --under it must hold no hub records (a province\'s org units aside)')
    .option('--under <unit>', '县并入省级平台，站点、工作人员、节目、通知和考核政策归这个单位（须尚无站点）/ join a province\'s hub: the stations, staff, programs, notices and policy go to this unit (one without stations)')
    .option('--rename-staff <old=new...>', '县里的用户名在省级平台已被占用时，搬来时改名 / give a county account whose name the province already has another name')
    .addHelpText('after', BACKUP_HELP)
    .action(async (o: { from: string; to: string; under?: string; renameStaff?: string[] }) => {
      await hubAction((hub) => hub.migrateHubCommand({ from: o.from, to: o.to, under: o.under, renameStaff: o.renameStaff }, io));
    });

  county.addCommand(countyExportCommand(io, hubAction));
  county.addCommand(countyUnitCommand(io, hubAction, dbOption));
  county.addCommand(countyNotifyCommand(io, hubAction, dbOption));

  // main.ts makes the first two levels throw instead of exiting; the third level is ours to set.
  const deep = (c: Command): void => {
    c.exitOverride();
    c.configureOutput({ writeOut: io.out, writeErr: io.err });
    c.commands.forEach(deep);
  };
  deep(county);
  return county;
}
