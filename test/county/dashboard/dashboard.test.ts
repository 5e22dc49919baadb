// The county dashboard in a real Chromium against a real hub filled with a simulated county: logging in
// (and being refused), the overview's figures against the staff API's, the ranking's sorting and its
// below-minimum marks, a station's charts and records, alerts, what a viewer may not do and what an
// administrator does (a notice, a program, a station with its code), English, and an expired session.
// Screenshots of the main pages go to test-artifacts/.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { saveScreenshot } from '../../support/screenshots.ts';
import { call } from '../support/hub-fixture.ts';
import { ADMIN, HISTORY_STATION, MONTH, PENDING_STATION, VIEWER, startDashboardCounty, type DashboardCounty } from '../support/dashboard-county.ts';
import type { Overview, StationDetail } from '../../../county/views/dashboard-views.ts';
import type { StationRow } from '../../../county/views/station-rows.ts';
import type { HubAlert } from '../../../county/figures/alerts.pure.ts';

let county: DashboardCounty;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [county, browser] = await Promise.all([startDashboardCounty(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await county?.hub.stop();
  if (county) fs.rmSync(county.hub.dataDir, { recursive: true, force: true });
});

const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const CJK = /[\u4e00-\u9fff]/;

interface Opened {
  page: Page;
  /** Script errors and console errors (a CSP violation shows here), besides refused requests. */
  errors: string[];
}

async function open(size: { width: number; height: number } = { width: 1920, height: 1080 }): Promise<Opened> {
  const context = await browser.newContext({ viewport: size, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  // A 401 or 429 the page expects (and explains) is logged by Chromium as a failed resource.
  page.on('console', (msg) => msg.type() === 'error' && !msg.text().startsWith('Failed to load resource') && errors.push(msg.text()));
  await page.goto(`${county.hub.url}/`);
  await page.waitForSelector('[data-testid=login]');
  return { page, errors };
}

async function logIn(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.fill('input[name=username]', user.username);
  await page.fill('input[name=password]', user.password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=current-user]');
}

async function openAs(user: { username: string; password: string }, size?: { width: number; height: number }): Promise<Opened> {
  const opened = await open(size);
  await logIn(opened.page, user);
  return opened;
}

/** Screenshots once the Chinese font has arrived, so the picture shows what staff see. */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // The pointer away from the rows, so no hover tint shows.
  await page.mouse.move(0, 0);
  await saveScreenshot(page, name);
}

const api = <B>(path: string, token = county.adminToken) => call<B>(`${county.hub.url}${path}`, { token }).then((r) => r.body);
const rowIds = (page: Page) => page.$$eval('[data-testid=ranking] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-station')));

describe('serving the dashboard', () => {
  it('serves the page with a strict content policy, its bundle, and the Chinese font', async () => {
    const page = await fetch(`${county.hub.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/assets/app.js">');
    const script = await fetch(`${county.hub.url}/assets/app.js`);
    expect([script.status, script.headers.get('content-type')]).toEqual([200, expect.stringContaining('javascript')]);
    expect((await fetch(`${county.hub.url}/assets/app.css`)).status).toBe(200);
    expect((await fetch(`${county.hub.url}/fonts/noto-sans-sc-chinese-simplified-400-normal.woff2`)).status).toBe(200);
    const missing = await call<{ error: { code: string } }>(`${county.hub.url}/assets/nothing-here.js`);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
  });

  it('gives the pages the county time zone and what each grade must hold', async () => {
    const overview = await api<Overview>(`/api/county/overview?month=${MONTH}`);
    expect(overview.requiredByGrade).toEqual({ demonstration: 2, standard: 1, ordinary: 1 });
    expect((await api<StationDetail>(`/api/county/stations/${county.historyId}`)).timeZone).toBe('Asia/Shanghai');
    expect((await api<{ timeZone: string }>('/api/county/alerts')).timeZone).toBe('Asia/Shanghai');
    await call(`${county.hub.url}/api/county/policy`, { method: 'PUT', token: county.adminToken, body: { minViewingsPerMonth: 2, minMinutesPerMonth: null, fixedStudyDays: [] } });
    expect((await api<Overview>('/api/county/overview')).requiredByGrade).toEqual({ demonstration: 2, standard: 2, ordinary: 2 });
    await call(`${county.hub.url}/api/county/policy`, { method: 'PUT', token: county.adminToken, body: { minViewingsPerMonth: null, minMinutesPerMonth: null, fixedStudyDays: [] } });
  });
});

describe('logging in', () => {
  it('says so plainly when the password is wrong, and how long this computer must wait after too many tries', async () => {
    const { page, errors } = await open();
    await screenshot(page, 'dashboard-login');
    await page.fill('input[name=username]', VIEWER.username);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('[data-testid=login-submit]');
    await expect.poll(() => page.textContent('[data-testid=login-error]')).toBe('用户名或密码不对，请重新输入');

    // Three wrong tries at a name from this machine are free; the next waits (the hub's clock stands still here).
    await county.hub.ctx.auth.addUser({ username: 'wang-slowed', role: 'viewer', password: 'slowed-password-1' }, county.hub.ctx.now(), 'test');
    for (let i = 0; i < 3; i++) await call(`${county.hub.url}/api/county/login`, { body: { username: 'wang-slowed', password: 'wrong-wrong-wrong' } });
    await page.fill('input[name=username]', 'wang-slowed');
    await page.fill('input[name=password]', 'slowed-password-1');
    await page.click('[data-testid=login-submit]');
    await expect.poll(() => page.textContent('[data-testid=login-error]')).toBe('登录尝试过多，请 1 秒后再试（只影响这台电脑，账号没有锁定）');
    expect(errors).toEqual([]);
  });

  it('returns to the login with a message when the session has ended, and logs out', async () => {
    const { page } = await openAs(VIEWER);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'yj_county_session')!;
    // The session ends behind the page's back (expired, or ended elsewhere): the next request finds out.
    await call(`${county.hub.url}/api/county/logout`, { method: 'POST', token: decodeURIComponent(cookie.value) });
    await page.click('[data-nav=alerts]');
    await expect.poll(() => page.textContent('[data-testid=login-notice]')).toBe('登录已过期，请重新登录');

    await logIn(page, VIEWER);
    await expect.poll(() => page.locator('[data-testid=alerts-page]').count()).toBe(1);
    await page.click('[data-testid=logout]');
    await expect.poll(() => page.textContent('[data-testid=login-notice]')).toBe('已退出登录');
  });
});

describe('overview', () => {
  it('shows the staff API\'s figures for the month, and says the month is still running', async () => {
    const { page, errors } = await openAs(VIEWER);
    const o = await api<Overview>('/api/county/overview', county.viewerToken);
    expect(o.month).toBe(MONTH);
    await page.waitForSelector('[data-testid=ranking] tbody tr');
    const value = (id: string) => page.textContent(`[data-testid=${id}-value]`);
    expect(await value('kpi-enrolled')).toBe(String(o.stations.enrolled));
    expect(await page.textContent('[data-testid=kpi-enrolled-detail]')).toContain(String(o.stations.pendingEnrollment));
    expect(await value('kpi-online')).toBe(String(o.online.now));
    expect(await value('kpi-online-rate')).toBe(pct(o.online.rate));
    expect(await value('kpi-participation')).toBe(pct(o.participation.rate));
    expect(await page.textContent('[data-testid=kpi-participation-detail]')).toContain(`${o.participation.attendedRegistered} / ${o.participation.registered}`);
    expect(await value('kpi-sessions')).toBe(String(o.sessionsHeld));
    expect(await value('kpi-below')).toBe(String(o.belowMinimum.length));
    expect(await page.textContent('[data-testid=month-running]')).toBe('本月尚未结束，以下为截至目前的数据');
    // A county-only hub (no org tree, no coordinates): no navigator, no children table, no map.
    await expect.poll(() => page.getAttribute('[data-testid=overview]', 'data-org')).toBe('none');
    expect(await page.$$('[data-testid=org-bar], [data-testid=children-panel], [data-testid=map-panel]')).toEqual([]);
    // The simulated county has stations online, pending and behind: the figures are not trivially zero.
    expect([o.stations.enrolled, o.stations.pendingEnrollment, o.online.now > 0 && o.online.now < 15, o.belowMinimum.length > 0]).toEqual([15, 1, true, true]);

    // The month's table downloads with the session cookie, in the chosen language.
    const csv = await page.getAttribute('[data-testid=monthly-export] [data-format=csv]', 'href');
    expect(csv).toBe(`/api/county/export/monthly.csv?month=${MONTH}&lang=zh-CN`);
    const download = await page.request.get(`${county.hub.url}${csv}`);
    expect([download.status(), download.headers()['content-type']]).toEqual([200, expect.stringContaining('text/csv')]);
    expect(await page.getAttribute('[data-testid=monthly-export] [data-format=pdf]', 'href')).toBe(`/api/county/export/monthly.pdf?month=${MONTH}&lang=zh-CN`);

    await expect.poll(() => page.getAttribute('[data-testid=chart-by-station]', 'data-points')).toBe(String((await api<{ rows: StationRow[] }>('/api/county/ranking')).rows.filter((r) => r.participationRate !== null).length));
    await screenshot(page, 'dashboard-overview');
    expect(errors).toEqual([]);
  });

  it('ranks every enrolled station once, marks those not yet at the minimum 进行中 while the month runs, and re-sorts on a header keeping each rank', async () => {
    const { page } = await openAs(VIEWER);
    const ranking = await api<{ rows: (StationRow & { rank: number })[] }>('/api/county/ranking', county.viewerToken);
    await page.waitForSelector('[data-testid=ranking] tbody tr');
    expect(await rowIds(page)).toEqual(ranking.rows.map((r) => r.id));
    expect(ranking.rows).toHaveLength(15);
    expect(await page.textContent('[data-testid=ranking]')).not.toContain(PENDING_STATION);

    const marks = await page.$$eval('[data-testid=ranking] tbody tr', (rows) =>
      rows.map((r) => ({ id: r.getAttribute('data-station'), below: r.getAttribute('data-below'), marker: r.querySelector('[data-testid=below-marker]')?.textContent ?? null })),
    );
    // The month is still running (see the overview test): not 未达标 yet, and no row is tinted as failed.
    expect(marks).toEqual(ranking.rows.map((r) => ({ id: r.id, below: String(!r.compliant), marker: r.compliant ? null : '进行中' })));
    expect(await page.$$('[data-testid=ranking] tbody tr.row-below')).toHaveLength(0);
    const rankOnScreen = () => page.$$eval('[data-testid=ranking] tbody tr', (rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-station'), Number(r.querySelector('.rank')?.textContent)])));
    const ranks = Object.fromEntries(ranking.rows.map((r) => [r.id, r.rank]));
    expect(await rankOnScreen()).toEqual(ranks);
    expect(marks.some((m) => m.below === 'true') && marks.some((m) => m.below === 'false')).toBe(true);

    const byName = await api<{ rows: StationRow[] }>('/api/county/ranking?sort=name&order=asc', county.viewerToken);
    await page.getByRole('button', { name: '站点' }).click();
    await expect.poll(() => rowIds(page)).toEqual(byName.rows.map((r) => r.id));
    expect(page.url()).toContain('sort=name&order=asc');
    // Sorting by name reorders the rows, not the ranks: each station keeps its place by participation.
    expect(await rankOnScreen()).toEqual(ranks);
    // The month's file comes in the order on screen.
    const csv = await page.getAttribute('[data-testid=monthly-export] [data-format=csv]', 'href');
    expect(csv).toBe(`/api/county/export/monthly.csv?month=${MONTH}&lang=zh-CN&sort=name&order=asc`);
    expect((await page.request.get(`${county.hub.url}${csv}`)).status()).toBe(200);
    await page.getByRole('button', { name: '站点' }).click();
    await expect.poll(() => rowIds(page)).toEqual([...byName.rows].reverse().map((r) => r.id));
    const byUptime = await api<{ rows: StationRow[] }>('/api/county/ranking?sort=uptime&order=desc', county.viewerToken);
    await page.getByRole('button', { name: '本月开机率' }).click();
    await expect.poll(() => rowIds(page)).toEqual(byUptime.rows.map((r) => r.id));
    expect(await page.getAttribute('th[data-sort=uptime]', 'aria-sort')).toBe('descending');
  });

  it('lays out at 1366×768 without a horizontal scroll', async () => {
    const { page } = await openAs(VIEWER, { width: 1366, height: 768 });
    await page.waitForSelector('[data-testid=ranking] tbody tr');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await screenshot(page, 'dashboard-overview-1366');
  });
});

describe('a station\'s page', () => {
  it('keeps the month when a station is opened from an earlier month\'s ranking, which marks a month that is over 未达标', async () => {
    const { page } = await openAs(VIEWER);
    const october = await api<{ rows: (StationRow & { rank: number })[] }>('/api/county/ranking?month=2026-10', county.viewerToken);
    await page.goto(`${county.hub.url}/#/overview?month=2026-10`);
    await page.waitForSelector(`[data-testid=ranking] tr[data-station=${county.historyId}]`);
    // The page may still show the current month's table (its rows are the same stations) until October's
    // arrives: wait for October's marks, not for the first table with that row.
    const marks = () => page.$$eval('[data-testid=ranking] [data-testid=below-marker]', (els) => els.map((e) => e.textContent));
    await expect.poll(marks).toEqual(october.rows.filter((r) => !r.compliant).map(() => '未达标'));
    await page.click(`[data-testid=ranking] tr[data-station=${county.historyId}]`);
    await page.waitForSelector('[data-testid=station-page]');
    expect(page.url()).toContain(`#/stations/${county.historyId}?month=2026-10`);
    expect(await page.getAttribute('[data-testid=station-export] [data-format=xlsx]', 'href')).toBe(`/api/county/stations/${county.historyId}/report.xlsx?month=2026-10&lang=zh-CN`);
  });

  it('opens from the ranking with its charts drawn, its viewings, health, equipment and log, and Back returns', async () => {
    const { page, errors } = await openAs(VIEWER);
    const detail = await api<StationDetail>(`/api/county/stations/${county.historyId}`, county.viewerToken);
    await page.click(`[data-testid=ranking] tr[data-station=${county.historyId}]`);
    await page.waitForSelector('[data-testid=station-page]');
    expect(page.url()).toContain(`#/stations/${county.historyId}`);
    expect(await page.textContent('[data-testid=station-name]')).toContain(HISTORY_STATION);

    expect(await page.getAttribute('[data-testid=chart-uptime]', 'data-points')).toBe(String(detail.uptimeTimeline.length));
    expect(await page.getAttribute('[data-testid=chart-participation]', 'data-points')).toBe(String(detail.participationSeries.length));
    expect([detail.uptimeTimeline.length, detail.participationSeries.length]).toEqual([30, 12]);
    // The bars themselves are on the canvas, in their colours: not an empty frame with axes.
    expect(await paintedPixels(page, 'chart-uptime', [46, 133, 64])).toBeGreaterThan(2000);
    expect(await paintedPixels(page, 'chart-participation', [47, 109, 181])).toBeGreaterThan(2000);

    expect(await page.$$eval('[data-testid=sessions] tbody tr', (rows) => rows.length)).toBe(detail.sessions.length);
    expect(detail.sessions).toHaveLength(2);
    const sessions = await page.textContent('[data-testid=sessions]');
    expect(sessions).toContain('学习贯彻党的二十届三中全会精神');
    expect(sessions).toContain('83.3%');
    expect(await page.textContent('[data-testid=station-participation-value]')).toBe(pct(detail.row.participationRate));
    expect(await page.textContent('[data-testid=health]')).toContain('已连接');
    expect(await page.$$eval('[data-testid=equipment] tbody tr', (rows) => rows.length)).toBe(4);
    expect(await page.$$eval('[data-testid=station-log] tbody tr', (rows) => rows.length)).toBe(detail.stationLog.length);
    expect(await page.textContent('[data-testid=station-log]')).toContain('导入党员名册');
    expect(await page.getAttribute('[data-testid=station-export] [data-format=xlsx]', 'href')).toBe(`/api/county/stations/${county.historyId}/report.xlsx?month=${MONTH}&lang=zh-CN`);
    await screenshot(page, 'dashboard-station');

    await page.goBack();
    await page.waitForSelector('[data-testid=overview]');
    expect(errors).toEqual([]);
  });
});

/** Pixels of the canvas within a few shades of the colour. */
function paintedPixels(page: Page, testid: string, rgb: [number, number, number]): Promise<number> {
  return page.$eval(
    `[data-testid=${testid}]`,
    (canvas, target) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! > 200 && Math.abs(data[i]! - target[0]) < 12 && Math.abs(data[i + 1]! - target[1]) < 12 && Math.abs(data[i + 2]! - target[2]) < 12) n++;
      }
      return n;
    },
    rgb,
  );
}

describe('alerts', () => {
  it('lists every standing alert with its station and severity, and filters by kind', async () => {
    const { page } = await openAs(VIEWER);
    const { alerts } = await api<{ alerts: HubAlert[] }>('/api/county/alerts', county.viewerToken);
    expect(alerts.length).toBeGreaterThan(0);
    await expect.poll(() => page.textContent('[data-testid=alert-badge]')).toBe(String(alerts.length));
    await page.click('[data-nav=alerts]');
    await page.waitForSelector('[data-testid=alert-table]');
    expect(await page.$$eval('[data-testid=alert-table] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-code')))).toEqual(alerts.map((a) => a.code));
    expect(await page.textContent('[data-testid=alert-table]')).toContain(alerts[0]!.message);
    await screenshot(page, 'dashboard-alerts');

    const kind = alerts[alerts.length - 1]!.code;
    await page.click(`.chip[data-code=${kind}]`);
    await expect.poll(() => page.$$eval('[data-testid=alert-table] tbody tr', (rows) => rows.length)).toBe(alerts.filter((a) => a.code === kind).length);
    await page.click(`[data-testid=alert-table] tbody tr a`);
    await page.waitForSelector('[data-testid=station-page]');
  });
});

describe('what staff may change', () => {
  it('shows a viewer no edit buttons', async () => {
    const { page } = await openAs(VIEWER);
    expect(await page.locator('[data-nav=users]').count()).toBe(0);
    await page.click('[data-nav=notices]');
    await page.waitForSelector('[data-testid=read-only]');
    expect(await page.locator('[data-testid=notice-form]').count()).toBe(0);
    expect(await page.getByRole('button', { name: '删除' }).count()).toBe(0);
    await page.click('[data-nav=programs]');
    await page.waitForSelector('[data-testid=programs-page] [data-testid=read-only]');
    expect(await page.locator('[data-testid=program-add]').count()).toBe(0);
    await page.click('[data-nav=policy]');
    await page.waitForSelector('[data-testid=policy]');
    expect(await page.locator('[data-testid=policy-edit]').count()).toBe(0);
    await page.click('[data-nav=stations]');
    await page.waitForSelector('[data-testid=station-list]');
    expect(await page.locator('[data-testid=station-add]').count()).toBe(0);
  });

  it('lets an administrator publish a notice that the list and the API then show', async () => {
    const { page, errors } = await openAs(ADMIN);
    await page.click('[data-nav=notices]');
    const text = '本月 25 日前各站点完成“三会一课”集中收看，并上报参学情况。';
    await page.fill('[data-testid=notice-form] textarea[name=text]', text);
    await page.fill('[data-testid=notice-form] input[name=until]', '2026-11-30');
    await page.click('[data-testid=notice-publish]');
    await expect.poll(() => page.textContent('[data-testid=notices]')).toContain(text);
    expect(await page.textContent('[data-testid=toast-success]')).toContain('通知已发布');
    const { notices } = await api<{ notices: { text: string; until: string | null }[] }>('/api/county/notices');
    expect(notices).toContainEqual(expect.objectContaining({ text, until: '2026-11-30' }));
    expect(errors).toEqual([]);
  });

  it('lets an administrator add a weekly county program, checked before it is sent', async () => {
    const { page } = await openAs(ADMIN);
    await page.click('[data-nav=programs]');
    await page.click('[data-testid=program-add]');
    const form = page.locator('[data-testid=program-form]');
    await form.locator('input[name=title]').fill('全县党员干部专题直播');
    await form.locator('select[name=ruleType]').selectOption('weekly');
    await form.getByRole('button', { name: '保存' }).click();
    // Nothing is sent while the day and the course are missing; the form says what is.
    await expect.poll(() => form.textContent()).toContain('请至少选择一天');
    expect(await form.textContent()).toContain('请填写课件名称');
    await form.locator('label.day-toggle', { hasText: '三' }).click();
    await form.locator('input[name=time]').fill('19:30');
    await form.locator('input[name=courseTitle]').fill('县委党校直播课堂');
    await form.locator('input[name=streamUrl]').fill('https://live.example.cn/county/live.m3u8');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.textContent('[data-testid=programs]')).toContain('每周三 19:30');
    const { programs } = await api<{ programs: { title: string; rule: unknown; course: { streamUrl: string } }[] }>('/api/county/programs');
    expect(programs).toContainEqual(expect.objectContaining({ title: '全县党员干部专题直播', rule: { type: 'weekly', days: [3], time: '19:30' } }));
  });

  it('lets an administrator register a station and hand on its one-time code with the enroll command', async () => {
    const { page } = await openAs(ADMIN);
    await page.click('[data-nav=stations]');
    await page.fill('[data-testid=station-add] input[name=name]', '曙光村党员活动室');
    await page.selectOption('[data-testid=station-add] select[name=grade]', 'ordinary');
    await page.click('[data-testid=station-add] button[type=submit]');
    const code = await page.locator('[data-testid=enrollment-code] [data-testid=code]').textContent();
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(await page.textContent('[data-testid=enroll-command]')).toBe(`yuanjiao enroll --hub ${county.hub.url} --code ${code}`);
    await page.getByRole('button', { name: '关闭' }).last().click();
    const row = page.locator('[data-testid=station-list] tr', { hasText: '曙光村党员活动室' });
    expect(await row.locator('[data-testid=enrollment-state]').textContent()).toBe('待入网');
  });
});

describe('language', () => {
  it('switches every label to English, remembers it, and switches back', async () => {
    const { page } = await openAs(VIEWER);
    await page.waitForSelector('[data-testid=ranking] tbody tr');
    await page.click('[data-testid=lang-toggle]');
    await expect.poll(() => page.textContent('[data-nav=overview]')).toBe('Overview');
    expect(await page.textContent('[data-testid=kpi-enrolled]')).toContain('Enrolled stations');
    // Station names stay as the county registered them; everything else on the frame is English.
    for (const part of ['.sidebar', '.kpis', '.page-header', '[data-testid=ranking] thead']) expect(await page.textContent(part)).not.toMatch(CJK);
    await screenshot(page, 'dashboard-overview-en');
    await page.reload();
    await expect.poll(() => page.textContent('[data-nav=overview]')).toBe('Overview');
    await page.click('[data-testid=lang-toggle]');
    await expect.poll(() => page.textContent('[data-nav=overview]')).toBe('总览');
  });
});
