// A station's data directory made with the agent's own stores, before an agent is started on it: a named
// station, a roster, a course and a group viewing whose check-in is open now.
import { openStationDatabase, type Db } from '../../agent/store/database.ts';
import { MemberStore } from '../../agent/roster/member-store.ts';
import { ProgramStore, type Program } from '../../agent/programs/program-store.ts';
import { occurrenceOn } from '../../agent/programs/recurrence.pure.ts';
import { openCheckin } from '../../agent/sessions/session-lifecycle.ts';
import { readStationSettings, writeStationSettings } from '../../agent/settings/settings-store.ts';
import { localDateOf, localTimeOf } from '../../agent/clock/local-time.pure.ts';
import { CourseStore } from '../../content/course-store.ts';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['建国', '秀英', '志强', '桂兰', '德明', '海燕', '国庆', '春梅', '永福', '丽华', '宏伟', '小红'];

/** A plausible, unique member name for the n-th member (names are what the check-in screen searches). */
export function memberName(n: number): string {
  return `${SURNAMES[n % SURNAMES.length]}${GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]}${n >= SURNAMES.length * GIVEN.length ? Math.floor(n / (SURNAMES.length * GIVEN.length)) + 1 : ''}`;
}

/** Adds `count` members in one transaction (one commit, not hundreds); returns their ids in order. */
export function addMembers(db: Db, count: number, at = 0): number[] {
  const store = new MemberStore(db);
  return db.transaction(() =>
    Array.from(
      { length: count },
      (_, n) =>
        store.add(
          {
            name: memberName(n),
            gender: n % 2 === 0 ? 'male' : 'female',
            category: n % 12 === 0 ? 'probationary' : 'full',
            branch: `第${'一二三'[n % 3]}党支部`,
            cardUid: null,
            phone: null,
            activeFrom: null,
            activeTo: null,
          },
          at,
        ).id,
    ),
  )();
}

/** A course record for sessions to refer to; the file need not exist unless something plays it. */
export function addCourse(db: Db, title: string, localPath: string, durationMs = 45 * 60_000): number {
  return new CourseStore(db).add({ title, series: null, source: 'manual', localPath, streamUrl: null, durationMs, sha256: null }, 0).id;
}

/**
 * A one-off group viewing starting `startsInMs` from now whose check-in window is already open (opened as
 * the scheduler opens it), so the API takes check-ins as soon as an agent runs on the directory.
 */
export function openGroupViewing(db: Db, courseId: number, now: number, startsInMs = 20 * 60_000): { program: Program; sessionId: number } {
  const zone = readStationSettings(db).timeZone;
  const start = now + startsInMs;
  const program = new ProgramStore(db).add(
    {
      courseId,
      title: '集中收看（基准测试）',
      kind: 'group_viewing',
      rule: { type: 'once', date: localDateOf(start, zone), time: localTimeOf(start, zone) },
      checkinOpensBeforeMin: Math.ceil(startsInMs / 60_000) + 15,
      checkinClosesAfterMin: 60,
      notes: null,
      origin: 'station',
    },
    now,
  );
  const occurrence = occurrenceOn(program.rule, zone, localDateOf(start, zone));
  if (!occurrence) throw new Error('the group viewing has no occurrence on its own date');
  return { program, sessionId: openCheckin(db, program, occurrence, now).id };
}

/** Opens (creating) the station database with a station name, runs fn, closes it. */
export function withNewStation<T>(dataDir: string, name: string, fn: (db: Db) => T): T {
  const db = openStationDatabase(dataDir);
  try {
    writeStationSettings(db, { stationName: name }, 0);
    return fn(db);
  } finally {
    db.close();
  }
}
