// A station backup for a replaced terminal (`yuanjiao backup --to <folder on a USB stick>` and `yuanjiao restore
// --from <that backup's folder>`): the database — which holds the station's identity, its key for the hub and its
// settings — by SQLite's online backup, the activity photos, and manifest.json (each file's sha256, every
// table's row count, every month's report figures, the roster and the outbox's position). Not the courseware:
// the library fills again from the satellite, the county or a stick.
//
// A restore reads the folder as hostile: the manifest is checked, then every file's size and sha256, before
// anything on the terminal changes; it goes onto a fresh data directory (one holding records or enrolled needs
// --replace, and what was there is kept aside); afterwards the same figures are read again and compared.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE, STATION_KIND, openStationDatabase } from '../store/database.ts';
import { photoDir } from '../activities/activity-photos.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { readUplinkConfig } from '../uplink/uplink-settings.ts';
import { setRestoreIdFloor, type ReportedIdTable } from '../store/record-ids.ts';
import { BackupError, backupDatabase, defaultBackupName, restoreDatabase } from '../../common/database-backup.ts';
import { differences, fileEntry, MANIFEST_FORMAT, MANIFEST_FORMAT_VERSION, readManifest, verifyManifestFiles, writeManifest, type BackupManifest } from '../../common/backup-manifest.ts';
import { appVersion } from '../../common/app-paths.ts';
import { stationHoldsRecords, stationSnapshot, STATION_RECORD_TABLES, type StationSnapshot } from './station-snapshot.ts';

export const STATION_MANIFEST = 'manifest.json';
const PHOTOS = 'activity-photos';

export interface StationBackupResult {
  folder: string;
  manifest: BackupManifest;
  snapshot: StationSnapshot;
}

/** Regular files under dir (links and anything else left out), deepest last. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.name.startsWith('.')) continue; // a photo still being written (placeFile's temporary names)
    if (entry.isDirectory()) found.push(...filesUnder(p));
    else if (entry.isFile()) found.push(p);
  }
  return found.sort();
}

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes `<into>/yuanjiao-station-<id>-<date>/`, complete or not at all (built under a temporary name). */
export async function backupStationFolder(dataDir: string, into: string, at: Date = new Date()): Promise<StationBackupResult> {
  if (!fs.existsSync(path.join(dataDir, DATABASE_FILE))) throw new BackupError(`数据目录 ${dataDir} 中没有站点数据库 / no station database in ${dataDir}`);
  try {
    fs.accessSync(into, fs.constants.W_OK);
  } catch {
    // The station's udev rule mounts sticks read-only under /media/yuanjiao/: writing a backup needs it writable.
    throw new BackupError(
      `无法写入 ${into}（U盘在终端上默认只读挂载：请以可写方式挂载，例如 sudo mount -o remount,rw ${into}）/ ` +
        `cannot write to ${into} (the terminal mounts sticks read-only: remount it writable, e.g. sudo mount -o remount,rw ${into})`,
    );
  }
  const db = openStationDatabase(dataDir);
  const stamp = defaultBackupName('x', at).replace(/^x-/, '').replace(/\.sqlite$/, '');
  const folder = path.join(path.resolve(into), `yuanjiao-station-${readStationSettings(db).stationId.replace(/[^\w-]/g, '_')}-${stamp}`);
  const part = `${folder}.part-${process.pid}`;
  let schemaVersion: number;
  try {
    if (fs.existsSync(folder)) throw new BackupError(`${folder} 已存在 / ${folder} exists`);
    fs.rmSync(part, { recursive: true, force: true });
    fs.mkdirSync(part);
    schemaVersion = (await backupDatabase(db, path.join(part, DATABASE_FILE), STATION_KIND)).schemaVersion;
  } catch (err) {
    fs.rmSync(part, { recursive: true, force: true });
    throw err;
  } finally {
    db.close();
  }
  try {
    const photos = filesUnder(photoDir(dataDir));
    for (const file of photos) {
      const to = path.join(part, PHOTOS, path.relative(photoDir(dataDir), file));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(file, to);
      fsyncPath(to);
    }
    const createdAt = at.getTime();
    // Counted from the copy itself: the agent may go on writing while the photos are copied.
    const copy = new Database(path.join(part, DATABASE_FILE), { readonly: true, fileMustExist: true });
    let snapshot: StationSnapshot;
    try {
      snapshot = stationSnapshot(copy, createdAt);
    } finally {
      copy.close();
    }
    const files = [];
    for (const file of filesUnder(part)) files.push(await fileEntry(part, file));
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      formatVersion: MANIFEST_FORMAT_VERSION,
      kind: 'station',
      dialect: 'sqlite',
      programVersion: appVersion(),
      schemaVersion,
      createdAt,
      files,
      counts: snapshot.counts,
      figures: snapshot.figures,
      station: { id: snapshot.figures.station.id, name: snapshot.figures.station.name },
    };
    writeManifest(path.join(part, STATION_MANIFEST), manifest);
    fsyncPath(part);
    fs.renameSync(part, folder);
    fsyncPath(path.dirname(folder));
    return { folder, manifest, snapshot };
  } catch (err) {
    fs.rmSync(part, { recursive: true, force: true });
    throw err;
  }
}

/** Whether `p` is a station backup folder (it holds manifest.json), as `restore --from` tells the two kinds apart. */
export function isStationBackupFolder(p: string): boolean {
  return fs.existsSync(path.join(p, STATION_MANIFEST)) && fs.statSync(p).isDirectory();
}

export interface StationRestoreResult {
  keptAside: string | null;
  manifest: BackupManifest;
  found: StationSnapshot;
  photos: number;
  figuresCompared: boolean;
  /** The first ids new records take, when the station is enrolled (record-ids.ts); null otherwise. */
  idFloor: Record<ReportedIdTable, number> | null;
}

/**
 * After any restore: an enrolled station's next records start past the ids the lost terminal may have reported
 * since the backup (agent/store/record-ids.ts). Events need nothing: their ids are random UUIDs, and what the
 * backup still holds as pending is sent again and stored once by the hub.
 */
export function afterStationRestore(db: Database.Database): Record<ReportedIdTable, number> | null {
  if (readUplinkConfig(db) === null) return null;
  return setRestoreIdFloor(db, Date.now());
}

/** A station backup folder onto `dataDir`: checked whole first, then put in place, then proved. */
export async function restoreStationFolder(dataDir: string, from: string, options: { replace?: boolean } = {}): Promise<StationRestoreResult> {
  const folder = path.resolve(from);
  const manifest = readManifest(path.join(folder, STATION_MANIFEST));
  if (manifest.kind !== 'station') throw new BackupError(`${folder} 是县级平台的备份，不是站点的（平台请用 yuanjiao county restore）；未做任何改动 / ${folder} is the county hub's backup, not a station's; nothing was changed`);
  const unexpected = manifest.files.find((f) => f.path !== DATABASE_FILE && !f.path.startsWith(`${PHOTOS}/`));
  if (unexpected || !manifest.files.some((f) => f.path === DATABASE_FILE)) {
    throw new BackupError(`${folder} 的清单列出的文件不对（${unexpected?.path ?? `缺 ${DATABASE_FILE}`}）；未做任何改动 / the manifest in ${folder} lists the wrong files; nothing was changed`);
  }
  await verifyManifestFiles(folder, manifest);
  // Refused before restoreDatabase takes over: an enrolled terminal is a station of its own even with no records yet.
  const current = path.join(dataDir, DATABASE_FILE);
  if (options.replace !== true && fs.existsSync(current)) {
    let holds = false;
    try {
      // Not read-only: closing it leaves no -wal or -shm behind (common/database-backup.ts, holdsRows).
      const db = new Database(current, { fileMustExist: true });
      try {
        holds = (db.pragma('quick_check(1)', { simple: true }) as string) === 'ok' && stationHoldsRecords(db);
      } finally {
        db.close();
      }
    } catch {
      holds = false; // damaged: kept aside, as a restore always does
    }
    if (holds) {
      throw new BackupError(
        `${dataDir} 中已有站点记录或已加入平台，恢复会替换它们；确认要替换请加 --replace（原数据库会改名保留）。未做任何改动 / ` +
          `${dataDir} already holds a station's records or is enrolled; add --replace to replace it (the database there is kept aside, renamed). Nothing was changed`,
      );
    }
  }
  const done = restoreDatabase(dataDir, path.join(folder, DATABASE_FILE), STATION_KIND, new Date(), { replace: options.replace === true, recordTables: options.replace === true ? undefined : STATION_RECORD_TABLES });
  let photos = 0;
  for (const entry of manifest.files.filter((f) => f.path.startsWith(`${PHOTOS}/`))) {
    const to = path.join(dataDir, ...entry.path.split('/'));
    if (fs.existsSync(to)) continue; // named by their hash: the same photo
    fs.mkdirSync(path.dirname(to), { recursive: true });
    const tmp = path.join(path.dirname(to), `.${path.basename(to)}.restoring-${process.pid}`);
    fs.copyFileSync(path.join(folder, ...entry.path.split('/')), tmp);
    fsyncPath(tmp);
    fs.renameSync(tmp, to);
    photos++;
  }
  const db = openStationDatabase(dataDir);
  try {
    const found = stationSnapshot(db, manifest.createdAt);
    const sameVersion = manifest.programVersion === appVersion() && manifest.schemaVersion === done.schemaVersion;
    const diff = differences(
      { counts: manifest.counts, figures: sameVersion ? manifest.figures : null },
      { counts: found.counts, figures: sameVersion ? found.figures : null },
    );
    if (diff.length > 0) throw new BackupError(`恢复后的数据与备份清单不符 / what was restored differs from the backup's manifest:\n  ${diff.join('\n  ')}`);
    return { keptAside: done.keptAside, manifest, found, photos, figuresCompared: sameVersion, idFloor: afterStationRestore(db) };
  } finally {
    db.close();
  }
}
