// The mobile-member ledger (流动党员台帐) and the roster's new categories on real SQLite files: flows in, out and
// back with their roster changes through the roster-history rules, corrections as new entries, the table that
// refuses edits, the uplink event, the upgrade that rebuilds `members`, and the 入党申请人 / 困难党员 rules.
import fs from 'node:fs';
import { Compile } from 'typebox/compile';
import { afterEach, describe, expect, it } from 'vitest';
import { openStationDatabase } from '../../../agent/store/database.ts';
import { schemaVersion } from '../../../agent/store/migrate.ts';
import { LATEST_SCHEMA_VERSION, migrations } from '../../../agent/store/migrations/index.ts';
import { MemberStore, RosterError } from '../../../agent/roster/member-store.ts';
import { MobileLedgerStore } from '../../../agent/roster/mobile-ledger-store.ts';
import { recordFlow, type FlowRequest } from '../../../agent/roster/mobile-flow.ts';
import { guestCategoryOf, isRegisteredCategory } from '../../../agent/roster/categories.pure.ts';
import { SessionRosterStore } from '../../../agent/roster/session-roster-store.ts';
import { pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { MobileLedgerBodySchema } from '../../../protocol/event-bodies.pure.ts';
import { importRoster } from '../../../agent/roster/roster-import.ts';
import { ZONE, tempDir } from '../../support/station-fixture.ts';
import { NOW, createHistoryStation, runViewing } from './history-fixture.ts';
import { monthlyReport } from '../../../agent/reports/monthly-report.ts';
import { checkIn } from '../../../agent/attendance/checkin.ts';
import { endSession, openCheckin, startSession } from '../../../agent/sessions/session-lifecycle.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { at } from '../../support/station-fixture.ts';
import { oneLine } from '../../../protocol/refusals/bilingual.pure.ts';
import { rowProblemText } from '../../../protocol/refusals/roster-row-texts.pure.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const options = (confirm = false) => ({ confirm, actor: '管理员', at: NOW, zone: ZONE, today: '2026-12-06' });

function refusal(fn: () => unknown): RosterError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RosterError) return err;
    throw err;
  }
  throw new Error('expected a RosterError');
}

/** What the kiosk shows for a ledger refusal (its code and values cross the wire; the screen words them). */
const said = (e: RosterError) => refusalText({ code: e.code, params: e.params ?? {} }, 'zh-CN');

const ledgerEvents = (db: Parameters<typeof pendingOutbox>[0]) => pendingOutbox(db, 10_000).filter((e) => e.type === 'mobile_ledger');

describe('the mobile-member ledger', () => {
  it('a flow-in adds a 流入党员 from the date, who never counts in 应到; the entry goes up as a signed event once', () => {
    const { station } = createHistoryStation();
    dirs.push(station.dir);
    const entry = recordFlow(
      station.db,
      { kind: 'flow_in', date: '2026-12-07', organisation: '某县某镇党委', contact: '0871-1234567', certificateNo: 'LD2026-0012', person: { name: '流入甲', gender: 'male', branch: '第一党支部', phone: '13800001111' } },
      options(),
    );
    const member = new MemberStore(station.db).get(entry.memberId)!;
    expect(member).toMatchObject({ name: '流入甲', category: 'mobile_in', activeFrom: '2026-12-07', activeTo: null, hardship: false });
    expect(isRegisteredCategory(member.category)).toBe(false);
    expect(entry).toMatchObject({ kind: 'flow_in', date: '2026-12-07', organisation: '某县某镇党委', certificateNo: 'LD2026-0012', enteredBy: '管理员', corrects: null, correctedBy: null });
    const events = ledgerEvents(station.db);
    expect(events).toHaveLength(1);
    expect(events[0]!.body).toMatchObject({ entryId: entry.id, kind: 'flow_in', memberName: '流入甲', certificateNo: 'LD2026-0012' });
    expect(Compile(MobileLedgerBodySchema).Check(events[0]!.body)).toBe(true);
  });

  it('a flow-out that would take a member off a finished viewing asks first and writes nothing; confirmed, it corrects the list', () => {
    const { station, members, today } = createHistoryStation();
    dirs.push(station.dir);
    const who = members[0]!;
    const request: FlowRequest = { kind: 'flow_out', memberId: who.id, date: '2026-12-01', organisation: '广东省深圳市某街道党工委', certificateNo: 'LD-77' };
    const asked = refusal(() => recordFlow(station.db, request, options()));
    expect(asked.code).toBe('history_confirm_needed');
    expect(asked.months).toEqual(['2026-12']);
    expect(new MemberStore(station.db).get(who.id)!.activeTo).toBeNull();
    expect(new MobileLedgerStore(station.db).list()).toEqual([]);
    expect(ledgerEvents(station.db)).toEqual([]);

    const entry = recordFlow(station.db, request, options(true));
    expect(new MemberStore(station.db).get(who.id)!.activeTo).toBe('2026-11-30');
    expect(new SessionRosterStore(station.db).get(today.id)!.map((m) => m.id)).not.toContain(who.id);
    expect(entry.memberId).toBe(who.id);
    expect(ledgerEvents(station.db)).toHaveLength(1);
  });

  it('entries are never edited: the table refuses it, and a correction is a new entry that moves the same end of the place', () => {
    const { station, members } = createHistoryStation();
    dirs.push(station.dir);
    const who = members[1]!;
    const first = recordFlow(station.db, { kind: 'flow_out', memberId: who.id, date: '2026-12-08', organisation: '某市某区党委' }, options());
    expect(new MemberStore(station.db).get(who.id)!.activeTo).toBe('2026-12-07');
    expect(() => station.db.prepare('UPDATE mobile_ledger SET flow_date = ? WHERE id = ?').run('2026-12-09', first.id)).toThrow(/append-only/);
    expect(() => station.db.prepare('DELETE FROM mobile_ledger').run()).toThrow(/append-only/);

    const fix = recordFlow(station.db, { kind: 'flow_out', date: '2026-12-10', organisation: '某市某区党委', note: '日期登记有误', corrects: first.id }, options());
    expect(fix).toMatchObject({ memberId: who.id, corrects: first.id });
    expect(new MemberStore(station.db).get(who.id)!.activeTo).toBe('2026-12-09');
    const ledger = new MobileLedgerStore(station.db).list();
    expect(ledger.map((e) => [e.id, e.date, e.correctedBy])).toEqual([
      [first.id, '2026-12-08', fix.id],
      [fix.id, '2026-12-10', null],
    ]);
    const again = refusal(() => recordFlow(station.db, { kind: 'flow_out', date: '2026-12-11', organisation: 'x', corrects: first.id }, options()));
    expect(again.code).toBe('invalid_flow');
    expect(said(again)).toContain(`已由第 ${fix.id} 条更正`);
    const wrongKind = refusal(() => recordFlow(station.db, { kind: 'return', date: '2026-12-11', organisation: 'x', corrects: fix.id }, options()));
    expect(said(wrongKind)).toContain('更正须与原条目同为“流出”');
  });

  it("a return ends a 流入党员's place, or brings one of ours back as a new roster entry with the card", () => {
    const { station, members } = createHistoryStation();
    dirs.push(station.dir);
    const store = new MemberStore(station.db);
    const incoming = recordFlow(station.db, { kind: 'flow_in', date: '2026-12-07', organisation: '甲镇党委', person: { name: '流入乙', gender: null, branch: null, phone: null } }, options());
    recordFlow(station.db, { kind: 'return', memberId: incoming.memberId, date: '2026-12-20', organisation: '甲镇党委' }, options());
    expect(store.get(incoming.memberId)!.activeTo).toBe('2026-12-19');

    const ours = store.update(members[2]!.id, { cardUid: 'A1B2C3' }, NOW);
    recordFlow(station.db, { kind: 'flow_out', memberId: ours.id, date: '2026-12-08', organisation: '乙市党委' }, options());
    const back = recordFlow(station.db, { kind: 'return', memberId: ours.id, date: '2026-12-25', organisation: '乙市党委' }, options());
    expect(back.memberId).not.toBe(ours.id);
    expect(store.get(back.memberId)).toMatchObject({ name: ours.name, category: ours.category, branch: ours.branch, cardUid: 'A1B2C3', activeFrom: '2026-12-25', activeTo: null });
    expect(store.get(ours.id)).toMatchObject({ cardUid: null, activeTo: '2026-12-07' });

    const stillHere = refusal(() => recordFlow(station.db, { kind: 'return', memberId: members[3]!.id, date: '2026-12-25', organisation: 'x' }, options()));
    expect(said(stillHere)).toContain('仍在册，无需登记返回');
    const noOrg = refusal(() => recordFlow(station.db, { kind: 'flow_out', memberId: members[3]!.id, date: '2026-12-25', organisation: '  ' }, options()));
    expect(said(noOrg)).toBe('请填写流入地党组织');
    const badDate = refusal(() => recordFlow(station.db, { kind: 'flow_out', memberId: members[3]!.id, date: '2026-13-01', organisation: 'x' }, options()));
    expect(said(badDate)).toContain('应写成 YYYY-MM-DD');
  });
});

describe('入党申请人 and 困难党员', () => {
  it('an applicant is never a registered member and checks in as a guest line of their own; 困难党员 is a flag', () => {
    expect(isRegisteredCategory('applicant')).toBe(false);
    expect(guestCategoryOf('applicant')).toBe('applicant');
    const db = openStationDatabase(tempDir('yj-ledger-'));
    dirs.push(db.name.replace(/\/[^/]+$/, ''));
    const store = new MemberStore(db);
    const member = store.add({ name: '困难甲', gender: null, category: 'full', hardship: true, branch: null, cardUid: null, phone: null, activeFrom: '2026-01-01', activeTo: null }, NOW);
    expect(member.hardship).toBe(true);
    expect(store.update(member.id, { category: 'probationary' }, NOW).hardship).toBe(true);
    db.close();
  });

  it('applicants who check in (from the roster or at the door) are a guest line of their own, never in 应到', () => {
    const { station, members } = createHistoryStation();
    dirs.push(station.dir);
    const before = monthlyReport(station.db, '2026-12', NOW);
    const applicant = station.addMember({ name: '申请丁', category: 'applicant', activeFrom: '2026-12-01' });
    const flagged = new MemberStore(station.db).update(members[5]!.id, { hardship: true }, NOW);
    const viewing = runViewing(station.db, station, '2026-12-06', '13:00', [applicant, flagged]);
    const course = station.addCourse({ title: '晚间课件', durationMs: 40 * 60_000 });
    const program = station.addProgram({ courseId: course.id, title: '晚间集中收看', rule: { type: 'once', date: '2026-12-06', time: '19:30' } }, at('2026-12-06 00:00'));
    const occurrence = occurrenceOn(program.rule, ZONE, '2026-12-06')!;
    const evening = openCheckin(station.db, program, occurrence, occurrence.startsAt - 15 * 60_000);
    checkIn(station.db, { sessionId: evening.id, by: { guest: { name: '路人戊', category: 'applicant' } }, method: 'guest', actor: 'kiosk', at: occurrence.startsAt - 5 * 60_000 });
    startSession(station.db, program, occurrence, occurrence.startsAt);
    new SessionStore(station.db).recordPlayed(evening.id, 40 * 60_000);
    endSession(station.db, evening.id, occurrence.startsAt + 42 * 60_000, 'player');
    const after = monthlyReport(station.db, '2026-12', NOW);
    expect(after.registered).toBe(before.registered);
    expect(after.guestsByCategory.applicant).toBe(before.guestsByCategory.applicant + 2);
    expect(after.sessions.find((s) => s.id === viewing.id)).toMatchObject({ registered: before.registered, attendedRegistered: 1 });
  });

  it('the roster file takes 入党申请人 and a 困难党员 column, and names a wrong flag clearly', async () => {
    const db = openStationDatabase(tempDir('yj-ledger-'));
    dirs.push(db.name.replace(/\/[^/]+$/, ''));
    const csv = Buffer.from('姓名,类别,困难党员\n申请甲,入党申请人,否\n困难乙,正式党员,是\n错误丙,正式党员,也许\n', 'utf8');
    const refused = await importRoster(db, csv, 'r.csv', { actor: 'admin', at: NOW });
    expect(refused.written).toBe(false);
    const flag = refused.invalid[0]!;
    expect(flag).toMatchObject({ field: 'hardship', code: 'bad_flag', params: { value: '也许' } });
    expect(oneLine(rowProblemText(flag, flag.field))).toBe('困难党员“也许”无法识别，请填写 是 或 否 / hardship "也许" is not yes/no; use 是/否');
    const ok = await importRoster(db, csv, 'r.csv', { actor: 'admin', at: NOW, skipInvalid: true });
    expect(ok.created).toBe(2);
    const byName = new Map(new MemberStore(db).list().map((m) => [m.name, m]));
    expect(byName.get('申请甲')).toMatchObject({ category: 'applicant', hardship: false });
    expect(byName.get('困难乙')).toMatchObject({ category: 'full', hardship: true });
    db.close();
  });
});

describe('the upgrade to schema 10', () => {
  it('rebuilds members with every id, excusal and attendance reference intact, and takes the new category after', () => {
    const dir = tempDir('yj-ledger-up-');
    dirs.push(dir);
    const v7 = openStationDatabase(dir, { targetVersion: 7 });
    v7.exec(`
      INSERT INTO members (id, name, gender, category, branch, card_uid, phone, active_from, active_to, created_at, updated_at)
        VALUES (5, '老党员', 'female', 'full', '第一党支部', 'CARD5', '13800000005', NULL, NULL, 1, 1),
               (9, '积极分子', NULL, 'activist', NULL, NULL, NULL, '2026-01-01', NULL, 1, 1);
      INSERT INTO member_excusals (member_id, month, reason, created_at) VALUES (5, '2026-11', '外出务工', 1);
    `);
    expect(() => v7.prepare(`INSERT INTO members (name, category, created_at, updated_at) VALUES ('x', 'applicant', 1, 1)`).run()).toThrow(/CHECK/);
    v7.close();

    const db = openStationDatabase(dir);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    // Step 10 is this one, whatever steps come after it (0011 branch activities, …).
    expect(migrations.find((m) => m.version === 10)?.name).toBe('mobile-ledger');
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(10);
    const store = new MemberStore(db);
    expect(store.get(5)).toMatchObject({ name: '老党员', gender: 'female', category: 'full', hardship: false, cardUid: 'CARD5', phone: '13800000005' });
    expect(store.get(9)).toMatchObject({ category: 'activist', activeFrom: '2026-01-01' });
    expect(store.excusedIn('2026-11').get(5)).toBe('外出务工');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(store.add({ name: '申请人', gender: null, category: 'applicant', branch: null, cardUid: null, phone: null, activeFrom: null, activeTo: null }, NOW).category).toBe('applicant');
    // References still hold: an excusal of a member who does not exist is refused.
    expect(() => db.prepare(`INSERT INTO member_excusals (member_id, month, reason, created_at) VALUES (999, '2026-11', 'x', 1)`).run()).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
