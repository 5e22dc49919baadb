// Attendance as xAPI 1.0.3 statements: "member attended the group viewing". Pure and deterministic:
// the same records give byte-for-byte the same statements, ids included, so a re-export or a resend to a
// Learning Record Store is recognised as the same statements rather than counted twice.
//
// Decisions:
// - actor: the member as an account on the station, { homePage: 'urn:yuanjiao:station:<id>', name: member id },
//   with the name; the id is what stays stable when a name is corrected.
// - object: the session (a showing that ran) as an Activity 'urn:yuanjiao:station:<id>:session:<id>',
//   type meeting, named by the program title.
// - context: the course shown as the parent activity, the station as the grouping activity.
// - Guests are not identifiable members (a name typed at the door): they are left out and counted.
// - Members who are on the roster but not registered (activists, mobile members flowing in) do have an
//   identity here and are exported; the participation rate is not an xAPI concept.
import type { Statement } from '@xapi/xapi';
import { uuidV5, YUANJIAO_NAMESPACE } from './uuid-v5.ts';

export const ATTENDED_VERB = {
  id: 'http://adlnet.gov/expapi/verbs/attended',
  display: { 'zh-CN': '参加了', 'en-US': 'attended' },
} as const;
export const MEETING_TYPE = 'http://adlnet.gov/expapi/activities/meeting';
export const COURSE_TYPE = 'http://adlnet.gov/expapi/activities/course';
export const STATION_TYPE = 'http://id.tincanapi.com/activitytype/community-site';
/** Extension IRIs of our own; URNs, so nothing has to be hosted for them. */
export const LATE_EXTENSION = 'urn:yuanjiao:xapi:extension:late';
export const HELD_EXTENSION = 'urn:yuanjiao:xapi:extension:session-held';
export const PLATFORM = 'Yuanjiao 远教';

export interface XapiSession {
  id: number;
  title: string;
  courseId: number;
  courseTitle: string;
  /** Station-local date and start, for the description. */
  date: string;
  time: string;
  held: boolean;
}

export interface XapiCheckin {
  sessionId: number;
  memberId: number;
  memberName: string;
  /** UTC epoch ms. */
  checkedInAt: number;
  late: boolean;
}

export interface XapiInput {
  station: { id: string; name: string };
  sessions: XapiSession[];
  /** Check-ins of roster members, in the order they should appear. */
  checkins: XapiCheckin[];
}

function part(text: string): string {
  return encodeURIComponent(text);
}

export function stationIri(stationId: string): string {
  return `urn:yuanjiao:station:${part(stationId)}`;
}

export function sessionIri(stationId: string, sessionId: number): string {
  return `${stationIri(stationId)}:session:${sessionId}`;
}

export function courseIri(stationId: string, courseId: number): string {
  return `${stationIri(stationId)}:course:${courseId}`;
}

/** The statement id: UUID v5 of station + session + member, so the same attendance always has the same id. */
export function statementId(stationId: string, sessionId: number, memberId: number): string {
  return uuidV5(`station:${stationId}:session:${sessionId}:member:${memberId}`, YUANJIAO_NAMESPACE);
}

export function attendanceStatements(input: XapiInput): Statement[] {
  const sessions = new Map(input.sessions.map((s) => [s.id, s]));
  const station = input.station;
  const statements: Statement[] = [];
  for (const c of input.checkins) {
    const s = sessions.get(c.sessionId);
    if (!s) continue;
    statements.push({
      id: statementId(station.id, s.id, c.memberId),
      actor: { objectType: 'Agent', name: c.memberName, account: { homePage: stationIri(station.id), name: String(c.memberId) } },
      verb: { id: ATTENDED_VERB.id, display: { ...ATTENDED_VERB.display } },
      object: {
        objectType: 'Activity',
        id: sessionIri(station.id, s.id),
        definition: {
          name: { 'zh-CN': s.title },
          description: { 'zh-CN': `${station.name} ${s.date} ${s.time} 集中收看` },
          type: MEETING_TYPE,
        },
      },
      result: { extensions: { [LATE_EXTENSION]: c.late } },
      context: {
        contextActivities: {
          parent: [{ objectType: 'Activity', id: courseIri(station.id, s.courseId), definition: { name: { 'zh-CN': s.courseTitle }, type: COURSE_TYPE } }],
          grouping: [{ objectType: 'Activity', id: stationIri(station.id), definition: { name: { 'zh-CN': station.name }, type: STATION_TYPE } }],
        },
        platform: PLATFORM,
        language: 'zh-CN',
        extensions: { [HELD_EXTENSION]: s.held },
      },
      timestamp: new Date(c.checkedInAt).toISOString(),
    });
  }
  return statements;
}

/** The file: a JSON array of statements, as an LRS's statements resource takes them, with a final newline. */
export function statementsJson(statements: readonly Statement[]): string {
  return `${JSON.stringify(statements, null, 2)}\n`;
}
