// Photos of a branch activity, imported from a folder (a USB stick's mount), stored as courseware is: copied once
// while hashed (SHA-256), fsynced, renamed to a name that is their hash, and checked again by that hash when
// shown. A file is refused by its content, not its name: only a JPEG or PNG whose first bytes say so and which the
// maintained ffmpeg (in its box, content/ffmpeg-box.ts) decodes into a thumbnail; larger than the cap, refused
// before it is read. Every file's outcome is reported; a refused file changes nothing.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/database.ts';
import { ActivityStore, type ActivityPhoto } from './activity-store.ts';
import { ActivityError } from './activity-error.ts';
import { activityBody, requireActivity } from './activity-register.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { enqueueOutbox } from '../outbox/outbox-store.ts';
import { copyToTemp, placeFile, sha256OfFile } from '../../content/library-files.ts';
import { maintainedFfmpeg, type MaintainedFfmpeg } from '../../content/ffmpeg.ts';
import { boxedCommand, checkLimits } from '../../content/ffmpeg-box.ts';
import type { RefusalParams } from '../../protocol/refusals/refusal.pure.ts';

/** A phone photo is 2–8 MB; a scan of a sign-in sheet a little more. */
export const PHOTO_MAX_BYTES = 20 * 1024 * 1024;
/** Files looked at in one import: a stick's camera folder, not a whole disk. */
export const PHOTO_MAX_FILES = 200;
const THUMB_WIDTH = 320;
const THUMB_TIMEOUT_MS = 30_000;

export type PhotoFormat = 'jpeg' | 'png';

export type PhotoOutcome =
  | { name: string; status: 'imported'; photo: ActivityPhoto }
  | { name: string; status: 'duplicate'; sha256: string }
  | { name: string; status: 'refused'; refusal: { code: 'photo_not_image' | 'photo_too_large'; params: RefusalParams } };

export function photoDir(dataDir: string): string {
  return path.join(dataDir, 'activity-photos');
}

export function photoPath(dataDir: string, photo: Pick<ActivityPhoto, 'sha256' | 'format'>): string {
  return path.join(photoDir(dataDir), `${photo.sha256}.${photo.format === 'jpeg' ? 'jpg' : 'png'}`);
}

export function thumbnailPath(dataDir: string, sha256: string): string {
  return path.join(photoDir(dataDir), 'thumbs', `${sha256}.jpg`);
}

/** The format the first bytes say, or null: JPEG starts FF D8 FF, PNG with its 8-byte signature. */
export function photoFormatOf(head: Buffer): PhotoFormat | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  return null;
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Decodes the photo in the box, through its one image demuxer only, into a small JPEG; false when it does not decode. */
function makeThumbnail(tools: MaintainedFfmpeg, source: string, format: PhotoFormat, target: string): Promise<boolean> {
  const demuxer = format === 'jpeg' ? 'jpeg_pipe' : 'png_pipe';
  const args = [
    '-v', 'error', '-nostdin', '-y',
    '-protocol_whitelist', 'file', '-format_whitelist', demuxer, '-f', demuxer, '-i', `file:${path.resolve(source)}`,
    '-frames:v', '1', '-vf', `scale=${THUMB_WIDTH}:-2`, '-f', 'mjpeg', `file:${path.resolve(target)}`,
  ];
  const [command, ...rest] = boxedCommand(tools, 'ffmpeg', args, checkLimits(30));
  return new Promise((resolve) => {
    execFile(command, rest, { timeout: THUMB_TIMEOUT_MS, killSignal: 'SIGKILL', windowsHide: true }, (err) => resolve(err === null));
  });
}

async function importOne(db: Db, dataDir: string, tools: MaintainedFfmpeg, activityId: number, file: string, actor: string, at: number): Promise<PhotoOutcome> {
  const name = path.basename(file);
  const stat = await fs.promises.stat(file);
  if (stat.size > PHOTO_MAX_BYTES) return { name, status: 'refused', refusal: { code: 'photo_too_large', params: { name, maxMb: PHOTO_MAX_BYTES / 1024 / 1024 } } };
  const format = photoFormatOf(await readHead(file));
  if (format === null) return { name, status: 'refused', refusal: { code: 'photo_not_image', params: { name } } };
  const copy = await copyToTemp(dataDir, file);
  try {
    // The cap again on what was copied: the stick's file may have grown since it was measured.
    if (copy.bytes > PHOTO_MAX_BYTES) return { name, status: 'refused', refusal: { code: 'photo_too_large', params: { name, maxMb: PHOTO_MAX_BYTES / 1024 / 1024 } } };
    if (photoFormatOf(await readHead(copy.tempPath)) !== format) return { name, status: 'refused', refusal: { code: 'photo_not_image', params: { name } } };
    const thumb = thumbnailPath(dataDir, copy.sha256);
    await fs.promises.mkdir(path.dirname(thumb), { recursive: true });
    if (!(await makeThumbnail(tools, copy.tempPath, format, thumb))) {
      await fs.promises.rm(thumb, { force: true });
      return { name, status: 'refused', refusal: { code: 'photo_not_image', params: { name } } };
    }
    await placeFile(copy.tempPath, photoPath(dataDir, { sha256: copy.sha256, format }));
    const photo = new ActivityStore(db).addPhoto({ activityId, sha256: copy.sha256, bytes: copy.bytes, format, originalName: name, importedBy: actor, importedAt: at });
    return photo === undefined ? { name, status: 'duplicate', sha256: copy.sha256 } : { name, status: 'imported', photo };
  } finally {
    await fs.promises.rm(copy.tempPath, { force: true });
  }
}

/** Imports every file of `folder` (not its subfolders) as photos of the activity; one outcome per file. */
export async function importActivityPhotos(db: Db, dataDir: string, activityId: number, folder: string, actor: string, at: number): Promise<PhotoOutcome[]> {
  const activity = requireActivity(db, activityId);
  if (activity.withdrawn !== null) throw new ActivityError('activity_withdrawn', { activityId });
  let names: string[];
  try {
    const entries = await fs.promises.readdir(folder, { withFileTypes: true });
    names = entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name).sort();
  } catch {
    throw new ActivityError('photo_folder_unreadable', { path: folder });
  }
  if (names.length === 0) throw new ActivityError('no_photos', { path: folder });
  const tools = maintainedFfmpeg();
  const outcomes: PhotoOutcome[] = [];
  for (const name of names.slice(0, PHOTO_MAX_FILES)) outcomes.push(await importOne(db, dataDir, tools, activityId, path.join(folder, name), actor, at));
  const imported = outcomes.filter((o) => o.status === 'imported').length;
  if (imported > 0) {
    db.transaction(() => {
      appendStationLog(db, { type: 'station', actor, at, message: `导入支部活动照片 ${imported} 张：${activity.topic}`, detail: { activityId, folder } });
      // The county's copy of the record learns the new hashes (same revision, later time).
      enqueueOutbox(db, 'activity', at, activityBody(db, requireActivity(db, activityId)));
    })();
  }
  return outcomes;
}

/** Each stored photo checked against its hash, as a course is before it plays: ok, missing or changed. */
export async function verifyActivityPhotos(db: Db, dataDir: string, activityId: number): Promise<{ photo: ActivityPhoto; state: 'ok' | 'missing' | 'changed' }[]> {
  const out: { photo: ActivityPhoto; state: 'ok' | 'missing' | 'changed' }[] = [];
  for (const photo of new ActivityStore(db).photos(activityId)) {
    let state: 'ok' | 'missing' | 'changed';
    try {
      state = (await sha256OfFile(photoPath(dataDir, photo))) === photo.sha256 ? 'ok' : 'changed';
    } catch {
      state = 'missing';
    }
    out.push({ photo, state });
  }
  return out;
}
