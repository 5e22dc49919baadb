// Check-ins arriving together commit together (attendance/checkin-queue.ts): each is answered only once it
// is on the disk, with its session's figures as of that commit; a refusal among them refuses only itself, and a
// member twice in one batch is checked in once.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStation, at, type Station } from '../../support/station-fixture.ts';
import { checkInWithOthers, type CommittedCheckin } from '../../../agent/attendance/checkin-queue.ts';
import { CheckinError, type CheckinRequest } from '../../../agent/attendance/checkin.ts';
import { openCheckin } from '../../../agent/sessions/session-lifecycle.ts';
import { DATABASE_FILE } from '../../../agent/store/database.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';

let station: Station;
let sessionId: number;

beforeEach(() => {
  station = createStation();
  const program = station.addProgram({ rule: { type: 'once', date: '2026-12-05', time: '19:30' } }, at('2026-12-01 08:00'));
  sessionId = openCheckin(station.db, program, { date: '2026-12-05', startsAt: at('2026-12-05 19:30') }, at('2026-12-05 19:15')).id;
});
afterEach(() => station.close());

const byMember = (memberId: number): CheckinRequest => ({ sessionId, by: { memberId }, method: 'tile', actor: 'kiosk', at: at('2026-12-05 19:20') });

type Answer = { outcome: CommittedCheckin; committed: number[] } | { err: unknown };
const outcomeOf = (answer: Answer): CommittedCheckin => {
  if ('err' in answer) throw answer.err;
  return answer.outcome;
};

/** What another connection to the file sees: committed rows only. */
function committedMembers(): number[] {
  const reader = new Database(path.join(station.dir, DATABASE_FILE), { readonly: true });
  try {
    return (reader.prepare('SELECT member_id FROM attendance WHERE session_id = ? AND undone_at IS NULL ORDER BY member_id').all(sessionId) as { member_id: number }[]).map((r) => r.member_id);
  } finally {
    reader.close();
  }
}

describe('check-ins arriving together', () => {
  it('are answered once committed; a refusal among them refuses only itself; a repeat in the batch is "already"', async () => {
    const a = station.addMember({ name: '张三' });
    const b = station.addMember({ name: '李四' });
    const gone = station.addMember({ name: '赵六', activeTo: '2026-11-30' });

    const answers = [byMember(a.id), byMember(gone.id), byMember(b.id), byMember(a.id)].map(
      (r): Promise<Answer> =>
        checkInWithOthers(station.db, r).then(
          (outcome) => ({ outcome, committed: committedMembers() }),
          (err: unknown) => ({ err }),
        ),
    );
    // Nothing is written before the batch commits: the requests only wait in this turn.
    expect(committedMembers()).toEqual([]);
    const [first, refused, second, repeat] = await Promise.all(answers);

    expect(first).toMatchObject({ outcome: { status: 'checked_in', name: '张三' }, committed: [a.id, b.id] });
    expect(second).toMatchObject({ outcome: { status: 'checked_in', name: '李四' }, committed: [a.id, b.id] });
    expect(repeat).toMatchObject({ outcome: { status: 'already' } });
    // Each answer carries the figures as of the commit that holds it: both members of the batch are in.
    for (const answer of [first, second, repeat]) expect(answer).toMatchObject({ outcome: { figures: { registered: 2, attendedRegistered: 2, rate: 1, guests: 0 } } });
    expect(outcomeOf(repeat!).attendance.id).toBe(outcomeOf(first!).attendance.id);
    expect(refused).toMatchObject({ err: expect.any(CheckinError) });
    expect(refused).toMatchObject({ err: { code: 'member_inactive' } });
    // One log line per check-in made, none for the refusal or the repeat.
    expect(queryStationLog(station.db, { type: 'checkin' }).map((e) => e.message)).toEqual([expect.stringContaining('张三'), expect.stringContaining('李四')]);
  });

  it('commits a later arrival in a batch of its own', async () => {
    const a = station.addMember({ name: '王五' });
    const b = station.addMember({ name: '钱七' });
    await checkInWithOthers(station.db, byMember(a.id));
    expect(committedMembers()).toEqual([a.id]);
    const later = await checkInWithOthers(station.db, byMember(b.id));
    expect(later.status).toBe('checked_in');
    expect(committedMembers()).toEqual([a.id, b.id]);
  });
});
