// Excusals (请假), and the tutor the administrator sets for a viewing already over, for a month whose records were already exported, printed or reported ask first, as roster
// changes do: refused with history_confirm_needed (409) and the month, nothing written and nothing logged;
// made with ?confirm=true and then logged as a correction. A month nobody issued is not asked about. Over real
// HTTP against a real agent on a real SQLite file, the clock held at 2026-12-06 15:00.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import type { MonthlyReport } from '../../../agent/reports/monthly-report.ts';
import type { Member } from '../../../agent/roster/member-store.ts';
import type { Session } from '../../../agent/sessions/session-store.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { replaceDefaultPin } from '../../support/admin-pin.ts';
import { NOVEMBER, NOW, createHistoryStation } from './history-fixture.ts';
import { cli } from '../exports/export-support.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';

let dir: string;
let agent: RunningAgent;
let token: string;
let members: Member[];
let november: Session;
let today: Session;

function call(method: string, route: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(new URL(route, agent.url), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function excused(month: string): Promise<string[]> {
  const report = (await (await call('GET', `/api/admin/reports/month/${month}`)).json()) as MonthlyReport;
  return report.excusedMembers.map((m) => `${m.name}:${m.reason}`);
}

async function logMessages(): Promise<string[]> {
  const body = (await (await call('GET', '/api/admin/log?type=roster')).json()) as { entries: { message: string }[] };
  return body.entries.map((e) => e.message);
}

/** A refusal as the kiosk gets it: its code and months, and the Chinese the screen shows for it. */
async function refusal(res: Response): Promise<{ status: number; code: string; months: string[] | undefined; message: string }> {
  const body = (await res.json()) as { error: { code: string; params: { months?: string[] } } };
  return { status: res.status, code: body.error.code, months: body.error.params.months, message: refusalText(body.error, 'zh-CN') };
}

beforeAll(async () => {
  dir = tempDir('yj-issued-changes-');
  const history = createHistoryStation(dir);
  members = history.members;
  november = history.november;
  today = history.today;
  history.station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error', now: () => NOW });
  token = await replaceDefaultPin(agent.url, '246810');
  // November's sign-in sheet goes out as a file: November is issued from here on.
  expect((await call('GET', `/api/admin/exports/signin-sheet?session=${november.id}&format=csv`)).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('an excusal in a month already issued', () => {
  it('is refused with the month, writes and logs nothing, and is made when confirmed', async () => {
    const member = members[20]!;
    const logBefore = await logMessages();
    const refused = await refusal(await call('PUT', `/api/admin/members/${member.id}/excusals/${NOVEMBER}`, { reason: '外出务工' }));
    expect(refused).toMatchObject({ status: 409, code: 'history_confirm_needed', months: [NOVEMBER] });
    expect(refused.message).toContain('请假更改');
    expect(await excused(NOVEMBER)).toEqual([]);
    expect(await logMessages()).toEqual(logBefore);

    expect((await call('PUT', `/api/admin/members/${member.id}/excusals/${NOVEMBER}?confirm=true`, { reason: '外出务工' })).status).toBe(200);
    expect(await excused(NOVEMBER)).toEqual([`${member.name}:外出务工`]);
    expect(await logMessages()).toContain(`${member.name} ${NOVEMBER} 请假：外出务工（经确认更正 ${NOVEMBER} 已出具的记录）`);

    // The same reason again changes nothing, so asks nothing; a new reason changes the printed report and asks.
    expect((await call('PUT', `/api/admin/members/${member.id}/excusals/${NOVEMBER}`, { reason: '外出务工' })).status).toBe(200);
    expect((await call('PUT', `/api/admin/members/${member.id}/excusals/${NOVEMBER}`, { reason: '住院' })).status).toBe(409);
    expect(await excused(NOVEMBER)).toEqual([`${member.name}:外出务工`]);

    // Taking it back asks too.
    const back = await refusal(await call('DELETE', `/api/admin/members/${member.id}/excusals/${NOVEMBER}`));
    expect(back).toMatchObject({ status: 409, code: 'history_confirm_needed', months: [NOVEMBER] });
    expect(await excused(NOVEMBER)).toEqual([`${member.name}:外出务工`]);
    expect((await call('DELETE', `/api/admin/members/${member.id}/excusals/${NOVEMBER}?confirm=true`)).status).toBe(200);
    expect(await excused(NOVEMBER)).toEqual([]);
    expect(await logMessages()).toContain(`${member.name} ${NOVEMBER} 取消请假（经确认更正 ${NOVEMBER} 已出具的记录）`);
  });

  it('from the CLI: refused without --confirm, changing nothing; made and logged with it', async () => {
    const member = members[7]!;
    const refused = await cli(dir, 'roster', 'excuse', '--member', String(member.id), '--month', NOVEMBER, '--reason', '住院');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`此次请假更改会改变 ${NOVEMBER} 已打印、导出或上报的记录`);
    expect(refused.err).toContain('--confirm');
    expect(await excused(NOVEMBER)).toEqual([]);

    const made = await cli(dir, 'roster', 'excuse', '--member', String(member.id), '--month', NOVEMBER, '--reason', '住院', '--confirm');
    expect(made.code, made.err).toBe(0);
    expect(await excused(NOVEMBER)).toEqual([`${member.name}:住院`]);
    expect(await logMessages()).toContain(`${member.name} ${NOVEMBER} 请假：住院（经确认更正 ${NOVEMBER} 已出具的记录）`);

    expect((await cli(dir, 'roster', 'excuse', '--member', String(member.id), '--month', NOVEMBER, '--clear')).code).toBe(1);
    expect(await excused(NOVEMBER)).toEqual([`${member.name}:住院`]);
    expect((await cli(dir, 'roster', 'excuse', '--member', String(member.id), '--month', NOVEMBER, '--clear', '--confirm')).code).toBe(0);
    expect(await excused(NOVEMBER)).toEqual([]);
    expect((await cli(dir, 'roster', 'excuse', '--member', String(member.id), '--month', NOVEMBER)).code).toBe(2);
  });

  it('a bad reason is refused as such, before any question', async () => {
    const res = await refusal(await call('PUT', `/api/admin/members/${members[1]!.id}/excusals/${NOVEMBER}?confirm=true`, { reason: '   ' }));
    expect(res).toMatchObject({ status: 400, code: 'invalid_reason' });
    const unconfirmed = await refusal(await call('PUT', `/api/admin/members/${members[1]!.id}/excusals/${NOVEMBER}`, { reason: '   ' }));
    expect(unconfirmed).toMatchObject({ status: 400, code: 'invalid_reason' });
  });

  it('is not asked about in a month nobody issued, and is asked once that month is exported', async () => {
    const member = members[3]!;
    expect((await call('PUT', `/api/admin/members/${member.id}/excusals/2026-10`, { reason: '探亲' })).status).toBe(200);
    expect(await excused('2026-10')).toEqual([`${member.name}:探亲`]);
    expect(await logMessages()).toContain(`${member.name} 2026-10 请假：探亲`);

    expect((await call('GET', '/api/admin/exports/month-report?month=2026-10&format=csv')).status).toBe(200);
    const refused = await refusal(await call('DELETE', `/api/admin/members/${member.id}/excusals/2026-10`));
    expect(refused).toMatchObject({ status: 409, code: 'history_confirm_needed', months: ['2026-10'] });
    expect(await excused('2026-10')).toEqual([`${member.name}:探亲`]);
  });
});

describe("the administrator sets a finished viewing's tutor", () => {
  async function sheetText(id: number): Promise<string> {
    const res = await call('GET', `/api/admin/exports/signin-sheet?session=${id}&format=csv`);
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer()).toString('utf8');
  }
  const tutorLine = (csv: string) => csv.split(/\r?\n/).find((l) => l.startsWith('学习辅导员'));

  it('freely in a month not issued, asking first in one issued; the sign-in sheet names the tutor', async () => {
    const ids: Record<string, number> = {};
    for (const name of ['孙辅导', '周辅导']) {
      const added = await call('POST', '/api/admin/accounts', { name, role: 'tutor' });
      expect(added.status).toBe(201);
      ids[name] = ((await added.json()) as { account: { id: number } }).account.id;
    }
    // This morning's viewing: December was never exported.
    const set = await call('POST', `/api/admin/sessions/${today.id}/tutor`, { accountId: ids['孙辅导'] });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { session: Session }).session.tutor).toBe('孙辅导');
    expect(tutorLine(await sheetText(today.id))).toContain('孙辅导');

    // November went out as a file: asked first, nothing changes until confirmed.
    const before = await sheetText(november.id);
    const refused = await refusal(await call('POST', `/api/admin/sessions/${november.id}/tutor`, { accountId: ids['周辅导'] }));
    expect(refused).toMatchObject({ status: 409, code: 'history_confirm_needed', months: [NOVEMBER] });
    expect(refused.message).toContain('辅导员更改');
    expect(await sheetText(november.id)).toBe(before);

    expect((await call('POST', `/api/admin/sessions/${november.id}/tutor?confirm=true`, { accountId: ids['周辅导'] })).status).toBe(200);
    expect(tutorLine(await sheetText(november.id))).toContain('周辅导');
    const log = (await (await call('GET', '/api/admin/log?type=session')).json()) as { entries: { message: string; actor: string }[] };
    expect(log.entries.find((e) => e.message.startsWith('学习辅导员：周辅导'))).toMatchObject({
      actor: '管理员',
      message: expect.stringContaining(`（经确认更正 ${NOVEMBER} 已出具的记录）`),
    });
  });
});
