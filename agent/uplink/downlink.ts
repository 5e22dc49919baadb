// Applies what the county sends down with each reply — county-wide programs, notices for the board and the
// assessment policy — in one transaction, marked as from the county.
//
// Decisions:
// - A county program is upserted by its county id through a small map kept in settings
//   ('uplink.countyPrograms': county id → station program id), not by title or notes, which the county may
//   edit. A county program missing from a later downlink is taken off the schedule (past sessions stay).
//   One the station's administrator removed comes back with the next changed downlink: county-wide
//   programs are the county's to cancel.
// - A live broadcast the county ended (liveEndedAt) stops where it plays and leaves the schedule; the kiosk
//   hears it as a stop. Staff end a broadcast for a reason (a wrong stream, an emergency): the showing is judged
//   as an administrator's stop is, never extended.
// - Its course: the station's own copy when the county names a sha256 the library holds (courseware sent by
//   satellite or USB); else a stream course (source 'county') for the county's stream URL, reused by URL.
//   A program whose file has not arrived and that has no stream is left out and retried with every reply
//   (the downlink's version is stored only once everything in it was applied).
// - Notices: the county's set replaces the county notices on the board; station notices are untouched.
// - Policy: minViewingsPerMonth goes to the station settings (policyMinViewingsPerMonth, which the monthly
//   report and rules use); the whole policy is kept in 'uplink.policy'.
import type { Db } from '../store/database.ts';
import { inTransaction } from '../store/database.ts';
import { ProgramError, ProgramStore, type Program, type ProgramInput } from '../programs/program-store.ts';
import type { RecurrenceRule } from '../programs/recurrence.pure.ts';
import { CourseStore } from '../../content/course-store.ts';
import { addNotice, listNotices, removeNotice } from '../notices/notice-store.ts';
import { readSetting, readStationSettings, writeSetting, writeStationSettings } from '../settings/settings-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { canonicalJson, type CountyCourse, type CountyProgram, type Downlink, type Policy } from '../../protocol/downlink.pure.ts';
import { COUNTY_NOTICES_SETTING, COUNTY_PROGRAMS_SETTING, DOWNLINK_VERSION_SETTING, POLICY_SETTING } from './uplink-settings.ts';
import { recordWithdrawnCodes } from '../admin/reset-code.ts';
import { enqueueOutbox } from '../outbox/outbox-store.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { endSession } from '../sessions/session-lifecycle.ts';
import { receiveCommands } from '../remote-help/remote-help-store.ts';

export interface DownlinkResult {
  /** False when the version equals the last one applied: nothing was read or written. */
  applied: boolean;
  changed: boolean;
  programs: { added: number; updated: number; removed: number; unresolved: { id: string; reason: string; params: Record<string, unknown> }[] };
  notices: { added: number; removed: number };
  policyChanged: boolean;
  /** PIN reset codes the county withdrew that this station had not heard of. */
  withdrawnResetCodes: number;
  /** A live broadcast (go live) was added or changed: the scheduler starts it now rather than at its next tick. */
  live: boolean;
  /** Showings of a live broadcast county staff ended, stopped here: the kiosk is told to leave them. */
  endedLive: { sessionId: number; courseId: number }[];
  /** Remote-help commands newly queued (agent/remote-help/): the service carries them out now. */
  remoteHelp: number;
}

const ACTOR = 'county';

export function applyDownlink(db: Db, downlink: Downlink, at: number): DownlinkResult {
  const result: DownlinkResult = {
    applied: false,
    changed: false,
    programs: { added: 0, updated: 0, removed: 0, unresolved: [] },
    notices: { added: 0, removed: 0 },
    policyChanged: false,
    withdrawnResetCodes: 0,
    live: false,
    endedLive: [],
    remoteHelp: 0,
  };
  if (readSetting<string | null>(db, DOWNLINK_VERSION_SETTING) === downlink.version) return result;
  return inTransaction(db, () => {
    result.applied = true;
    applyPrograms(db, downlink.programs, at, result);
    applyNotices(db, downlink.notices, at, result);
    applyPolicy(db, downlink.policy, at, result);
    // Codes the county withdrew: refused from now on, offline too (admin/reset-code.ts).
    result.withdrawnResetCodes = recordWithdrawnCodes(db, downlink.withdrawnResetCodes ?? [], at);
    // Remote help: each command judged and recorded with the downlink that brought it (replay guard included).
    result.remoteHelp = receiveCommands(db, downlink.remoteHelp ?? [], at);
    if (result.programs.unresolved.length === 0) {
      writeSetting(db, DOWNLINK_VERSION_SETTING, downlink.version, at);
      // The county learns what this station now has (issue 17, delivery state), with the change itself.
      const keys = [...downlink.programs.map((p) => p.id), ...downlink.notices.map((n) => n.id)];
      if (keys.length > 0) enqueueOutbox(db, 'delivery', at, { state: 'received', keys: keys.slice(0, 250) });
    }
    const p = result.programs;
    result.live = (p.added + p.updated > 0 && downlink.programs.some((x) => x.liveStartedAt !== undefined)) || result.endedLive.length > 0;
    result.changed = p.added + p.updated + p.removed + result.notices.added + result.notices.removed > 0 || result.policyChanged;
    return result;
  });
}

function applyPrograms(db: Db, programs: readonly CountyProgram[], at: number, result: DownlinkResult): void {
  const store = new ProgramStore(db);
  const map = { ...(readSetting<Record<string, number>>(db, COUNTY_PROGRAMS_SETTING) ?? {}) };
  const wanted = new Set(programs.map((p) => p.id));

  for (const [countyId, localId] of Object.entries(map)) {
    if (wanted.has(countyId)) continue;
    const local = store.get(localId);
    if (local && local.removedAt === null) {
      store.remove(localId, at);
      result.programs.removed += 1;
      appendStationLog(db, { type: 'program', actor: ACTOR, at, message: `县级平台取消节目：${local.title}`, detail: { programId: localId, countyProgramId: countyId } });
    }
    delete map[countyId];
  }

  for (const p of programs) {
    if (p.liveEndedAt !== undefined) {
      endLive(db, p, map[p.id], at, result);
      continue;
    }
    const courseId = resolveCourse(db, p.course, at);
    if (courseId === null) {
      result.programs.unresolved.push({ id: p.id, reason: 'course_not_received', params: {} });
      continue;
    }
    const input: ProgramInput = {
      courseId,
      title: p.title,
      kind: p.kind,
      // The protocol's rule schema mirrors RecurrenceRule; this assignment is where the compiler checks it.
      rule: p.rule satisfies RecurrenceRule,
      checkinOpensBeforeMin: p.checkinOpensBeforeMin,
      checkinClosesAfterMin: p.checkinClosesAfterMin,
      notes: p.notes,
      origin: 'county',
    };
    const existing = map[p.id] === undefined ? undefined : store.get(map[p.id]!);
    try {
      if (existing && existing.removedAt === null) {
        if (sameProgram(existing, input)) continue;
        store.update(existing.id, input, at);
        result.programs.updated += 1;
        appendStationLog(db, { type: 'program', actor: ACTOR, at, message: `县级平台更新节目：${p.title}`, detail: { programId: existing.id, countyProgramId: p.id } });
      } else {
        const added = store.add(input, at);
        map[p.id] = added.id;
        result.programs.added += 1;
        appendStationLog(db, { type: 'program', actor: ACTOR, at, message: `县级平台下发节目：${p.title}`, detail: { programId: added.id, countyProgramId: p.id } });
      }
    } catch (err) {
      // A rule this station cannot schedule must not stop the rest of the county's downlink.
      if (!(err instanceof ProgramError)) throw err;
      // The refusal as data (its code and values), as every refusal now travels; a reader words it.
      result.programs.unresolved.push({ id: p.id, reason: err.code, params: { ...err.params } });
    }
  }
  writeSetting(db, COUNTY_PROGRAMS_SETTING, map, at);
}

/**
 * A live broadcast county staff ended: its showing here stops (judged as any stopped showing is) and the program
 * leaves the schedule. One this station never added is not added now; the county id stays mapped, so a later
 * downlink still carrying it changes nothing.
 */
function endLive(db: Db, p: CountyProgram, localId: number | undefined, at: number, result: DownlinkResult): void {
  const store = new ProgramStore(db);
  const local = localId === undefined ? undefined : store.get(localId);
  if (!local || local.removedAt !== null) return;
  for (const session of new SessionStore(db).live(at)) {
    if (session.programId !== local.id || (session.status !== 'checkin' && session.status !== 'playing')) continue;
    const ended = endSession(db, session.id, at, 'county', ACTOR);
    result.endedLive.push({ sessionId: ended.id, courseId: ended.courseId });
  }
  store.remove(local.id, at);
  result.programs.removed += 1;
  appendStationLog(db, { type: 'program', actor: ACTOR, at, message: `县级平台结束直播：${p.title}`, detail: { programId: local.id, countyProgramId: p.id } });
}

function sameProgram(existing: Program, input: ProgramInput): boolean {
  return (
    existing.courseId === input.courseId &&
    existing.ownTitle === (input.title ?? null) &&
    existing.kind === input.kind &&
    canonicalJson(existing.rule) === canonicalJson(input.rule) &&
    existing.checkinOpensBeforeMin === input.checkinOpensBeforeMin &&
    existing.checkinClosesAfterMin === input.checkinClosesAfterMin &&
    existing.notes === (input.notes ?? null)
  );
}

/** The station's course for a county program, or null when it has neither the file nor a stream to play. */
function resolveCourse(db: Db, course: CountyCourse, at: number): number | null {
  const courses = new CourseStore(db);
  if (course.sha256 !== null) {
    const own = courses.findBySha256(course.sha256);
    if (own && own.status !== 'removed' && own.status !== 'quarantined') return own.id;
  }
  if (course.streamUrl === null) return null;
  const stream = courses.list().find((c) => c.source === 'county' && c.streamUrl === course.streamUrl);
  if (stream) return stream.id;
  return courses.add(
    { title: course.title, series: null, source: 'county', localPath: null, streamUrl: course.streamUrl, durationMs: course.durationMs, sha256: null },
    at,
  ).id;
}

function applyNotices(db: Db, notices: Downlink['notices'], at: number, result: DownlinkResult): void {
  const same = (a: { text: string; until: string | null }, b: { text: string; until: string | null }) => a.text.trim() === b.text.trim() && a.until === b.until;
  const current = listNotices(db).filter((n) => n.origin === 'county');
  // Which county notice each board notice is, so the kiosk showing it can be told to the county.
  const keys: Record<string, string> = {};
  for (const n of current) {
    const wanted = notices.find((w) => same(w, n));
    if (wanted) {
      keys[n.id] = wanted.id;
      continue;
    }
    removeNotice(db, n.id, at);
    result.notices.removed += 1;
  }
  for (const w of notices) {
    if (current.some((n) => same(w, n))) continue;
    keys[addNotice(db, { text: w.text, until: w.until, origin: 'county' }, at).id] = w.id;
    result.notices.added += 1;
  }
  writeSetting(db, COUNTY_NOTICES_SETTING, keys, at);
  if (result.notices.added + result.notices.removed > 0) {
    appendStationLog(db, {
      type: 'station',
      actor: ACTOR,
      at,
      message: `县级平台更新节目预告通知：新增 ${result.notices.added} 条，撤下 ${result.notices.removed} 条`,
      detail: { added: result.notices.added, removed: result.notices.removed },
    });
  }
}

function applyPolicy(db: Db, policy: Policy, at: number, result: DownlinkResult): void {
  const previous = readSetting<Policy>(db, POLICY_SETTING);
  const settings = readStationSettings(db);
  const policyChanged = previous === undefined || canonicalJson(previous) !== canonicalJson(policy);
  if (policyChanged) writeSetting(db, POLICY_SETTING, policy, at);
  if (settings.policyMinViewingsPerMonth !== policy.minViewingsPerMonth) {
    writeStationSettings(db, { policyMinViewingsPerMonth: policy.minViewingsPerMonth }, at);
  }
  // The very first policy is recorded quietly unless it asks for something.
  const asksSomething = policy.minViewingsPerMonth !== null || policy.minMinutesPerMonth !== null || policy.fixedStudyDays.length > 0 || policy.branchRhythm !== undefined;
  if (policyChanged && (previous !== undefined || asksSomething)) {
    result.policyChanged = true;
    const parts = [
      policy.minViewingsPerMonth === null ? '每月集中收看次数按站点类别' : `每月至少集中收看 ${policy.minViewingsPerMonth} 次`,
      policy.minMinutesPerMonth === null ? null : `每月至少 ${policy.minMinutesPerMonth} 分钟`,
      policy.fixedStudyDays.length === 0 ? null : `固定学习日每月 ${policy.fixedStudyDays.join('、')} 日`,
      policy.branchRhythm === undefined ? null : '三会一课次数按县级要求',
    ].filter((x) => x !== null);
    appendStationLog(db, { type: 'station', actor: ACTOR, at, message: `县级平台考核要求：${parts.join('，')}`, detail: policy });
  }
}
