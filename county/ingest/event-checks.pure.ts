// What a well-formed event must also be before the hub keeps it: times a real station could have made,
// and figures that agree with each other — the ones the county's figures are computed from. An event that
// fails is refused on its own (the station sets it aside), with the field and the reason. Pure.
//
// The schema (protocol/event-types.pure.ts) already keeps counts whole and non-negative and rates within 0–1;
// these are the checks across fields and against the hub's clock:
// - every event: `at` not before EARLIEST_EVENT_AT nor past the hub's clock + FUTURE_TOLERANCE_MS;
// - heartbeat: its run starts in that range and not after the heartbeat;
// - session: attendedRegistered ≤ registered ≤ MAX_MEMBERS, rate = attendedRegistered ÷ registered (null
//   with nobody registered), guestsByCategory (when given) adds up to guests, a held viewing has started, the date and
//   every instant in range, playedMs at most a day;
// - month_summary: attendedRegistered ≤ registered ≤ MAX_MEMBERS, participationRate as the session's rate,
//   the month in range, studyMinutes within the month's minutes, sessionsHeld at most one an hour, 补学 at most
//   those who attended, 尚未学习 at most the registered who did not, the compliance's fixed study days in the month;
// - health: free disk between 0 and the disk's size (the county's disk alert divides one by the other);
// - satisfaction: answers (满意 + 基本满意 + 不满意) at most the people present, present ≤ 2 × MAX_MEMBERS
//   (members and guests), the date and closedAt in range;
// - activity: attendedRegistered ≤ registered ≤ MAX_MEMBERS, guests ≤ MAX_MEMBERS, the date and the withdrawal's
//   time in range;
// - weekly_report: a week that exists, from/to its Monday and Sunday, not a week still to come, viewingsHeld ≤
//   viewings, composedAt ≤ sentAt and both in range;
// - room_use: a real date in range, the end after the start.
// Deliberately not checked: startedAt ≤ endedAt and played time against wall time — a station's clock may
// be set between the two, and its record is still true.
import { DateTime } from 'luxon';
import type { ActivityBody, MonthSummaryBody, RoomUseBody, SatisfactionBody, SessionBody, WeeklyReportBody } from '../../protocol/event-bodies.pure.ts';
import { isIsoWeek, weekSpan } from '../../common/iso-week.pure.ts';
import type { EventType } from '../../protocol/event-types.pure.ts';
import { EARLIEST_EVENT_AT, FUTURE_TOLERANCE_MS, type UplinkEvent } from '../../protocol/wire.pure.ts';

/** More members than any station's roster: a village or township party branch has hundreds at most. */
export const MAX_MEMBERS = 10_000;
/** Longest group viewing a station can report playing. */
const MAX_PLAYED_MS = 86_400_000;
/** A rate is rounded to 4 decimals by the station (agent/reports/participation.pure.ts). */
const RATE_TOLERANCE = 0.0001;
/** The latest zone on Earth (UTC+14): a station-local date is never later than the UTC date there. */
const LATEST_ZONE = 'Pacific/Kiritimati';
const EARLIEST_DATE = DateTime.fromMillis(EARLIEST_EVENT_AT, { zone: 'UTC' }).toISODate()!;

export interface EventProblem {
  field: string;
  zh: string;
  en: string;
}

export function implausibility(e: UplinkEvent, hubNow: number): EventProblem | null {
  const latest = hubNow + FUTURE_TOLERANCE_MS;
  const instant = (field: string, value: number | null | undefined): EventProblem | null => {
    if (value === null || value === undefined) return null;
    if (value < EARLIEST_EVENT_AT) return { field, zh: `时间 ${show(value)} 早于 ${EARLIEST_DATE}（终端时钟不对）`, en: `time ${show(value)} is before ${EARLIEST_DATE} (the terminal's clock is wrong)` };
    if (value > latest) {
      return { field, zh: `时间 ${show(value)} 比县级平台时间晚一天以上（终端时钟不对）`, en: `time ${show(value)} is more than a day after the hub's clock (the terminal's clock is wrong)` };
    }
    return null;
  };
  const at = instant('at', e.at);
  if (at) return at;
  // Typed as the protocol's names so a misspelt case does not compile; a type this hub does not know falls to default.
  switch (e.type as EventType) {
    case 'heartbeat': {
      const spanStart = e.body['spanStart'] as number;
      if (spanStart > e.at) return { field: 'body.spanStart', zh: '运行开始时间晚于心跳时间', en: 'the run starts after the heartbeat' };
      return instant('body.spanStart', spanStart);
    }
    case 'session':
      return sessionProblem(e.body as unknown as SessionBody & { guestsByCategory?: unknown }, hubNow, instant);
    case 'month_summary':
      return monthSummaryProblem(e.body as unknown as MonthSummaryBody, hubNow);
    case 'health':
      return healthProblem(e.body, instant);
    case 'satisfaction':
      return satisfactionProblem(e.body as unknown as SatisfactionBody, hubNow, instant);
    case 'activity':
      return activityProblem(e.body as unknown as ActivityBody, hubNow, instant);
    case 'weekly_report':
      return weeklyReportProblem(e.body as unknown as WeeklyReportBody, hubNow, instant);
    case 'room_use': {
      const b = e.body as unknown as RoomUseBody;
      if (b.to <= b.from) return { field: 'body.to', zh: `结束时间 ${b.to} 不晚于开始时间 ${b.from}`, en: `the end ${b.to} is not after the start ${b.from}` };
      return dateProblem('body.date', b.date, hubNow);
    }
    default:
      return null;
  }
}

type InstantCheck = (field: string, value: number | null | undefined) => EventProblem | null;

function sessionProblem(b: SessionBody & { guestsByCategory?: unknown }, hubNow: number, instant: InstantCheck): EventProblem | null {
  const counts = countsProblem(b.registered, b.attendedRegistered);
  if (counts) return counts;
  const rate = rateProblem('body.rate', b.rate, b.registered, b.attendedRegistered);
  if (rate) return rate;
  if (b.guests > MAX_MEMBERS) return { field: 'body.guests', zh: `来宾 ${b.guests} 人超过 ${MAX_MEMBERS}`, en: `${b.guests} guests is more than ${MAX_MEMBERS}` };
  // The agent always sends every category (zeros included); an empty breakdown (older tools) says nothing.
  if (b.guestsByCategory !== undefined && b.guestsByCategory !== null && !isEmptyObject(b.guestsByCategory)) {
    const values = typeof b.guestsByCategory === 'object' && !Array.isArray(b.guestsByCategory) ? Object.values(b.guestsByCategory) : [-1];
    if (!values.every((v) => Number.isInteger(v) && (v as number) >= 0)) {
      return { field: 'body.guestsByCategory', zh: '各类来宾人数应为非负整数', en: 'each count must be a whole number ≥ 0' };
    }
    const sum = (values as number[]).reduce((a, v) => a + v, 0);
    if (sum !== b.guests) return { field: 'body.guestsByCategory', zh: `各类来宾合计 ${sum} 与来宾人数 ${b.guests} 不符`, en: `adds up to ${sum}, not guests ${b.guests}` };
  }
  if (b.held && b.startedAt === null) return { field: 'body.held', zh: '记为已举行，但没有开始时间', en: 'held, but it never started' };
  if (b.playedMs > MAX_PLAYED_MS) return { field: 'body.playedMs', zh: '播放时长超过 24 小时', en: 'played for more than 24 hours' };
  const date = dateProblem('body.date', b.date, hubNow);
  if (date) return date;
  return instant('body.scheduledStart', b.scheduledStart) ?? instant('body.startedAt', b.startedAt) ?? instant('body.endedAt', b.endedAt);
}

function monthSummaryProblem(b: MonthSummaryBody, hubNow: number): EventProblem | null {
  const counts = countsProblem(b.registered, b.attendedRegistered);
  if (counts) return counts;
  const rate = rateProblem('body.participationRate', b.participationRate, b.registered, b.attendedRegistered);
  if (rate) return rate;
  if (b.excused > MAX_MEMBERS) return { field: 'body.excused', zh: `请假 ${b.excused} 人超过 ${MAX_MEMBERS}`, en: `${b.excused} excused is more than ${MAX_MEMBERS}` };
  if (b.guests > MAX_MEMBERS * 31) return { field: 'body.guests', zh: `来宾 ${b.guests} 人次不合理`, en: `${b.guests} guests in a month is implausible` };
  const month = DateTime.fromISO(`${b.month}-01`, { zone: 'UTC' });
  const first = dateProblem('body.month', `${b.month}-01`, hubNow);
  if (first) return { ...first, zh: first.zh.replace(`${b.month}-01`, b.month), en: first.en.replace(`${b.month}-01`, b.month) };
  const minutes = month.daysInMonth! * 1440;
  if (b.studyMinutes > minutes) return { field: 'body.studyMinutes', zh: `学习 ${b.studyMinutes} 分钟超过该月总分钟数 ${minutes}`, en: `${b.studyMinutes} minutes is more than the month has (${minutes})` };
  const hours = month.daysInMonth! * 24;
  if (b.sessionsHeld > hours) return { field: 'body.sessionsHeld', zh: `举行 ${b.sessionsHeld} 次超过每小时一次`, en: `${b.sessionsHeld} viewings is more than one an hour` };
  return makeUpProblem(b, month.toFormat('yyyy-MM'));
}

/** 补学 and 尚未学习 are shares of the month's members; the compliance's fixed study days are days of that month. */
function makeUpProblem(b: MonthSummaryBody, month: string): EventProblem | null {
  if (b.makeUpAttended !== undefined && b.makeUpAttended > b.attendedRegistered) {
    return { field: 'body.makeUpAttended', zh: `补学 ${b.makeUpAttended} 人多于参学 ${b.attendedRegistered} 人`, en: `${b.makeUpAttended} made up, more than the ${b.attendedRegistered} who attended` };
  }
  if (b.notStudied !== undefined && b.notStudied + b.attendedRegistered > b.registered) {
    return { field: 'body.notStudied', zh: `尚未学习 ${b.notStudied} 人与参学 ${b.attendedRegistered} 人之和多于在册 ${b.registered} 人`, en: `${b.notStudied} not studied and ${b.attendedRegistered} attended are more than the ${b.registered} registered` };
  }
  const days = b.compliance ? [...b.compliance.fixedStudyDays, ...b.compliance.missedFixedDays] : [];
  const stray = days.find((d) => d.slice(0, 7) !== month);
  if (stray) return { field: 'body.compliance', zh: `固定学习日 ${stray} 不在 ${month}`, en: `fixed study day ${stray} is not in ${month}` };
  return null;
}

function satisfactionProblem(b: SatisfactionBody, hubNow: number, instant: InstantCheck): EventProblem | null {
  if (b.present > 2 * MAX_MEMBERS) return { field: 'body.present', zh: `到场 ${b.present} 人不合理`, en: `${b.present} present is implausible` };
  const answers = b.satisfied + b.basicallySatisfied + b.dissatisfied;
  if (answers > b.present) return { field: 'body.present', zh: `评价 ${answers} 人多于到场 ${b.present} 人`, en: `${answers} answers, more than the ${b.present} present` };
  return dateProblem('body.date', b.date, hubNow) ?? instant('body.closedAt', b.closedAt);
}

function activityProblem(b: ActivityBody, hubNow: number, instant: InstantCheck): EventProblem | null {
  const counts = countsProblem(b.registered, b.attendedRegistered);
  if (counts) return counts;
  if (b.guests > MAX_MEMBERS) return { field: 'body.guests', zh: `列席 ${b.guests} 人不合理`, en: `${b.guests} guests is implausible` };
  return dateProblem('body.date', b.date, hubNow) ?? instant('body.withdrawn.at', b.withdrawn?.at);
}

function weeklyReportProblem(b: WeeklyReportBody, hubNow: number, instant: InstantCheck): EventProblem | null {
  if (!isIsoWeek(b.week)) return { field: 'body.week', zh: `周次 ${b.week} 不存在`, en: `week ${b.week} does not exist` };
  const span = weekSpan(b.week, 'UTC');
  if (b.from !== span.from || b.to !== span.to) return { field: 'body.from', zh: `${b.week} 应为 ${span.from} 至 ${span.to}`, en: `${b.week} is ${span.from} to ${span.to}` };
  if (b.viewingsHeld > b.viewings) return { field: 'body.viewingsHeld', zh: `有效场次 ${b.viewingsHeld} 多于场次 ${b.viewings}`, en: `${b.viewingsHeld} held, more than the ${b.viewings} viewings` };
  if (b.composedAt > b.sentAt) return { field: 'body.composedAt', zh: '生成时间晚于报送时间', en: 'composed after it was sent' };
  return dateProblem('body.to', b.to, hubNow) ?? instant('body.composedAt', b.composedAt) ?? instant('body.sentAt', b.sentAt);
}

function healthProblem(b: Record<string, unknown>, instant: InstantCheck): EventProblem | null {
  if (typeof b['bucketStart'] === 'number') {
    const problem = instant('body.bucketStart', b['bucketStart']);
    if (problem) return problem;
  }
  const total = b['diskTotalBytes'];
  const freeField = b['diskFreeBytes'];
  const frees =
    typeof freeField === 'number'
      ? [freeField]
      : freeField !== null && typeof freeField === 'object'
        ? ['min', 'avg', 'max'].map((k) => (freeField as Record<string, unknown>)[k]).filter((v): v is number => typeof v === 'number')
        : [];
  if (typeof total === 'number' && total < 0) return { field: 'body.diskTotalBytes', zh: '磁盘容量为负数', en: 'negative disk size' };
  for (const free of frees) {
    if (free < 0) return { field: 'body.diskFreeBytes', zh: '磁盘剩余空间为负数', en: 'negative free disk space' };
    if (typeof total === 'number' && free > total) return { field: 'body.diskFreeBytes', zh: `剩余空间 ${free} 大于磁盘容量 ${total}`, en: `free space ${free} exceeds the disk size ${total}` };
  }
  return null;
}

function countsProblem(registered: number, attended: number): EventProblem | null {
  if (attended > registered) {
    return { field: 'body.attendedRegistered', zh: `到会在册党员 ${attended} 人多于在册党员 ${registered} 人`, en: `${attended} attended, more than the ${registered} registered` };
  }
  if (registered > MAX_MEMBERS) return { field: 'body.registered', zh: `在册党员 ${registered} 人超过 ${MAX_MEMBERS}`, en: `${registered} registered, more than ${MAX_MEMBERS}` };
  return null;
}

function rateProblem(field: string, rate: number | null, registered: number, attended: number): EventProblem | null {
  if (registered === 0) return rate === null ? null : { field, zh: '无在册党员时参与率应为空', en: 'must be null with nobody registered' };
  const expected = attended / registered;
  if (rate === null || Math.abs(rate - expected) > RATE_TOLERANCE) {
    return { field, zh: `参与率 ${rate} 与 ${attended}/${registered} 不符`, en: `${rate} does not match ${attended}/${registered}` };
  }
  return null;
}

/** A station-local date ('YYYY-MM-DD') no earlier than EARLIEST_EVENT_AT's and no later than anywhere's today + tolerance. */
function dateProblem(field: string, date: string, hubNow: number): EventProblem | null {
  const latest = DateTime.fromMillis(hubNow + FUTURE_TOLERANCE_MS, { zone: LATEST_ZONE }).toISODate()!;
  if (!DateTime.fromISO(date, { zone: 'UTC' }).isValid) return { field, zh: `日期 ${date} 不存在`, en: `no such date ${date}` };
  if (date < EARLIEST_DATE) return { field, zh: `日期 ${date} 早于 ${EARLIEST_DATE}`, en: `date ${date} is before ${EARLIEST_DATE}` };
  if (date > latest) return { field, zh: `日期 ${date} 晚于县级平台的日期一天以上`, en: `date ${date} is more than a day after the hub's` };
  return null;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

function show(at: number): string {
  // toISOString throws past year 275760; a lie may be that large.
  return Math.abs(at) <= 8.64e15 ? new Date(at).toISOString() : String(at);
}
