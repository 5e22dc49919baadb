// Last month's branch activities for the demo (支部活动记录, the second of the two records): a committee meeting,
// a party group meeting with its sign-in and minutes, and the themed Party day that used the 5th's group viewing,
// entered through the register as an administrator would, so the 活动 tab, the 三会一课 rhythm and the monthly
// report have something to show.
import type { DateTime } from 'luxon';
import type { Db } from '../store/database.ts';
import type { Member } from '../roster/member-store.ts';
import { closeActivityCheckin, openActivityCheckin, recordActivity } from '../activities/activity-register.ts';
import { checkInToActivity } from '../activities/activity-checkin.ts';
import type { ActivityKind } from '../../protocol/branch-rhythm.pure.ts';
import { isActiveOn } from '../roster/categories.pure.ts';

interface DemoActivity {
  kind: ActivityKind;
  day: number;
  startTime: string;
  endTime: string;
  topic: string;
  minutes: string;
  /** Share of the roster who signed in; 0 = no sign-in taken (a committee meeting of the branch committee). */
  turnout: number;
  /** Linked to the group viewing held that day. */
  usesViewing?: boolean;
}

const ACTIVITIES: readonly DemoActivity[] = [
  {
    kind: 'committee',
    day: 3,
    startTime: '15:00',
    endTime: '16:00',
    topic: '研究本月主题党日和集中收看安排',
    minutes: '一、确定 5 日主题党日内容为集中收看专题节目。\n二、由组织委员通知全体党员，外出党员电话告知。',
    turnout: 0,
  },
  {
    kind: 'theme_day',
    day: 5,
    startTime: '19:00',
    endTime: '21:00',
    topic: '主题党日：集中收看专题节目并交流心得',
    minutes: '集体收看专题节目后，五名党员结合本村工作发言。',
    turnout: 0,
    usesViewing: true,
  },
  {
    kind: 'group_meeting',
    day: 12,
    startTime: '19:30',
    endTime: '20:30',
    topic: '学习党章第二章，交流冬季防火巡查分工',
    minutes: '学习党章第二章“党的组织制度”。\n确定冬季防火巡查分三组，每组两名党员。',
    turnout: 0.7,
  },
];

/** `viewingOn(date)`: the demo's group viewing held that day, if any. Returns how many activities were entered. */
export function seedDemoActivities(db: Db, members: readonly Member[], lastMonth: DateTime, now: number, viewingOn: (date: string) => number | null): number {
  for (const spec of ACTIVITIES) {
    const date = lastMonth.set({ day: spec.day }).toISODate()!;
    const activity = recordActivity(
      db,
      { kind: spec.kind, date, startTime: spec.startTime, endTime: spec.endTime, place: '村党员活动室', host: '李建国', topic: spec.topic, minutes: spec.minutes, sessionId: spec.usesViewing ? viewingOn(date) : null },
      'admin',
      now,
    );
    if (spec.turnout === 0) continue;
    openActivityCheckin(db, activity.id, 'admin', now);
    const onRoster = members.filter((m) => isActiveOn(m, date));
    const coming = onRoster.slice(0, Math.round(onRoster.length * spec.turnout));
    for (const m of coming) checkInToActivity(db, { activityId: activity.id, by: { memberId: m.id }, method: 'tile', actor: 'kiosk', at: now });
    closeActivityCheckin(db, activity.id, 'admin', now);
  }
  return ACTIVITIES.length;
}
