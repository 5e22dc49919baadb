// `yuanjiao activity show`: one activity record as written — withdrawn ones with who, when and why — its
// attendance, and its photos checked against their hashes.
import type { Output } from '../program.ts';
import type { Db } from '../../agent/store/database.ts';
import { requireActivity } from '../../agent/activities/activity-register.ts';
import { ActivityStore } from '../../agent/activities/activity-store.ts';
import { activityFigures } from '../../agent/activities/activity-figures.ts';
import { verifyActivityPhotos } from '../../agent/activities/activity-photos.ts';
import { MemberStore } from '../../agent/roster/member-store.ts';
import { GUEST_CATEGORY_LABELS } from '../../agent/roster/categories.pure.ts';
import { readStationSettings } from '../../agent/settings/settings-store.ts';
import { localDateTimeOf } from '../../agent/clock/local-time.pure.ts';
import { ACTIVITY_KIND_LABELS, type RhythmStatus } from '../../protocol/branch-rhythm.pure.ts';
import { formatRate } from './report.ts';

export const RHYTHM_STATUS_ZH: Record<RhythmStatus, string> = { met: '已落实', short: '未落实', pending: '尚未开展' };

export async function showActivity(io: Output, db: Db, dataDir: string, id: number, json: boolean): Promise<void> {
  const a = requireActivity(db, id);
  const zone = readStationSettings(db).timeZone;
  const store = new ActivityStore(db);
  const members = new MemberStore(db);
  const checkins = store.checkins(a.id).map((c) => ({
    ...c,
    name: c.memberId !== null ? (members.get(c.memberId)?.name ?? `#${c.memberId}`) : c.guestName!,
  }));
  const photos = await verifyActivityPhotos(db, dataDir, a.id);
  const figures = activityFigures(db, a);
  if (json) {
    io.out(JSON.stringify({ activity: a, figures, checkins, photos: photos.map((p) => ({ ...p.photo, state: p.state })) }, null, 2));
    return;
  }
  io.out(`第 ${a.id} 号 ${ACTIVITY_KIND_LABELS[a.kind].zh}：${a.topic}${a.withdrawn ? '（已撤销）' : ''}`);
  io.out(`  时间 ${a.date} ${a.startTime}${a.endTime ? `–${a.endTime}` : ''}  地点 ${a.place}  主持人 ${a.host}${a.branch ? `  支部 ${a.branch}` : ''}`);
  if (a.sessionId !== null) io.out(`  所用集中收看：第 ${a.sessionId} 场`);
  io.out(`  应到 ${figures.registered} 人，实到 ${figures.attendedRegistered} 人（${formatRate(figures.rate)}），列席 ${figures.guests} 人`);
  if (checkins.length > 0) {
    io.out(`  签到：${checkins.map((c) => (c.guestCategory ? `${c.name}（${GUEST_CATEGORY_LABELS[c.guestCategory].zh}）` : c.name)).join('、')}`);
  }
  io.out(`  会议记录：${a.minutes === '' ? '（无）' : ''}`);
  if (a.minutes !== '') for (const line of a.minutes.split('\n')) io.out(`    ${line}`);
  io.out(`  照片 ${photos.length} 张${photos.some((p) => p.state !== 'ok') ? `，其中 ${photos.filter((p) => p.state !== 'ok').length} 张缺失或已被改动` : ''}`);
  io.out(`  登记：${a.recordedBy} ${localDateTimeOf(a.recordedAt, zone)}`);
  if (a.withdrawn) io.out(`  撤销：${a.withdrawn.by} ${localDateTimeOf(a.withdrawn.at, zone)}，原因：${a.withdrawn.reason}`);
}
