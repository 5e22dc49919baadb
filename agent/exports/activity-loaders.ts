// The branch activity register's documents read from their owner (agent/activities/): the register of a period
// with the 三会一课 rhythm, and one activity's A4 record.
import type { Db } from '../store/database.ts';
import { ActivityStore, type Activity } from '../activities/activity-store.ts';
import { activityFigures } from '../activities/activity-figures.ts';
import { requireActivity } from '../activities/activity-register.ts';
import { rhythmAsOf } from '../activities/activity-rhythm.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { MemberStore } from '../roster/member-store.ts';
import { GUEST_CATEGORY_LABELS, MEMBER_CATEGORY_LABELS } from '../roster/categories.pure.ts';
import { localDateTimeOf, localTimeOf } from '../clock/local-time.pure.ts';
import { activitiesDocument } from './documents/activities.pure.ts';
import { activityRecordDocument } from './documents/activity-record.pure.ts';
import type { ExportDocument } from '../../common/documents/document.pure.ts';

interface Frame {
  station: { id: string; name: string };
  generatedAt: string;
  zone: string;
}

function withdrawnText(a: Activity, zone: string): string | null {
  return a.withdrawn === null ? null : `${localDateTimeOf(a.withdrawn.at, zone)} ${a.withdrawn.by}：${a.withdrawn.reason}`;
}

export function loadActivitiesDocument(db: Db, f: Frame & { from: string; to: string; today: string }): ExportDocument {
  const store = new ActivityStore(db);
  const lines = store.between(f.from, f.to).map((a) => {
    const fig = activityFigures(db, a);
    return {
      id: a.id,
      kind: a.kind,
      date: a.date,
      startTime: a.startTime,
      endTime: a.endTime,
      place: a.place,
      host: a.host,
      topic: a.topic,
      registered: fig.registered,
      attendedRegistered: fig.attendedRegistered,
      rate: fig.rate,
      guests: fig.guests,
      photos: store.photos(a.id).length,
      withdrawn: withdrawnText(a, f.zone),
    };
  });
  const asOf = f.today < f.to ? (f.today < f.from ? f.from : f.today) : f.to;
  return activitiesDocument({ station: f.station, generatedAt: f.generatedAt, from: f.from, to: f.to, lines, rhythm: rhythmAsOf(db, asOf) });
}

export function loadActivityRecordDocument(db: Db, f: Frame & { activityId: number }): ExportDocument {
  const a = requireActivity(db, f.activityId);
  const store = new ActivityStore(db);
  const members = new MemberStore(db);
  const fig = activityFigures(db, a);
  return activityRecordDocument({
    station: f.station,
    generatedAt: f.generatedAt,
    activity: {
      id: a.id,
      kind: a.kind,
      date: a.date,
      startTime: a.startTime,
      endTime: a.endTime,
      place: a.place,
      host: a.host,
      topic: a.topic,
      minutes: a.minutes,
      branch: a.branch,
      sessionTitle: a.sessionId === null ? null : (new SessionStore(db).get(a.sessionId)?.title ?? `第 ${a.sessionId} 场`),
      recordedBy: a.recordedBy,
      recordedAt: localDateTimeOf(a.recordedAt, f.zone),
      withdrawn: withdrawnText(a, f.zone),
    },
    figures: { registered: fig.registered, attendedRegistered: fig.attendedRegistered, rate: fig.rate, guests: fig.guests },
    attendees: store.checkins(a.id).map((c) => {
      const member = c.memberId === null ? undefined : members.get(c.memberId);
      return {
        name: member?.name ?? c.guestName ?? `#${c.memberId}`,
        category: c.guestCategory ? `列席·${GUEST_CATEGORY_LABELS[c.guestCategory].zh}` : c.memberCategory ? MEMBER_CATEGORY_LABELS[c.memberCategory].zh : '',
        checkedInAt: localTimeOf(c.checkedInAt, f.zone),
      };
    }),
    photos: store.photos(a.id).map((p) => ({ name: p.originalName, sha256: p.sha256 })),
  });
}
