// Admin mode's tabs, end to end: a real Chromium at 1920×1080 against a real agent on a real station database
// (admin-station.ts) whose PIN is already set. Covered: records with an attendance list and the station log,
// the roster import with its per-row errors, the member form and excusal, settings that reach the board, device
// health, and play now / preview / stop from the library. admin.test.ts has the PIN pad and the keyboard walk.
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from '../../support/screenshots.ts';
import { ZONE } from '../../support/station-fixture.ts';
import { localDateOf, localTimeOf } from '../../../agent/clock/local-time.pure.ts';
import { openStationDatabase } from '../../../agent/store/database.ts';
import { ProgramStore } from '../../../agent/programs/program-store.ts';
import { CourseStore } from '../../../content/course-store.ts';
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { openCheckin } from '../../../agent/sessions/session-lifecycle.ts';
import { focusInside } from '../../support/remote.ts';
import { agentJson, COURSE_TITLE, loginAdmin, MIN, NEW_PIN, openBoard, PAST_TITLE, stopShowing, text, useAdminStation, WALK_MS } from './admin-station.ts';

const station = useAdminStation(NEW_PIN);
const adminPin = NEW_PIN;

describe('admin mode’s tabs in Chromium', () => {
  it('shows a month of records: viewings held, the monthly rate, and a session’s attendance list; and the station log', async () => {
    const page = await openBoard(station);
    await loginAdmin(page, adminPin);
    await page.click('[data-testid=tab-records]');
    await page.waitForSelector('[data-testid=records-tab]');
    await page.click('[data-testid=prev-month]');
    await expect.poll(() => text(page, '[data-testid=session-table]'), { timeout: 10_000 }).toContain(PAST_TITLE);
    expect(await text(page, '[data-testid=sessions-held]')).toBe('1 / 应 1 次');
    // 张三 and 李四 of the three registered members (赵六 is an activist, 孙七 a guest).
    expect(await text(page, '[data-testid=month-rate]')).toBe('66.7%');
    await saveScreenshot(page, 'admin-records');

    // The session row opens with OK, like every other control.
    await page.focus('[data-testid=session-row]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=attendee-table]', { timeout: 10_000 });
    await focusInside(page, '[data-testid=attendance-dialog]');
    const rows = await page.$$eval('[data-testid=attendee-row]', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows.map((r) => r[0])).toEqual(['张三', '孙七', '李四']);
    expect(rows[0]).toEqual(['张三', '正式党员', '19:25', '—', '点名单']);
    expect(rows[1]![1]).toContain('职工/群众');
    expect(rows[2]).toEqual(['李四', '预备党员', '19:42', '迟到', '查找姓名']);
    await saveScreenshot(page, 'admin-attendance');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=attendance-dialog]', { state: 'detached' });

    await page.click('[data-testid=show-log]');
    await expect.poll(() => text(page, '[data-testid=station-log]'), { timeout: 10_000 }).toContain('李四 签到（迟到）');
    await saveScreenshot(page, 'admin-log');
    await page.close();
  });

  it('imports a roster file: a bad one shows each row’s error and writes nothing, skipping writes the good rows, a good one imports', async () => {
    const page = await openBoard(station);
    await loginAdmin(page, adminPin);
    await page.click('[data-testid=tab-roster]');
    await page.waitForSelector('[data-testid=roster-table]');
    await page.click('[data-testid=open-import]');
    await page.waitForSelector('[data-testid=roster-import]');
    const before = station.agent.ctx.db.prepare('SELECT count(*) AS n FROM members').get() as { n: number };

    const choose = async (name: string, csv: string) => {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid=choose-file]')]);
      await chooser.setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await expect.poll(() => text(page, '[data-testid=import-file-name]')).toContain(name);
    };
    const bad = ['姓名,性别,类别,所在支部,手机号', '钱八,男,正式党员,第一党支部,13800000001', ',女,正式党员,第一党支部,', '吴九,男,群众演员,第二党支部,', '郑十,女,预备党员,第二党支部,12345'].join('\n');
    await choose('bad-roster.csv', bad);
    await page.click('[data-testid=start-import]');
    await page.waitForSelector('[data-testid=import-result][data-written=false]', { timeout: 10_000 });
    const errors = await page.$$eval('[data-testid=import-error]', (items) => items.map((i) => i.textContent ?? ''));
    expect(errors.some((e) => e.startsWith('第 3 行'))).toBe(true);
    expect(errors.some((e) => e.startsWith('第 4 行') && e.includes('群众演员'))).toBe(true);
    expect(errors.some((e) => e.startsWith('第 5 行'))).toBe(true);
    expect(errors.every((e) => !e.startsWith('第 2 行'))).toBe(true);
    expect(await text(page, '[data-testid=import-result]')).toContain('有 3 行有误，未导入任何数据');
    expect((station.agent.ctx.db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n).toBe(before.n);
    await saveScreenshot(page, 'admin-roster-import-errors');

    // The same file with "skip invalid rows": the one good row goes in, the errors are still listed.
    await page.click('[data-testid=skip-invalid]');
    expect(await page.getAttribute('[data-testid=skip-invalid]', 'aria-pressed')).toBe('true');
    await page.click('[data-testid=start-import]');
    await page.waitForSelector('[data-testid=import-result][data-written=true]', { timeout: 10_000 });
    expect(await text(page, '[data-testid=import-result]')).toContain('新增 1 人');
    expect(await page.$$eval('[data-testid=import-error]', (items) => items.length)).toBe(3);

    const good = ['姓名,性别,类别,所在支部,手机号', '冯一,女,正式党员,第二党支部,13900000002', '陈二,男,入党积极分子,第二党支部,'].join('\n');
    await choose('good-roster.csv', good);
    await page.click('[data-testid=start-import]');
    await expect.poll(() => text(page, '[data-testid=import-result]'), { timeout: 10_000 }).toContain('新增 2 人，更新 0 人，未变 0 人');
    const names = (station.agent.ctx.db.prepare('SELECT name FROM members ORDER BY id').all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['钱八', '冯一', '陈二']));
    expect(names).toHaveLength(before.n + 3);

    await page.keyboard.press('Escape');
    await expect.poll(() => text(page, '[data-testid=roster-table]')).toContain('冯一');
    expect(await text(page, '[data-testid=roster-table]')).toContain('入党积极分子');
    await saveScreenshot(page, 'admin-roster');
    await page.close();
  });

  it('adds a member with the form (category from a list, start date from the calendar) and excuses them for the month', async () => {
    const page = await openBoard(station);
    await loginAdmin(page, adminPin);
    await page.click('[data-testid=tab-roster]');
    await page.click('[data-testid=add-member]');
    await focusInside(page, '[data-testid=member-form]');
    await page.fill('[data-testid=member-name]', '周十一');
    await page.click('[data-testid=member-category]');
    await page.getByRole('dialog').getByRole('button', { name: '预备党员' }).click();
    await expect.poll(() => text(page, '[data-testid=member-category]')).toContain('预备党员');
    await page.fill('[data-testid=member-phone]', '13700000003');
    await page.click('[data-testid=member-from-pick]');
    await focusInside(page, '[data-testid=calendar]');
    const today = localDateOf(Date.now() + station.skew, ZONE);
    await saveScreenshot(page, 'admin-calendar');
    await page.click(`[data-testid=calendar] [aria-label="${today}"]`);
    expect(await page.inputValue('[data-testid=member-from]')).toBe(today);
    await saveScreenshot(page, 'admin-member-form');
    await page.click('[data-testid=member-save]');
    await page.waitForSelector('[data-testid=roster-table]');
    const row = page.locator('[data-testid=member-row]', { hasText: '周十一' });
    await expect.poll(() => row.textContent()).toContain('预备党员');
    const saved = station.agent.ctx.db.prepare('SELECT id, category, phone, active_from FROM members WHERE name = ?').get('周十一') as { id: number; category: string; phone: string; active_from: string };
    expect(saved).toMatchObject({ category: 'probationary', phone: '13700000003', active_from: today });

    // A phone number the agent refuses keeps the form open with its reason.
    await row.getByRole('button', { name: '编辑' }).click();
    await focusInside(page, '[data-testid=member-form]');
    await page.fill('[data-testid=member-phone]', '12345');
    await page.click('[data-testid=member-save]');
    await expect.poll(() => text(page, '[data-testid=member-problem]')).toContain('phone');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=roster-table]');

    await row.getByTestId('excuse-member').click();
    await focusInside(page, '[data-testid=excusal-dialog]');
    await expect.poll(() => text(page, '[data-testid=excusal-state]')).toContain('月未请假');
    await page.fill('[data-testid=excusal-reason]', '外出务工');
    await saveScreenshot(page, 'admin-excusal');
    await page.getByRole('button', { name: '登记请假' }).click();
    await page.waitForSelector('[data-testid=excusal-dialog]', { state: 'detached' });
    const excusal = station.agent.ctx.db.prepare('SELECT month, reason FROM member_excusals WHERE member_id = ?').get(saved.id);
    expect(excusal).toEqual({ month: today.slice(0, 7), reason: '外出务工' });
    await expect.poll(() => row.textContent()).toContain('本月请假');
    await page.close();
  });

  it('saves settings the board shows at once: the station name and a notice', async () => {
    const page = await openBoard(station);
    await loginAdmin(page, adminPin);
    await page.click('[data-testid=tab-settings]');
    await page.waitForSelector('[data-testid=setting-name]');
    await page.fill('[data-testid=setting-name]', '红旗村党员活动室');
    await page.$eval('.adm-content', (el) => el.scrollTo(0, 0));
    await saveScreenshot(page, 'admin-settings');
    await page.click('[data-testid=settings-save]');
    await expect.poll(async () => (await agentJson<{ station: { name: string } }>(station, '/api/state')).station.name).toBe('红旗村党员活动室');

    await page.fill('[data-testid=notice-text]', '本周五下午召开支部党员大会');
    await page.click('[data-testid=notice-publish]');
    await expect.poll(() => text(page, '[data-testid=notices]')).toContain('本周五下午召开支部党员大会');
    await saveScreenshot(page, 'admin-settings-notices');

    await page.click('[data-testid=tab-exit]');
    await expect.poll(() => text(page, '[data-testid=station-name]')).toBe('红旗村党员活动室');
    await expect.poll(() => text(page, '.notices')).toContain('本周五下午召开支部党员大会');
    await page.close();
  });

  it('shows device health from the agent', async () => {
    const page = await openBoard(station);
    await loginAdmin(page, adminPin);
    await page.click('[data-testid=tab-device]');
    await page.waitForSelector('[data-testid=device-figures]', { timeout: 10_000 });
    expect(await text(page, '[data-testid=disk-free]')).toMatch(/可用 [\d.]+ (KB|MB|GB|TB)/);
    expect(await text(page, '[data-testid=outbox]')).toMatch(/\d+ 条/);
    expect(await text(page, '[data-testid=no-alerts]')).toContain('当前没有告警');
    await saveScreenshot(page, 'admin-device');
    await page.close();
  });

  it('lists the library, stops a running session from the list, previews a course, and plays one now', async () => {
    let page = await openBoard(station);
    await loginAdmin(page, adminPin);
    await page.click('[data-testid=tab-library]');
    await expect.poll(() => text(page, '[data-testid=course-table]'), { timeout: 10_000 }).toContain(COURSE_TITLE);
    expect(await text(page, '[data-testid=course-table]')).toContain('45 分钟');
    expect(await text(page, '[data-testid=live-none]')).toContain('当前没有');

    // A group viewing opens its check-in while admin mode is open, committed by another process as the
    // CLI would: the list of running sessions picks it up. It starts in an hour, well after these tests.
    const db = openStationDatabase(station.dir);
    let sessionId: number;
    try {
      const now = Date.now() + station.skew;
      const start = Math.ceil((now + 60 * MIN) / MIN) * MIN;
      const course = new CourseStore(db).list().find((c) => c.title === COURSE_TITLE)!;
      const program = new ProgramStore(db).add(
        { courseId: course.id, title: '临时集中收看', kind: 'group_viewing', rule: { type: 'once', date: localDateOf(start, ZONE), time: localTimeOf(start, ZONE) }, checkinOpensBeforeMin: 90, checkinClosesAfterMin: 30 },
        now,
      );
      sessionId = openCheckin(db, program, occurrenceOn(program.rule, ZONE, localDateOf(start, ZONE))!, now).id;
    } finally {
      db.close();
    }
    await expect.poll(() => text(page, '[data-testid=live-list]'), { timeout: 10_000 }).toContain('临时集中收看');
    await saveScreenshot(page, 'admin-library');
    await page.click('[data-testid=stop-session]');
    await page.click('[data-testid=confirm-ok]');
    await page.waitForSelector('[data-testid=live-none]', { timeout: 10_000 });
    expect((await agentJson<{ session: { status: string } }>(station, `/api/sessions/${sessionId}`)).session.status).toBe('ended');

    // A preview plays on this screen only: the player opens and the agent records no session.
    const sessionsBefore = station.agent.ctx.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number };
    await page.click('[data-testid=play-course]');
    await page.waitForSelector('[data-testid=play-dialog]');
    await page.click('[data-testid=play-preview]');
    await page.waitForSelector('[data-screen=player]');
    expect(station.agent.ctx.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual(sessionsBefore);
    await page.close();

    // Play now: the agent starts a session and the room's screen switches to the player.
    page = await openBoard(station);
    await loginAdmin(page, adminPin);
    await page.click('[data-testid=tab-library]');
    await page.click('[data-testid=play-course]');
    await page.waitForSelector('[data-testid=play-dialog]');
    await page.click('[data-testid=play-background]');
    await page.waitForSelector('[data-screen=player]', { timeout: 10_000 });
    const live = await agentJson<{ sessions: { session: { id: number; title: string; status: string; kind: string } }[] }>(station, '/api/sessions/live');
    const started = live.sessions.find((v) => v.session.title === COURSE_TITLE && v.session.status === 'playing');
    expect(started?.session.kind).toBe('background');
    // Leaving admin mode for the player logged out.
    expect((await fetch(new URL('/api/admin/settings', station.agent.url))).status).toBe(401);

    // Stop it again so the next tests find the board, not the player.
    await stopShowing(station, started!.session.id, adminPin);
    await page.waitForSelector('[data-testid=station-name]', { timeout: 10_000 });
    await page.close();
  }, WALK_MS);

  it('立即播放 as 集中收看 opens the door first; 立即开始 there starts the showing', async () => {
    const page = await openBoard(station);
    await loginAdmin(page, adminPin);
    await page.click('[data-testid=tab-library]');
    await page.click('[data-testid=play-course]');
    await page.waitForSelector('[data-testid=play-dialog]');
    await page.click('[data-testid=play-group]');
    await page.waitForSelector('[data-screen=checkin] [data-testid=start-now]', { timeout: 10_000 });
    expect(await text(page, '[data-testid=checkin-title]')).toBe(COURSE_TITLE);
    await saveScreenshot(page, 'checkin-start-now');
    await page.click('[data-testid=start-now]');
    await page.waitForSelector('[data-screen=player]', { timeout: 10_000 });
    const live = await agentJson<{ sessions: { session: { id: number; title: string; status: string; kind: string } }[] }>(station, '/api/sessions/live');
    const started = live.sessions.find((v) => v.session.title === COURSE_TITLE && v.session.status === 'playing')!;
    expect(started.session.kind).toBe('group_viewing');
    // Stop it so the next tests find the board.
    await stopShowing(station, started.session.id, adminPin);
    await page.close();
  });
});
