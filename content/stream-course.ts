// An HLS URL as a stream course: its playlist must parse ('#EXTM3U' first, then segments, or variants whose
// first must parse too); then the course has streamUrl set, no local file, and is ready at once, and the
// same URL again is the same course. A playlist that does not parse is refused: its text quarantined and
// logged. No ffmpeg here: hls.js plays the stream.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { CourseStore, type Course } from './course-store.ts';
import { appendContentLog, type ContentLogHook } from './content-log.ts';
import { fileNameFor } from './download-headers.ts';
import { fetchText, type Fetching } from './download-http.ts';
import { parsePlaylist, titleFromUrl } from './hls-playlist.pure.ts';
import { libraryPaths, quarantineFile } from './library-files.ts';
import { coursewareText, problemOf } from '../protocol/refusals/courseware-texts.pure.ts';
import { oneLine } from '../protocol/refusals/bilingual.pure.ts';

export type PlaylistRefusal = { outcome: 'refused'; fileName: string; refusal: { code: 'bad_playlist'; message: string; detail: string | null }; quarantinePath: string };
export type StreamResult = { outcome: 'stream'; course: Course; duplicate: boolean; live: boolean };

export interface StreamOptions {
  title?: string;
  series?: string;
  now?: () => number;
  onLog?: ContentLogHook;
}

/** Registers the stream whose playlist was fetched from url (checking a master's first variant). */
export async function registerStream(
  db: Database.Database,
  dataDir: string,
  url: URL,
  fetched: { url: URL; text: string },
  options: StreamOptions,
  fetching: Fetching,
): Promise<StreamResult | PlaylistRefusal> {
  const now = options.now ?? Date.now;
  const fileName = fileNameFor(url, undefined);
  let playlist = parsePlaylist(fetched.text);
  let checked = fetched;
  if (!('error' in playlist) && playlist.kind === 'master') {
    // A master playlist is only a menu: the stream plays only if its first variant does.
    const variantUrl = new URL(playlist.variants[0]!, fetched.url);
    checked = await fetchText(variantUrl, fetching);
    playlist = parsePlaylist(checked.text);
    if (!('error' in playlist) && playlist.kind === 'master') playlist = { error: '码流播放列表又是一个主播放列表 / a variant playlist is itself a master playlist' };
  }
  if ('error' in playlist) return refusePlaylist(db, dataDir, checked, fileName, playlist.error, options);

  const courses = new CourseStore(db);
  return db.transaction((): StreamResult => {
    const at = now();
    const live = !playlist.ended;
    const existing = courses.list({ includeRemoved: true }).find((c) => c.streamUrl === url.href && c.localPath === null);
    const base = { at, source: 'url', fileName: url.href, bytes: null, sha256: null };
    if (existing && existing.status !== 'removed') {
      appendContentLog(db, { ...base, event: 'received', courseId: existing.id, detail: { outcome: 'duplicate', stream: true } }, options.onLog);
      return { outcome: 'stream', course: existing, duplicate: true, live };
    }
    const durationMs = live ? null : playlist.durationMs;
    let course: Course;
    if (existing) {
      courses.setStatus(existing.id, 'ready', at);
      course = courses.get(existing.id)!;
    } else {
      course = courses.add(
        {
          title: options.title?.trim() || titleFromUrl(url),
          series: options.series?.trim() || null,
          source: 'url',
          localPath: null,
          streamUrl: url.href,
          durationMs,
          sha256: null,
          status: 'ready',
          originalName: fileName,
          receivedAt: at,
        },
        at,
      );
    }
    appendContentLog(db, { ...base, event: 'received', courseId: course.id, detail: { outcome: 'stored', stream: true, restored: existing !== undefined } }, options.onLog);
    appendContentLog(
      db,
      { ...base, event: 'stored', courseId: course.id, detail: { stream: true, url: url.href, live, durationMs, segments: playlist.segments, conversion: null } },
      options.onLog,
    );
    return { outcome: 'stream', course, duplicate: false, live };
  })();
}

/** A playlist that does not parse: its text goes to quarantine, and the refusal into the log. */
async function refusePlaylist(
  db: Database.Database,
  dataDir: string,
  fetched: { url: URL; text: string },
  fileName: string,
  reason: string,
  options: StreamOptions,
): Promise<PlaylistRefusal> {
  const temp = path.join(libraryPaths(dataDir).tmp, `playlist-${process.pid}-${Date.now()}.m3u8`);
  await fs.promises.writeFile(temp, fetched.text);
  const name = /\.m3u8$/i.test(fileName) ? fileName : `${fileName}.m3u8`;
  const quarantinePath = await quarantineFile(dataDir, temp, name);
  const refusal = { code: 'bad_playlist' as const, message: oneLine(coursewareText(problemOf('bad_playlist', {}))), detail: `${fetched.url.href}: ${reason}` };
  const at = (options.now ?? Date.now)();
  const sha256 = createHash('sha256').update(fetched.text).digest('hex');
  const base = { at, courseId: null, source: 'url', fileName: fetched.url.href, bytes: Buffer.byteLength(fetched.text), sha256 };
  db.transaction(() => {
    appendContentLog(db, { ...base, event: 'received', detail: { outcome: 'refused', code: refusal.code } }, options.onLog);
    appendContentLog(db, { ...base, event: 'verify_failed', detail: { code: refusal.code, reason: refusal.message, detail: refusal.detail } }, options.onLog);
    appendContentLog(db, { ...base, event: 'quarantined', detail: { code: refusal.code, reason: refusal.message, path: quarantinePath } }, options.onLog);
  })();
  return { outcome: 'refused', fileName: name, refusal, quarantinePath };
}
