// The county's policy page sets the 三会一课 rhythm (branchRhythm): the regulations' default shown while none is set,
// a bad minimum refused under its kind with nothing sent, and a saved rhythm read back from the hub's API.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { saveScreenshot } from '../../support/screenshots.ts';
import { call } from '../support/hub-fixture.ts';
import { ADMIN, startDashboardCounty, type DashboardCounty } from '../support/dashboard-county.ts';
import { DEFAULT_BRANCH_RHYTHM } from '../../../protocol/branch-rhythm.pure.ts';
import type { Policy } from '../../../protocol/downlink.pure.ts';
import { DEFAULT_RHYTHM, parseRhythm, rhythmFields } from '../../../county/dashboard/ui/src/pages/policy-rhythm.pure.ts';

let county: DashboardCounty;
let browser: Browser;

beforeAll(async () => {
  [county, browser] = await Promise.all([startDashboardCounty(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await county?.hub.stop();
  if (county) fs.rmSync(county.hub.dataDir, { recursive: true, force: true });
});

const policy = async () => (await call<{ policy: Policy }>(`${county.hub.url}/api/county/policy`, { token: county.adminToken })).body.policy;

describe('the rhythm fields, pure', () => {
  it('default to the regulations, as the protocol says them', () => {
    expect(DEFAULT_RHYTHM).toEqual(DEFAULT_BRANCH_RHYTHM);
    expect(parseRhythm(rhythmFields(undefined))).toEqual({ rhythm: DEFAULT_BRANCH_RHYTHM });
  });

  it('refuse a minimum that is not a whole number from 0 to 31, naming the kinds', () => {
    const fields = rhythmFields(undefined);
    expect(parseRhythm({ ...fields, committee: { period: 'month', min: '32' }, theme_day: { period: 'month', min: '-1' } })).toEqual({ invalid: ['committee', 'theme_day'] });
    expect(parseRhythm({ ...fields, party_lesson: { period: 'month', min: '' } })).toEqual({ invalid: ['party_lesson'] });
  });
});

describe('the policy page', () => {
  it('sets a rhythm that the API then holds, after refusing a bad one', async () => {
    const before = await policy();
    expect(before.branchRhythm).toBeUndefined();
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${county.hub.url}/`);
    await page.fill('input[name=username]', ADMIN.username);
    await page.fill('input[name=password]', ADMIN.password);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=current-user]');
    await page.click('[data-nav=policy]');
    await page.waitForSelector('[data-testid=policy]');
    // The default while the county has set none, marked so.
    expect(await page.textContent('[data-rhythm=committee]')).toBe('每月至少 1 次（条例默认）');
    expect(await page.textContent('[data-rhythm=branch_assembly]')).toBe('每季度至少 1 次（条例默认）');
    expect(await page.textContent('[data-rhythm=theme_day]')).toBe('不检查（条例默认）');

    await page.click('[data-testid=policy-edit]');
    const form = page.locator('[data-testid=policy-form]');
    expect(await form.locator('select[name=rhythm-branch_assembly-period]').inputValue()).toBe('quarter');
    expect(await form.locator('input[name=rhythm-committee-min]').inputValue()).toBe('1');
    await form.locator('input[name=rhythm-group_meeting-min]').fill('两次');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => form.textContent()).toContain('党小组会：请填写 0 到 31 之间的整数（0 为不检查）');
    // Nothing was sent.
    expect(await policy()).toEqual(before);

    await form.locator('input[name=rhythm-group_meeting-min]').fill('2');
    await form.locator('select[name=rhythm-party_lesson-period]').selectOption('month');
    await form.locator('input[name=rhythm-party_lesson-min]').fill('0');
    await form.locator('input[name=rhythm-theme_day-min]').fill('1');
    await saveScreenshot(page, 'dashboard-policy-rhythm-form');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('[data-testid=policy-form]').count()).toBe(0);
    await expect.poll(async () => (await policy()).branchRhythm).toEqual({
      branch_assembly: { period: 'quarter', min: 1 },
      committee: { period: 'month', min: 1 },
      group_meeting: { period: 'month', min: 2 },
      party_lesson: { period: 'month', min: 0 },
      theme_day: { period: 'month', min: 1 },
    });
    // The rest of the policy is as it was. (A null minimum comes back 0: the hub's ajv `coerceTypes` turns null
    // into the integer of `Integer | Null` — a fault of the PUT that predates the rhythm, reported, not fixed here.)
    const after = await policy();
    expect(after.fixedStudyDays).toEqual(before.fixedStudyDays);
    expect([after.minViewingsPerMonth ?? 0, after.minMinutesPerMonth ?? 0]).toEqual([before.minViewingsPerMonth ?? 0, before.minMinutesPerMonth ?? 0]);
    await expect.poll(() => page.textContent('[data-rhythm=group_meeting]')).toBe('每月至少 2 次');
    expect(await page.textContent('[data-rhythm=party_lesson]')).toBe('不检查');
    expect(await page.textContent('[data-rhythm=theme_day]')).toBe('每月至少 1 次');
    await saveScreenshot(page, 'dashboard-policy-rhythm');
    expect(errors).toEqual([]);
    await context.close();
  });
});
