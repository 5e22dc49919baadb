// What `yuanjiao county backup|restore|migrate` print: each step's result in Chinese then English, the figures
// that were proved equal, and what to do next. The work is in hub-backup.ts, hub-restore.ts and hub-migrate.ts.
import path from 'node:path';
import { resolveHubDataDir } from '../data-dir.ts';
import { hubCommand } from '../hub-command.ts';
import { hubKind } from '../store/database.ts';
import { shownTarget } from '../store/postgres/open.ts';
import { pruneBackups } from '../../common/database-backup.ts';
import { formatBytes } from '../../common/database-check.ts';
import { backupPostgresHub, backupSqliteHub, manifestFileOf, PG_DUMP_EXTENSION } from './hub-backup.ts';
import { checkHubBackup, restorePostgresHub, restoreSqliteHub } from './hub-restore.ts';
import { describeSnapshot } from './hub-snapshot.ts';
import { migrateHub } from './hub-migrate.ts';

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

export interface HubBackupOptions {
  data?: string;
  databaseUrl?: string;
  to?: string;
  force?: boolean;
  keep?: number;
}

export async function backupHub(options: HubBackupOptions, io: CliOutput): Promise<void> {
  const dataDir = resolveHubDataDir(options.data);
  const force = options.force === true;
  const done = options.databaseUrl === undefined ? await backupSqliteHub(dataDir, options.to, force) : await backupPostgresHub(options.databaseUrl, dataDir, options.to, force);
  const m = done.manifest;
  const how = m.dialect === 'sqlite' ? 'SQLite 在线备份 / online backup, integrity ok' : 'pg_dump 自定义格式 / custom format';
  io.out(`已备份 / backed up: ${done.file}（${formatBytes(m.files[0]!.bytes)}，数据库版本 ${m.schemaVersion}，${how}）`);
  io.out(`  清单 / manifest: ${manifestFileOf(done.file)}（sha256 ${m.files[0]!.sha256.slice(0, 16)}…）`);
  for (const line of describeSnapshot(m)) io.out(line);
  const db = options.databaseUrl === undefined ? '' : ' --db postgres://…';
  io.out(`  恢复 / restore: 停止平台后运行 ${hubCommand()} restore --from ${done.file}${db} / stop the hub, then run it`);
  if (options.keep !== undefined) {
    const removed = pruneBackups(done.file, hubKind().prefix, options.keep, m.dialect === 'sqlite' ? 'sqlite' : PG_DUMP_EXTENSION);
    if (removed.length > 0) io.out(`  已删除较旧的备份 / older backups removed: ${removed.map((f) => path.basename(f)).join(', ')}`);
  }
}

export interface HubRestoreOptions {
  data?: string;
  databaseUrl?: string;
  from: string;
  replace?: boolean;
}

export async function restoreHub(options: HubRestoreOptions, io: CliOutput): Promise<void> {
  const dataDir = resolveHubDataDir(options.data);
  const backup = await checkHubBackup(options.from);
  const replace = options.replace === true;
  const done = options.databaseUrl === undefined ? await restoreSqliteHub(dataDir, backup, replace) : await restorePostgresHub(options.databaseUrl, dataDir, backup, replace);
  io.out(`已恢复 / restored: ${done.target}（来自 / from ${backup.file}，数据库版本 ${done.schemaVersion}）`);
  if (done.keptAside) io.out(`  原有数据已改名保留 / what was there is kept as: ${done.keptAside}`);
  if (done.manifest === null) {
    io.out('  此备份没有清单（较早的版本所做），只检查了数据库本身 / this backup has no manifest (an older version made it): only the database itself was checked');
  } else {
    io.out(
      done.figuresCompared
        ? '  各表行数和近几个月的概览数字与备份清单一致 / every table\'s row count and the last months\' overview match the manifest'
        : '  各表行数与备份清单一致（清单来自另一版本，概览数字未比较）/ every table\'s row count matches the manifest (made by another version: figures not compared)',
    );
  }
  for (const line of describeSnapshot(done.found)) io.out(line);
  io.out('  备份之后站点上报的记录，请各站点运行 yuanjiao uplink resend --since 备份日期 重新上报 / for what stations reported after the backup, run `yuanjiao uplink resend --since DATE` on each station');
}

export interface HubMigrateOptions {
  from: string;
  to: string;
  under?: string;
  renameStaff?: string[];
}

export async function migrateHubCommand(options: HubMigrateOptions, io: CliOutput): Promise<void> {
  const done = await migrateHub(options);
  io.out(`已搬迁 / moved: ${done.source} → ${shownTarget(options.to)}（${done.stations} 个站点，${done.rows} 行，一个事务 / ${done.stations} stations, ${done.rows} rows, one transaction）`);
  if (options.under !== undefined) {
    io.out(`  搬来的站点、节目、通知和工作人员已归单位 ${options.under}，县的考核政策成为该单位的政策 / the moved stations, programs, notices and staff now belong to the unit ${options.under}, whose policy is now the county's`);
  }
  if (done.staff > 0) io.out(`  ${done.staff} 个工作人员账号已搬来（登录状态未搬），请他们重新登录 / ${done.staff} staff accounts moved without their sessions: they log in again`);
  for (const [from, to] of Object.entries(done.renamed)) io.out(`  用户 ${from} 搬来后名为 ${to} / the user ${from} is now ${to}`);
  if (done.keptSettings.length > 0) io.out(`  省级平台已有的设置保持不变 / settings the province already had are kept: ${done.keptSettings.join(', ')}`);
  const how = options.under === undefined ? '' : `（各表 = 原有 + 搬来；概览为单位 ${options.under} 的 / every table: what it held plus what came; the overview: the unit's）`;
  io.out(`  搬迁前后各表行数和近几个月的概览数字一致${how} / every table's row count and the last months' overview are the same before and after`);
  for (const line of describeSnapshot(done.found)) io.out(line);
  io.out(`  此后请以 ${hubCommand()} start --db ${shownTarget(options.to)} 运行平台；原 SQLite 文件未改动 / from now on run the hub with --db; the SQLite file was not changed`);
}
