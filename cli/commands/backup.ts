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
import { ManifestError } from '../../common/backup-manifest.ts';
import { afterStationRestore, backupStationFolder, isStationBackupFolder, restoreStationFolder } from '../../agent/backup/station-backup.ts';
import { describeStation, STATION_RECORD_TABLES } from '../../agent/backup/station-snapshot.ts';

const HELP = `
两种备份 / two kinds of backup (README.md, "Backup, restore and move"):
  yuanjiao backup [--to FILE]          数据库一个文件（定时备份用）/ the database as one file (for a timer)
  yuanjiao backup --to 文件夹/FOLDER    换终端用：在该文件夹（如U盘）中建 yuanjiao-station-<编号>-<日期>/，含数据库（站点身份、
                                       密钥和设置都在其中）、活动照片和带 sha256 的清单 / for a replaced terminal: a folder with the
                                       database (identity, key and settings are in it), the activity photos and a manifest
  yuanjiao restore --from 备份文件夹/FOLDER [--replace]   在新终端上恢复并核对数字 / onto the new terminal, figures checked
  yuanjiao restore FILE [--replace]                       数据库文件 / a database file`;

const NOT_INCLUDED = '课件视频文件（library/ 文件夹）不在备份中，请另行保存或恢复后重新导入 / courseware files (the library/ folder) are not in the backup: keep them separately or import them again';

export function backupCommand(io: Output): Command {
  return new Command('backup')
    .description('备份站点数据库（代理运行时也可）/ back up the station database (also while the agent runs)')
    .option('--to <file|dir>', '备份文件，或已有的文件夹（如U盘：完整的站点备份，换终端用）；默认为数据目录下 backups/ 中带日期的文件 / a file, or an existing folder (a USB stick: the whole station, for a replaced terminal); default: a dated file in <data>/backups/')
    .option('--force', '覆盖已有文件 / replace an existing file')
    .option('--keep <n>', '只保留最新的 N 个带日期的备份（定时备份用）/ keep only the newest N dated backups (for a timer)')
    .option('--data <dir>', '数据目录 / data directory')
    .addHelpText('after', HELP)
    .action(async (o: { to?: string; force?: boolean; keep?: string; data?: string }) => {
      const keep = o.keep === undefined ? undefined : parseId(o.keep, '保留个数 / --keep ');
      const dataDir = resolveDataDir(o.data);
      // A mistyped --data would otherwise create an empty station and back that up.
      if (!fs.existsSync(path.join(dataDir, DATABASE_FILE))) throw new CliError(`数据目录 ${dataDir} 中没有站点数据库 / no station database in ${dataDir}`);
      if (o.to !== undefined && isDirectory(o.to)) {
        if (keep !== undefined) throw new CliError('--keep 只用于数据库文件备份 / --keep is for database-file backups only', 2);
        try {
          const done = await backupStationFolder(dataDir, o.to);
          io.out(`已备份站点 / station backed up: ${done.folder}`);
          io.out(`  ${done.manifest.files.length} 个文件，清单 / files, manifest: manifest.json（sha256）；数据库版本 / schema ${done.manifest.schemaVersion}`);
          io.out('  含站点身份、与平台通信的密钥和设置（都在数据库中）/ holds the station\'s identity, its key for the hub and its settings (all in the database)');
          for (const line of describeStation(done.snapshot)) io.out(line);
          io.out(`  恢复 / restore: 在新终端上运行 yuanjiao restore --from ${done.folder} / on the new terminal`);
          io.out('  备份含密钥：请妥善保管U盘 / the backup holds the station\'s key: keep the stick safe');
          io.out(`  ${NOT_INCLUDED}`);
        } catch (err) {
          if (err instanceof BackupError || err instanceof ManifestError) throw new CliError(err.message);
          throw err;
        }
        return;
      }
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
    .description('用备份恢复站点（须先停止代理；目标须无记录，或加 --replace）/ restore the station from a backup (stop the agent first; onto a station without records, or with --replace)')
    .argument('[file]', '备份文件或备份文件夹（同 --from）/ backup file or folder (as --from)')
    .option('--from <path>', '备份文件夹（yuanjiao backup --to 文件夹 所建）或备份文件 / the backup folder (made by backup --to FOLDER) or file')
    .option('--replace', '替换已有记录的站点（原数据库改名保留）/ replace a station that holds records (its database is kept aside)')
    .option('--data <dir>', '数据目录 / data directory')
    .addHelpText('after', HELP)
    .action(async (file: string | undefined, o: { from?: string; replace?: boolean; data?: string }) => {
      const from = o.from ?? file;
      if (from === undefined) throw new CliError('请用 --from 指定备份文件夹或文件 / give the backup folder or file with --from', 2);
      const dataDir = resolveDataDir(o.data);
      const replace = o.replace === true;
      try {
        if (isDirectory(from)) {
          if (!isStationBackupFolder(from)) throw new CliError(`${path.resolve(from)} 中没有 manifest.json，不是站点备份文件夹；未做任何改动 / no manifest.json in ${path.resolve(from)}: not a station backup folder; nothing was changed`);
          const done = await restoreStationFolder(dataDir, from, { replace });
          io.out(`已恢复站点 / station restored: ${dataDir}（来自 / from ${path.resolve(from)}，${done.manifest.files.length} 个文件的 sha256 均已核对 / every file's sha256 checked）`);
          if (done.keptAside) io.out(`  原数据库已改名保留 / the database that was there is kept as: ${done.keptAside}`);
          io.out(
            done.figuresCompared
              ? '  各表行数、每月报表数字、名册和待上报位置与备份清单一致 / every table\'s rows, every month\'s report, the roster and the outbox position match the manifest'
              : '  各表行数与备份清单一致（清单来自另一版本，报表数字未比较）/ every table\'s rows match the manifest (another version made it: figures not compared)',
          );
          for (const line of describeStation(done.found)) io.out(line);
          if (done.photos > 0) io.out(`  活动照片 / activity photos: ${done.photos}`);
          if (done.idFloor) io.out(idFloorLine(done.idFloor));
          io.out('  站点身份和密钥已恢复：启动代理后即以原站点身份上报；备份之后才有的记录不在其中 / identity and key restored: the agent reports as the same station once started; records made after the backup are not in it');
          io.out(`  ${NOT_INCLUDED}`);
          return;
        }
        const done = restoreDatabase(dataDir, from, STATION_KIND, new Date(), { replace, recordTables: STATION_RECORD_TABLES });
        io.out(`已恢复 / restored: ${done.restored}（来自 / from ${path.resolve(from)}，${formatBytes(done.bytes)}，数据库版本 ${done.schemaVersion}）`);
        if (done.keptAside) io.out(`  原数据库已改名保留 / the database that was there is kept as: ${done.keptAside}`);
        const db = openStationDatabase(dataDir);
        try {
          const floor = afterStationRestore(db);
          if (floor) io.out(idFloorLine(floor));
        } finally {
          db.close();
        }
        io.out(`  ${NOT_INCLUDED}`);
        io.out('  备份之后才有的记录不在其中 / records made after the backup are not in it');
      } catch (err) {
        if (err instanceof BackupError || err instanceof ManifestError) throw new CliError(err.message);
        throw err;
      }
    });
}

function idFloorLine(floor: Record<string, number>): string {
  return `  新记录的编号从 / new records are numbered from: 集中收看 sessions ${floor['sessions']}，台帐 ledger ${floor['mobile_ledger']}，活动 activities ${floor['activities']}，场所 room uses ${floor['room_uses']}（避开旧终端备份后可能已上报的编号 / past any the old terminal may have reported after the backup）`;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
