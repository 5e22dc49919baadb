// Owner of the courses table: the courseware the station can play (课件), with what the library knows
// about each stored file (size, hashes, poster, media summary, when it was received and last played).
import type Database from 'better-sqlite3';
import type { MediaInfo } from './probe.ts';

export const COURSE_STATUSES = ['ready', 'converting', 'quarantined', 'missing', 'removed'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];
export type CourseSource = 'demo' | 'inbox' | 'usb' | 'url' | 'manual' | 'county';

export interface Course {
  id: number;
  title: string;
  series: string | null;
  source: CourseSource;
  localPath: string | null;
  streamUrl: string | null;
  durationMs: number | null;
  /** The identity of the file as received: the same file imported twice is one course. */
  sha256: string | null;
  status: CourseStatus;
  createdAt: number;
  updatedAt: number;
  /** Hash of the file at localPath: equals sha256 unless the received file was converted. */
  fileSha256: string | null;
  /** Size of the file at localPath. */
  bytes: number | null;
  originalName: string | null;
  receivedAt: number | null;
  lastPlayedAt: number | null;
  posterPath: string | null;
  /** Container and codecs of the file at localPath, as ffprobe saw it. */
  media: MediaInfo | null;
}

/** What callers that predate the library pass; the library's own fields are optional. */
export type CourseInput = Pick<Course, 'title' | 'series' | 'source' | 'localPath' | 'streamUrl' | 'durationMs' | 'sha256'> & {
  status?: CourseStatus;
} & Partial<Pick<Course, 'fileSha256' | 'bytes' | 'originalName' | 'receivedAt' | 'posterPath' | 'media'>>;

/** The stored file of a course, as set when it is (re)stored or converted. */
export interface StoredFile {
  localPath: string;
  fileSha256: string;
  bytes: number;
  media: MediaInfo | null;
  durationMs: number | null;
  status: CourseStatus;
}

interface CourseRow {
  id: number;
  title: string;
  series: string | null;
  source: CourseSource;
  local_path: string | null;
  stream_url: string | null;
  duration_ms: number | null;
  sha256: string | null;
  status: CourseStatus;
  created_at: number;
  updated_at: number;
  file_sha256: string | null;
  bytes: number | null;
  original_name: string | null;
  received_at: number | null;
  last_played_at: number | null;
  poster_path: string | null;
  media: string | null;
}

function toCourse(r: CourseRow): Course {
  return {
    id: r.id,
    title: r.title,
    series: r.series,
    source: r.source,
    localPath: r.local_path,
    streamUrl: r.stream_url,
    durationMs: r.duration_ms,
    sha256: r.sha256,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    fileSha256: r.file_sha256,
    bytes: r.bytes,
    originalName: r.original_name,
    receivedAt: r.received_at,
    lastPlayedAt: r.last_played_at,
    posterPath: r.poster_path,
    media: r.media === null ? null : (JSON.parse(r.media) as MediaInfo),
  };
}

export class CourseStore {
  constructor(private readonly db: Database.Database) {}

  list(options: { includeRemoved?: boolean } = {}): Course[] {
    const rows = this.db
      .prepare(`SELECT * FROM courses WHERE (? OR status <> 'removed') ORDER BY series, title, id`)
      .all(options.includeRemoved ? 1 : 0) as CourseRow[];
    return rows.map(toCourse);
  }

  get(id: number): Course | undefined {
    const row = this.db.prepare('SELECT * FROM courses WHERE id = ?').get(id) as CourseRow | undefined;
    return row && toCourse(row);
  }

  findBySha256(sha256: string): Course | undefined {
    const row = this.db.prepare('SELECT * FROM courses WHERE sha256 = ?').get(sha256) as CourseRow | undefined;
    return row && toCourse(row);
  }

  /** Courses that have a file on this terminal (not removed), for the budget and for verify. */
  listWithFiles(): Course[] {
    const rows = this.db
      .prepare(`SELECT * FROM courses WHERE local_path IS NOT NULL AND status <> 'removed' ORDER BY id`)
      .all() as CourseRow[];
    return rows.map(toCourse);
  }

  add(input: CourseInput, at: number): Course {
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO courses (title, series, source, local_path, stream_url, duration_ms, sha256, status, created_at, updated_at,
                                file_sha256, bytes, original_name, received_at, poster_path, media)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.title,
          input.series,
          input.source,
          input.localPath,
          input.streamUrl,
          input.durationMs,
          input.sha256,
          input.status ?? 'ready',
          at,
          at,
          input.fileSha256 === undefined ? input.sha256 : input.fileSha256,
          input.bytes ?? null,
          input.originalName ?? null,
          input.receivedAt ?? at,
          input.posterPath ?? null,
          input.media ? JSON.stringify(input.media) : null,
        ).lastInsertRowid,
    );
    return this.get(id)!;
  }

  setStatus(id: number, status: CourseStatus, at: number): void {
    this.db.prepare('UPDATE courses SET status = ?, updated_at = ? WHERE id = ?').run(status, at, id);
  }

  /** Points a course at a new stored file: after a conversion, or when a removed course is received again. */
  setFile(id: number, file: StoredFile, at: number): Course {
    this.db
      .prepare(
        `UPDATE courses SET local_path = ?, file_sha256 = ?, bytes = ?, media = ?, duration_ms = coalesce(?, duration_ms),
                status = ?, updated_at = ? WHERE id = ?`,
      )
      .run(file.localPath, file.fileSha256, file.bytes, file.media ? JSON.stringify(file.media) : null, file.durationMs, file.status, at, id);
    return this.get(id)!;
  }

  /** A removed or missing course received again: it is the same course, so its id and programs stay. */
  restore(id: number, file: StoredFile & { originalName: string; posterPath: string | null; source: CourseSource; receivedAt: number }, at: number): Course {
    this.setFile(id, file, at);
    this.db
      .prepare('UPDATE courses SET original_name = ?, poster_path = coalesce(?, poster_path), source = ?, received_at = ? WHERE id = ?')
      .run(file.originalName, file.posterPath, file.source, file.receivedAt, id);
    return this.get(id)!;
  }

  /** The last time the course was played; a late or repeated report never moves it back. */
  markPlayed(id: number, at: number): void {
    this.db.prepare('UPDATE courses SET last_played_at = max(coalesce(last_played_at, 0), ?) WHERE id = ?').run(at, id);
  }
}
