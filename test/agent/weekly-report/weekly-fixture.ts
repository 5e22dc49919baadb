// A station with a known week 2026-W49 (30 Nov – 6 Dec 2026): two group viewings (one held with 2 of 3 members
// and a guest, one held with 1 of 3), a viewing the week after, courseware received, health buckets for 12 hours
// of running with the hub reached in 40 of 48 checks, and one alert raised and cleared.
import type { Db } from '../../../agent/store/database.ts';
import { appendContentLog } from '../../../content/content-log.ts';
import { appendStationLog } from '../../../agent/stationlog/station-log.ts';
import { createStation, at, type Station } from '../../support/station-fixture.ts';
import { holdViewing } from '../satisfaction/satisfaction-fixture.ts';

const MIN = 60_000;
const BUCKET = 15 * MIN;

export interface WeekStation {
  station: Station;
  members: { id: number; name: string }[];
}

/** 15-minute health buckets of 15 samples each (one a minute), each with one hub check (reached unless `down`). */
export function runFor(db: Db, from: number, buckets: number, down = 0): void {
  const insert = db.prepare('INSERT INTO health_aggregates (bucket_start, bucket_ms, samples, hub_checks, hub_reachable, kiosk_connected, created_at) VALUES (?, ?, 15, 1, ?, 15, ?)');
  for (let i = 0; i < buckets; i++) insert.run(from + i * BUCKET, BUCKET, i < down ? 0 : 1, from + (i + 1) * BUCKET);
}

export function weekStation(dir?: string): WeekStation {
  const station = createStation(dir === undefined ? {} : { dir });
  station.settings({ stationName: '红旗村党员活动室' });
  const a = station.addMember({ name: '张三' });
  const b = station.addMember({ name: '李四' });
  const c = station.addMember({ name: '王五' });
  const course = station.addCourse({ title: '学习贯彻全会精神', durationMs: 45 * MIN });
  const p1 = station.addProgram({ courseId: course.id, title: '十二月第一次集中收看', rule: { type: 'once', date: '2026-12-02', time: '19:30' } }, at('2026-11-20 09:00'));
  const p2 = station.addProgram({ courseId: course.id, title: '十二月第二次集中收看', rule: { type: 'once', date: '2026-12-05', time: '09:00' } }, at('2026-11-20 09:00'));
  const p3 = station.addProgram({ courseId: course.id, title: '下周的集中收看', rule: { type: 'once', date: '2026-12-08', time: '19:30' } }, at('2026-11-20 09:00'));
  holdViewing(station.db, p1, '2026-12-02', [{ memberId: a.id }, { memberId: b.id }, { guest: { name: '来宾甲', category: 'employee' } }]);
  holdViewing(station.db, p2, '2026-12-05', [{ memberId: a.id }]);
  holdViewing(station.db, p3, '2026-12-08', [{ memberId: c.id }]);
  appendContentLog(station.db, { at: at('2026-12-01 10:00'), event: 'received', courseId: course.id, source: 'satellite', fileName: 'quanhui.mp4' });
  appendContentLog(station.db, { at: at('2026-12-01 10:05'), event: 'stored', courseId: course.id, source: 'satellite', fileName: 'quanhui.mp4' });
  appendContentLog(station.db, { at: at('2026-12-08 10:00'), event: 'received', courseId: course.id, source: 'usb', fileName: 'next-week.mp4' });
  // 12 hours of running in the week (48 buckets), 8 of them without the hub; and 4 buckets the week after.
  runFor(station.db, at('2026-12-02 08:00'), 48, 8);
  runFor(station.db, at('2026-12-08 08:00'), 4);
  appendStationLog(station.db, { type: 'station', actor: 'system', at: at('2026-12-02 08:00'), message: '远教代理启动' });
  appendStationLog(station.db, { type: 'alert', actor: 'system', at: at('2026-12-03 09:00'), message: '磁盘空间不足', detail: { code: 'disk_low', level: 'warning' } });
  appendStationLog(station.db, { type: 'alert', actor: 'system', at: at('2026-12-03 11:00'), message: '已恢复：磁盘空间不足', detail: { code: 'disk_low', state: 'cleared' } });
  return { station, members: [a, b, c] };
}
