// The room usage register (活动场所使用情况登记): viewings come in by themselves, other uses are entered by hand
// (each with its station-log line and one `room_use` event), a removal is its own record and the use stays on
// the register marked removed; bad input is refused whole and changes nothing.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { RoomUseBodySchema } from '../../../protocol/event-bodies.pure.ts';
import { pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { addRoomUse, removeRoomUse, roomRegister } from '../../../agent/room-use/room-register.ts';
import { at, type Station } from '../../support/station-fixture.ts';
import { weekStation } from '../weekly-report/weekly-fixture.ts';

let station: Station | undefined;
afterEach(() => {
  station?.close();
  if (station) fs.rmSync(station.dir, { recursive: true, force: true });
  station = undefined;
});

const NOW = at('2026-12-10 10:00');
const roomEvents = (s: Station) => pendingOutbox(s.db, 10_000).filter((e) => e.type === 'room_use');
const meeting = { date: '2026-12-03', from: '14:00', to: '16:00', purpose: '支部委员会', organiser: '张书记', headcount: 7 };

describe('the room usage register', () => {
  it('lists the viewings by themselves and the uses entered by hand, in date and time order', () => {
    ({ station } = weekStation());
    const use = addRoomUse(station.db, { ...meeting, purpose: '  支部委员会 ' }, NOW, '管理员甲');
    expect(use).toMatchObject({ id: 1, purpose: '支部委员会', enteredBy: '管理员甲', removal: null });
    const lines = roomRegister(station.db, '2026-12-01', '2026-12-31', NOW);
    expect(lines.map((l) => [l.date, l.from, l.to, l.purpose, l.headcount, l.source, l.useId])).toEqual([
      ['2026-12-02', '19:30', '20:15', '集中收看：十二月第一次集中收看', 3, 'viewing', null],
      ['2026-12-03', '14:00', '16:00', '支部委员会', 7, 'manual', 1],
      ['2026-12-05', '09:00', '09:45', '集中收看：十二月第二次集中收看', 1, 'viewing', null],
      ['2026-12-08', '19:30', '20:15', '集中收看：下周的集中收看', 1, 'viewing', null],
    ]);
    expect(roomRegister(station.db, '2026-12-04', '2026-12-05', NOW).map((l) => l.date)).toEqual(['2026-12-05']);

    const events = roomEvents(station);
    expect(events.map((e) => e.body)).toEqual([{ useId: 1, kind: 'use', ...meeting, reason: null, enteredBy: '管理员甲' }]);
    expect(Compile(RoomUseBodySchema).Check(events[0]!.body)).toBe(true);
    expect(queryStationLog(station.db, { type: 'station' }).map((e) => e.message)).toContain('场所使用登记：2026-12-03 14:00–16:00 支部委员会（7 人）');
  });

  it('removes a hand entry by a removal that stays on the register, once', () => {
    ({ station } = weekStation());
    addRoomUse(station.db, meeting, NOW, '管理员甲');
    const removed = removeRoomUse(station.db, 1, '日期登记错误', NOW + 60_000, '管理员甲');
    expect(removed.removal).toEqual({ at: NOW + 60_000, by: '管理员甲', reason: '日期登记错误' });
    const line = roomRegister(station.db, '2026-12-03', '2026-12-03', NOW).find((l) => l.useId === 1)!;
    expect(line.removed).toEqual({ at: '2026-12-10 10:01', by: '管理员甲', reason: '日期登记错误' });
    expect(() => removeRoomUse(station!.db, 1, '', NOW, 'x')).toThrow(expect.objectContaining({ code: 'room_use_removed', params: { useId: 1 } }));
    expect(() => removeRoomUse(station!.db, 9, '', NOW, 'x')).toThrow(expect.objectContaining({ code: 'room_use_not_found', params: { useId: 9 } }));
    expect(roomEvents(station).map((e) => (e.body as { kind: string }).kind)).toEqual(['use', 'removal']);
    expect(roomEvents(station)[1]!.body).toMatchObject({ useId: 1, kind: 'removal', reason: '日期登记错误', date: '2026-12-03' });
    expect(() => station!.db.prepare('DELETE FROM room_uses WHERE id = 1').run()).toThrow(/append-only/);
    expect(() => station!.db.prepare('UPDATE room_use_removals SET reason = NULL').run()).toThrow(/append-only/);
  });

  it('refuses a bad use whole, naming the field, and keeps nothing', () => {
    ({ station } = weekStation());
    const cases: [Partial<typeof meeting>, string][] = [
      [{ date: '2026-02-30' }, 'date'],
      [{ from: '25:00' }, 'time'],
      [{ to: '14:00' }, 'order'],
      [{ purpose: '   ' }, 'purpose'],
      [{ purpose: '长'.repeat(101) }, 'purpose'],
      [{ organiser: '长'.repeat(61) }, 'organiser'],
      [{ headcount: -1 }, 'headcount'],
      [{ headcount: 1.5 }, 'headcount'],
    ];
    for (const [patch, rule] of cases) {
      expect(() => addRoomUse(station!.db, { ...meeting, ...patch }, NOW, 'x'), rule).toThrow(expect.objectContaining({ code: 'invalid_room_use', params: expect.objectContaining({ rule }) }));
    }
    expect(roomEvents(station)).toEqual([]);
    expect(station.db.prepare('SELECT count(*) AS n FROM room_uses').get()).toEqual({ n: 0 });
  });
});
