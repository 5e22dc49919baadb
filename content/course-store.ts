// Owner of the courses table: the courseware the station can play (课件).
import type Database from 'better-sqlite3';

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
  sha256: string | null;
  status: CourseStatus;
  createdAt: number;
  updatedAt: number;
}

export type CourseInput = Omit<Course, 'id' | 'createdAt' | 'updatedAt' | 'status'> & { status?: CourseStatus };

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

  add(input: CourseInput, at: number): Course {
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO courses (title, series, source, local_path, stream_url, duration_ms, sha256, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
        ).lastInsertRowid,
    );
    return this.get(id)!;
  }

  setStatus(id: number, status: CourseStatus, at: number): void {
    this.db.prepare('UPDATE courses SET status = ?, updated_at = ? WHERE id = ?').run(status, at, id);
  }
}
