// `yuanjiao backup` and `yuanjiao restore`: a verified copy of the station's database, made while the agent
// runs, and putting one back once the agent has stopped. Courseware files are not in it (see docs/security/backup.md).
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { Output } from '../program.ts';
import { CliError, parseId } from '../cli-error.ts';
import { resolveDataDir } from '../../agent/data-dir.ts';
import { DATABASE_FILE, STATION_KIND, openStationDatabase } from '../../agent/store/database.ts';
import { BackupError, backupDatabase, backupTarget, pruneBackups, restoreDatabase } from '../../common/database-backup.ts';
import { formatBytes } from '../../common/database-check.ts';

const NOT_INCLUDED = '课件视频文件（library/ 文件夹）不在备份中，请另行保存或恢复后重新导入 / courseware files (the library/ folder) are not in the backup: keep them separately or import them again';

export function backupCommand(io: Output): Command {
  return new Command('backup')
    .description('备份站点数据库（代理运行时也可）/ back up the station database (also while the agent runs)')
    .option('--to <file>', '备份文件或文件夹；默认为数据目录下 backups/ 中带日期的文件 / file or folder; default: a dated file in <data>/backups/')
    .option('--force', '覆盖已有文件 / replace an existing file')
    .option('--keep <n>', '只保留最新的 N 个带日期的备份（定时备份用）/ keep only the newest N dated backups (for a timer)')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { to?: string; force?: boolean; keep?: string; data?: string }) => {
      const keep = o.keep === undefined ? undefined : parseId(o.keep, '保留个数 / --keep ');
      const dataDir = resolveDataDir(o.data);
      // A mistyped --data would otherwise create an empty station and back that up.
      if (!fs.existsSync(path.join(dataDir, DATABASE_FILE))) throw new CliError(`数据目录 ${dataDir} 中没有站点数据库 / no station database in ${dataDir}`);
      const target = backupTarget(dataDir, STATION_KIND.prefix, o.to);
      const db = openStationDatabase(dataDir);
      try {
        const done = await backupDatabase(db, target, STATION_KIND, { force: o.force === true });
        io.out(`已备份 / backed up: ${target}（${formatBytes(done.bytes)}，数据库版本 ${done.schemaVersion}，完整性检查通过 / integrity ok）`);
        io.out(`  恢复 / restore: 停止代理后运行 yuanjiao restore ${target} / stop the agent, then run it`);
        io.out(`  ${NOT_INCLUDED}`);
        if (keep !== undefined) {
          const removed = pruneBackups(target, STATION_KIND.prefix, keep);
          if (removed.length > 0) io.out(`  已删除较旧的备份 / older backups removed: ${removed.map((f) => path.basename(f)).join(', ')}`);
        }
      } catch (err) {
        if (err instanceof BackupError) throw new CliError(err.message);
        throw err;
      } finally {
        db.close();
      }
    });
}

export function restoreCommand(io: Output): Command {
  return new Command('restore')
    .description('用备份恢复站点数据库（须先停止代理）/ restore the station database from a backup (stop the agent first)')
    .argument('<file>', '备份文件 / backup file')
    .option('--data <dir>', '数据目录 / data directory')
    .action((file: string, o: { data?: string }) => {
      const dataDir = resolveDataDir(o.data);
      try {
        const done = restoreDatabase(dataDir, file, STATION_KIND);
        io.out(`已恢复 / restored: ${done.restored}（来自 / from ${path.resolve(file)}，${formatBytes(done.bytes)}，数据库版本 ${done.schemaVersion}）`);
        if (done.keptAside) io.out(`  原数据库已改名保留 / the database that was there is kept as: ${done.keptAside}`);
        io.out('  下次启动代理时按需升级数据库 / the next start migrates it as usual');
        io.out(`  ${NOT_INCLUDED}`);
        io.out('  备份之后才有的记录不在其中 / records made after the backup are not in it');
      } catch (err) {
        if (err instanceof BackupError) throw new CliError(err.message);
        throw err;
      }
    });
}
